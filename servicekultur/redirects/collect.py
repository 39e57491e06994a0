"""Every redirect of a build, collected from the read documents (any objects with the attributes
our reader sets) and the two registry files in the content folder."""

from __future__ import annotations

import logging
from pathlib import Path

from servicekultur.content.diagnostics import ContentIssue, Diagnostics
from servicekultur.content.text import strip_tags
from servicekultur.redirects.aliases import Redirect, alias_path, item_aliases
from servicekultur.redirects.mapfile import load_map
from servicekultur.redirects.plan import RedirectPlan
from servicekultur.redirects.shortlinks import ShortLinks, short_link_keys

logger = logging.getLogger(__name__)
CHECKLISTS = "checklisten"


def collect_redirects(
    documents: list,
    content_root: Path,
    shortlink_file: str,
    redirects_file: str,
    diagnostics: Diagnostics,
) -> RedirectPlan:
    """The plan; sets ``kb_item_aliases``, ``kb_short`` and ``kb_item_short`` on checklists.
    Raises :class:`~servicekultur.redirects.mapfile.RedirectError` for an unreadable map."""
    plan = RedirectPlan()
    old_slugs = {doc.slug: _slug_aliases(doc, plan, diagnostics) for doc in documents}
    checklists = [doc for doc in documents if getattr(doc, "kb_type", "") == CHECKLISTS]
    for checklist in checklists:
        source = getattr(checklist, "kb_source", checklist.source_path)
        aliases, issues = item_aliases(checklist.checklist.items, source)
        diagnostics.extend(issues)
        checklist.kb_item_aliases = aliases
    published = [c for c in checklists if getattr(c, "status", "published") == "published"]
    if shortlink_file:
        _short_links(
            published, old_slugs, content_root / shortlink_file, shortlink_file, plan, diagnostics
        )
    if redirects_file:
        path = content_root / redirects_file
        mapping = load_map(path)
        text = path.read_text(encoding="utf-8") if mapping else ""
        diagnostics.extend(plan.add_map(mapping, redirects_file, text))
    return plan


def _slug_aliases(doc, plan: RedirectPlan, diagnostics: Diagnostics) -> list[str]:
    """Redirects for ``Aliases:``; returns the plain old slugs (for old short-link keys)."""
    aliases = list(getattr(doc, "aliases", None) or doc.metadata.get("aliases", []) or [])
    if not aliases:
        return []
    source = getattr(doc, "kb_source", doc.source_path)
    line = getattr(doc, "kb_meta_lines", {}).get("aliases", 1)
    kind = getattr(doc, "kb_type", "pages")
    plain = []
    for alias in aliases:
        path = alias_path(alias, kind if kind != "pages" else "")
        if path is None:
            message = f"Alias „{alias}“ ist kein Slug oder Pfad"
            diagnostics.add(ContentIssue(source, line, message, rule="alias"))
            continue
        plan.add(Redirect(path.lstrip("/"), doc.url, source, line, strip_tags(doc.title)))
        if "/" not in alias.strip("/"):
            plain.append(alias.strip("/"))
    return plain


def _short_links(checklists, old_slugs, file: Path, name: str, plan, diagnostics) -> None:
    """Codes from the registry (new ones appended to it), pages for every code with a target."""
    registry, issues = ShortLinks.load(file, name)
    diagnostics.extend(issues)
    current, legacy = short_link_keys(checklists, old_slugs)
    codes = registry.assign(sorted(current))
    diagnostics.extend(registry.stale(set(current) | set(legacy)))
    try:
        registry.save_added(file)
    except OSError as error:
        logger.warning("kb_redirects: %s nicht aktualisiert: %s", file, error)
    plan.add_short_links(registry, {**legacy, **current})
    for checklist in checklists:
        checklist.kb_short = codes[checklist.slug]
        checklist.kb_item_short = {
            item.id: codes[f"{checklist.slug}#{item.id}"] for item in checklist.checklist.items
        }

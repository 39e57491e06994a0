"""The workshop generator: validates scoring and aliases after reading, writes the extra pages."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.generators import Generator

from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.run import build_run
from servicekultur.content.schema import parse_date
from servicekultur.content.source import parse_source
from servicekultur.content.text import strip_tags
from servicekultur.redirects.aliases import (
    Redirect,
    alias_path,
    check_collisions,
    item_aliases,
)
from servicekultur.redirects.shortlinks import ShortLinks
from servicekultur.workshop.qr import MaskCache, svg_inline
from servicekultur.workshop.scoring import parse_scoring
from servicekultur.workshop.sets import named_sets

from .urls import existing_urls

logger = logging.getLogger(__name__)
CHECKLISTS = "checklisten"


def _source_text(article) -> str:
    try:
        return Path(article.source_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


class WorkshopGenerator(Generator):
    """Short links, alias redirects, QR codes, workshop mode, trainer overview, workshop sets."""

    def generate_context(self):
        run = build_run(self.settings)
        diagnostics = run.diagnostics
        articles = [*self.context.get("articles", []), *self.context.get("drafts", [])]
        pages = [*self.context.get("pages", []), *self.context.get("hidden_pages", [])]
        base = self.settings["KB_PUBLIC_URL"]
        checklists = [a for a in articles if getattr(a, "kb_type", "") == CHECKLISTS]
        self.redirects: list[Redirect] = []
        old_slugs: dict[str, list[str]] = {}
        for doc in articles + pages:
            old_slugs[doc.slug] = self._aliases_of(doc, diagnostics)
        cache_dir = self.settings.get("CACHE_PATH")
        self.qr_masks = MaskCache(
            Path(cache_dir) / "kb_workshop_qr_masks.json" if cache_dir else None
        )
        for checklist in checklists:
            self._prepare_checklist(checklist, base, diagnostics)
        self.qr_masks.save()
        diagnostics.extend(
            check_collisions(self.redirects, existing_urls(self.context, articles, pages))
        )
        published = [c for c in checklists if getattr(c, "status", "published") == "published"]
        self.shortlinks = self._short_links(published, old_slugs, diagnostics)
        known = {c.slug: [item.id for item in c.checklist.items] for c in published}
        sets, problems = named_sets(self.settings["KB_WORKSHOP_SETS"], known)
        for problem in problems:
            logger.warning("kb_workshop: KB_WORKSHOP_SETS: %s", problem)
        by_slug = {c.slug: c for c in published}
        for workshop_set in sets:
            workshop_set.parts = [(by_slug[s], ids) for s, ids in workshop_set.selection.items()]
        self.context.update(
            kb_workshop_checklists=published,
            kb_workshop_all_parts=[(c, []) for c in published],
            kb_workshop_sets=sets,
            kb_public_url=base,
        )
        run.register_pages(
            [
                "workshop/",
                "workshop/set/",
                *(f"workshop/set/{s.name}/" for s in sets),
                *(f"{c.url}workshop/" for c in published),
                *(f"c/{code}/" for code in self.short_targets),
                *(redirect.source for redirect in self.redirects),
            ],
        )

    def _aliases_of(self, doc, diagnostics) -> list[str]:
        aliases = list(getattr(doc, "aliases", None) or doc.metadata.get("aliases", []) or [])
        if not aliases:
            return []
        source = getattr(doc, "kb_source", doc.source_path)
        line = parse_source(_source_text(doc), source).line_of("aliases")
        kind = getattr(doc, "kb_type", "pages")
        plain = []
        for alias in aliases:
            path = alias_path(alias, kind if kind != "pages" else "")
            if path is None:
                diagnostics.add(
                    ContentIssue(
                        source, line, f"Alias „{alias}“ ist kein Slug oder Pfad", rule="alias"
                    )
                )
                continue
            self.redirects.append(
                Redirect(path.lstrip("/"), doc.url, source, line, strip_tags(doc.title))
            )
            if "/" not in alias.strip("/"):
                plain.append(alias.strip("/"))
        return plain

    def _prepare_checklist(self, article, base: str, diagnostics) -> None:
        source = getattr(article, "kb_source", article.source_path)
        text = _source_text(article)
        scoring, issues = parse_scoring(text, source)
        # "Stand" of a handout: Modified or Date as written, never the file's mtime
        modified = parse_date(parse_source(text, source).get("modified") or "")
        article.kb_stand = modified.date() if modified else article.date
        items = article.checklist.items
        if scoring is not None and sum(item.weight for item in items) <= 0:
            issues.append(
                ContentIssue(
                    source, scoring.bands[0].line, "Scoring braucht Punkte mit Gewicht größer als 0"
                )
            )
            scoring = None
        aliases, alias_issues = item_aliases(items, source)
        diagnostics.extend(issues + alias_issues)
        article.kb_scoring = scoring
        article.kb_item_aliases = aliases
        article.kb_online_url = f"{base}/{article.url}"
        article.kb_qr = self.qr_masks.make(article.kb_online_url)
        article.kb_qr_svg = svg_inline(article.kb_qr, f"QR-Code: {article.kb_online_url}")

    def _short_links(self, checklists, old_slugs, diagnostics) -> dict[str, str]:
        """key → code for every checklist and item; registry kept in ``KB_SHORTLINK_FILE``."""
        name = self.settings["KB_SHORTLINK_FILE"]
        file = Path(self.settings["PATH"]) / name if name else None
        registry, issues = ShortLinks.load(file, name) if file else (ShortLinks(path="-"), [])
        diagnostics.extend(issues)
        current: dict[str, tuple[str, str]] = {}  # key → (site URL with fragment, title)
        legacy: dict[str, tuple[str, str]] = {}
        for checklist in checklists:
            slugs = [checklist.slug, *old_slugs.get(checklist.slug, [])]
            for index, slug in enumerate(slugs):
                target = legacy if index else current
                title = strip_tags(checklist.title)
                target[slug] = (checklist.url, title)
                for item in checklist.checklist.items:
                    where = (f"{checklist.url}#{item.id}", f"{item.text} – {title}")
                    target[f"{slug}#{item.id}"] = where
                    for old in checklist.kb_item_aliases.get(item.id, []):
                        legacy[f"{slug}#{old}"] = where
        codes = registry.assign(sorted(current))
        diagnostics.extend(registry.stale(set(current) | set(legacy)))
        if file is not None:
            try:
                registry.save_added(file)
            except OSError as error:
                logger.warning("kb_workshop: cannot update %s: %s", file, error)
        by_key = registry.by_key
        self.short_targets = {
            by_key[key]: url for key, url in {**legacy, **current}.items() if key in by_key
        }
        for checklist in checklists:
            checklist.kb_short = codes[checklist.slug]
            checklist.kb_item_short = {
                item.id: codes[f"{checklist.slug}#{item.id}"] for item in checklist.checklist.items
            }
        return codes

    def generate_output(self, writer):
        from .pages import write_pages

        write_pages(self, writer)

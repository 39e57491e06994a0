"""Import a WordPress export: posts → articles, pages → pages, images, redirects, comments.

Comments go straight into the feedback store, on the imported pages' new URLs
(``servicekultur.importing.comments``); a JSON copy is optional.

HTML goes through Pelican's own ``decode_wp_content`` (WordPress' ``wpautop``: blank lines become
paragraphs, ``[caption]`` becomes a figure) before our cleaning and markdownify.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pelican.tools.pelican_import import decode_wp_content

from servicekultur.content.types import ContentType
from servicekultur.feedback.store import FeedbackStore
from servicekultur.importing.comments import export_comments, import_comments, item_comments
from servicekultur.importing.htmlmd import html_to_markdown, plain_text, suggest_summary
from servicekultur.importing.media import Images
from servicekultur.importing.report import ImportReport, ItemResult
from servicekultur.importing.writer import TargetExists, format_date, header, write_text_file
from servicekultur.importing.wxr import WxrExport, WxrItem, new_url, read_export
from servicekultur.redirects.mapfile import REDIRECTS_FILE, load_map, save_map

logger = logging.getLogger(__name__)

SKIP_STATUS = {
    "trash": "im Papierkorb",
    "auto-draft": "automatischer Entwurf",
    "inherit": "Revision",
}
UNCATEGORIZED = {"uncategorized", "allgemein", "unkategorisiert", "ohne kategorie"}
DEFAULT_CATEGORY = "Allgemein"

Progress = Callable[[WxrItem], None]


def _link_rewriter(export: WxrExport) -> Callable[[str], str]:
    by_link = {}
    for item in export.items:
        if item.post_type in ("post", "page") and item.link:
            by_link[item.link.rstrip("/")] = new_url(item)
            by_link[f"{export.base_url.rstrip('/')}/?p={item.post_id}"] = new_url(item)

    def rewrite(markdown: str) -> str:
        def replace(match: re.Match[str]) -> str:
            target = match[1]
            return f"]({by_link.get(target.rstrip('/'), target)}"

        return re.sub(r"\]\((https?://[^)\s]+)", replace, markdown)

    return rewrite


def _front_matter(item: WxrItem, export: WxrExport, body_text: str) -> str:
    title = item.title or f"Ohne Titel ({item.post_id})"
    summary = plain_text(item.excerpt) if item.excerpt else ""
    summary = suggest_summary(summary or body_text)
    draft = item.status != "publish"
    if item.post_type == "page":
        fields = [("Title", title), ("Slug", item.slug), ("Summary", summary)]
        if draft:
            fields.append(("Status", "draft"))
        return header(fields)
    categories = [c for c in item.categories if c.casefold() not in UNCATEGORIZED]
    category = categories[0] if categories else DEFAULT_CATEGORY
    tags = list(dict.fromkeys([*categories[1:], *item.tags]))
    return header(
        [
            ("Title", title),
            ("Date", format_date(item.date)),
            ("Category", category),
            ("Tags", ", ".join(tags)),
            ("Author", export.author_name(item.creator) or "Redaktion Servicekultur"),
            ("Summary", summary),
            ("Status", "draft" if draft else ""),
        ]
    )


def _target(item: WxrItem, content: Path) -> Path:
    folder = ContentType.PAGE if item.post_type == "page" else ContentType.ARTICLE
    return content / folder.value / f"{item.slug}.md"


def import_wordpress(
    wxr: Path,
    content: Path,
    media: Path | None = None,
    comments_out: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    max_bytes: int | None = None,
    feedback: FeedbackStore | None = None,
) -> ImportReport:
    """Import ``wxr`` into ``content`` (comments into ``feedback``, if given).

    Raises ``WxrError`` if the file cannot be read at all.
    """
    export = read_export(wxr, max_bytes) if max_bytes else read_export(wxr)
    report = ImportReport()
    images = Images(export, content, media, force)
    rewrite_links = _link_rewriter(export)
    redirects: dict[str, str] = {}
    written: set[str] = set()
    for item in export.items:
        if progress is not None:
            progress(item)
        if item.post_type == "attachment":
            continue
        result = ItemResult(item.title or f"#{item.post_id}", f"{wxr.name}:{item.line}")
        report.results.append(result)
        if item.post_type not in ("post", "page"):
            result.reason = f"Beitragstyp „{item.post_type}“ wird nicht importiert"
        elif item.status in SKIP_STATUS:
            result.reason = SKIP_STATUS[item.status]
        elif not item.content.strip():
            result.reason = "kein Inhalt"
        if result.reason:
            _comments_to_feedback(feedback, item, export, result, has_page=False)
            continue
        target = _target(item, content)
        if str(target) in written:
            result.reason = f"Slug „{item.slug}“ doppelt im Export"
            _comments_to_feedback(feedback, item, export, result, has_page=False)
            continue
        images.notes = []
        converted = html_to_markdown(decode_wp_content(item.content), images.rewrite)
        body = rewrite_links(converted.markdown)
        text = _front_matter(item, export, body) + "\n" + body
        try:
            write_text_file(target, text, force)
        except TargetExists as error:
            result.reason = str(error)
            _comments_to_feedback(feedback, item, export, result, has_page=True)
            continue
        written.add(str(target))
        result.target = str(target)
        result.notes = list(dict.fromkeys(images.notes))
        _comments_to_feedback(feedback, item, export, result, has_page=True)
        if item.old_path and item.old_path != new_url(item):
            redirects[item.old_path] = new_url(item)
    _merge_redirects(content / REDIRECTS_FILE, redirects, force, report)
    if comments_out is not None:
        comments = export_comments(export)
        comments_out.parent.mkdir(parents=True, exist_ok=True)
        if comments_out.exists() and not force:
            report.files.append(f"{comments_out} existiert schon – Kommentare nicht geschrieben")
        else:
            write_text_file(
                comments_out, json.dumps(comments, ensure_ascii=False, indent=2) + "\n", True
            )
            report.files.append(f"{comments_out} ({len(comments)} Kommentare)")
    return report


def _comments_to_feedback(
    store: FeedbackStore | None,
    item: WxrItem,
    export: WxrExport,
    result: ItemResult,
    has_page: bool,
) -> None:
    """Import the item's comments onto its new page and say so in the item's report line."""
    if store is None or not item.comments:
        return
    comments, skipped = item_comments(item, export)
    if not has_page:
        result.comments = f"{len(item.comments)} nicht importiert (keine Seite)"
        return
    counts = import_comments(store, comments)
    counts.skipped += len(skipped)
    reasons = Counter(reason.rpartition(": ")[2] for reason in skipped)
    why = ", ".join(f"{n} {reason}" for reason, n in reasons.items())
    result.comments = counts.summary() + (f" ({why})" if why else "")
    result.notes.extend(counts.problems)


def _merge_redirects(path: Path, new: dict[str, str], force: bool, report: ImportReport) -> None:
    if not new:
        return
    mapping = load_map(path)
    kept = 0
    for old, url in new.items():
        if old in mapping and mapping[old] != url and not force:
            kept += 1
            continue
        mapping[old] = url
    save_map(path, mapping)
    note = f" ({kept} bestehende behalten)" if kept else ""
    report.files.append(f"{path} ({len(new)} Weiterleitungen{note})")

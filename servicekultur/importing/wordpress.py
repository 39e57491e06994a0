"""Import a WordPress export: posts → articles, pages → pages, media, redirects, comments.

Comments go straight into the feedback store, on the imported pages' new URLs
(``servicekultur.importing.comments``); a JSON copy is optional. Each post is converted by
``posts.convert_post``; images and files are fetched into the content folder (``media``).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from servicekultur.feedback.store import FeedbackStore
from servicekultur.importing.comments import export_comments, import_comments, item_comments
from servicekultur.importing.fetch import Fetcher
from servicekultur.importing.posts import convert_post, export_media, link_rewriter, target_path
from servicekultur.importing.report import ImportReport, ItemResult
from servicekultur.importing.titles import short_slug
from servicekultur.importing.writer import TargetExists, write_text_file
from servicekultur.importing.wxr import WxrExport, WxrItem, new_url, read_export
from servicekultur.redirects.mapfile import REDIRECTS_FILE, load_map, save_map

logger = logging.getLogger(__name__)

SKIP_STATUS = {
    "trash": "im Papierkorb",
    "auto-draft": "automatischer Entwurf",
    "inherit": "Revision",
}

Progress = Callable[[WxrItem], None]


def _skip_reason(item: WxrItem) -> str:
    if item.post_type not in ("post", "page"):
        return f"Beitragstyp „{item.post_type}“ wird nicht importiert"
    if item.status in SKIP_STATUS:
        return SKIP_STATUS[item.status]
    return "" if item.content.strip() else "kein Inhalt"


def import_wordpress(
    wxr: Path,
    content: Path,
    media: Path | None = None,
    comments_out: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    max_bytes: int | None = None,
    feedback: FeedbackStore | None = None,
    fetch_media: bool = True,
) -> ImportReport:
    """Import ``wxr`` into ``content`` (comments into ``feedback``, if given).

    ``media`` is a local copy of ``wp-content/uploads`` (looked at first); ``fetch_media=False``
    keeps images and file links pointing at the old blog. Raises ``WxrError`` if the file
    cannot be read at all.
    """
    export = read_export(wxr, max_bytes) if max_bytes else read_export(wxr)
    report = ImportReport()
    fetcher = Fetcher(media, download=True, force=force)
    files = export_media(export, content, fetcher, fetch_media)
    rewrite_links = link_rewriter(export)
    reusable = {i.post_id: i.content for i in export.items if i.post_type == "wp_block"}
    redirects: dict[str, str] = {}
    written: set[str] = set()
    try:
        for item in export.items:
            if progress is not None:
                progress(item)
            if item.post_type == "attachment":
                continue
            result = ItemResult(item.title or f"#{item.post_id}", f"{wxr.name}:{item.line}")
            report.results.append(result)
            result.reason = _skip_reason(item)
            if not result.reason and str(target_path(item, content)) in written:
                _unique_slug(item, content, written, result)
            target = target_path(item, content)
            if result.reason:
                _comments_to_feedback(feedback, item, export, result, has_page=False)
                continue
            log = files.begin()
            post = convert_post(item, export, files, rewrite_links, reusable)
            try:
                write_text_file(target, post.markdown, force)
            except TargetExists as error:
                result.reason = str(error)
                _comments_to_feedback(feedback, item, export, result, has_page=True)
                continue
            except OSError as error:
                result.reason = f"{target} nicht schreibbar ({error.strerror or error})"
                continue
            written.add(str(target))
            result.target, result.title_guess = str(target), post.title_guess
            result.removed, result.unknown_blocks = post.removed, post.unknown_blocks
            result.media_fetched, result.media_failed = log.fetched, log.failed
            result.notes += list(dict.fromkeys(log.notes))
            _comments_to_feedback(feedback, item, export, result, has_page=True)
            if item.old_path and item.old_path != new_url(item):
                redirects[item.old_path] = new_url(item)
    finally:
        fetcher.close()
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


def _unique_slug(item: WxrItem, content: Path, written: set[str], result: ItemResult) -> None:
    """A second post with a slug already taken in this export gets its own (from its title)."""
    taken = item.slug
    for candidate in (short_slug(item.title), *(f"{taken}-{n}" for n in range(2, 100))):
        item.slug = candidate or taken
        if candidate and str(target_path(item, content)) not in written:
            result.notes.append(f"Slug „{taken}“ doppelt im Export – als „{candidate}“ importiert")
            return
    result.reason = f"Slug „{taken}“ doppelt im Export"


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

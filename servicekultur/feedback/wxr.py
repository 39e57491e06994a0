"""WordPress comments into the feedback store (the WXR file is read by ``authoring.wxr``).

Approved comments become published feedback on the imported post's URL, pending ones wait for
moderation; a reply by a registered blog user to a comment becomes that comment's official
answer. Each comment is stored once (``source_id``), so importing again changes nothing. Spam,
trash and pingbacks are left out by the reader; e-mail and IP addresses are never imported.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from servicekultur.authoring.wxr import MAX_BYTES, WxrError, item_comments, read_export
from servicekultur.feedback.model import MAX_NAME, MAX_URL, NEW, PUBLISHED, FeedbackError
from servicekultur.feedback.sanitize import render_markdown
from servicekultur.feedback.store import FeedbackStore, utcnow
from servicekultur.feedback.submission import Submission

logger = logging.getLogger(__name__)

SOURCE_ID_MAX = 200  # the width of feedback.source_id


@dataclass
class ImportReport:
    imported: int = 0
    answers: int = 0
    skipped: int = 0
    already: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.imported} importiert, {self.answers} als Antwort, "
            f"{self.already} schon vorhanden, {self.skipped} übersprungen"
        )


def _guess_type(text: str) -> str:
    return "frage" if "?" in text else "anregung"


def _source_id(page: str, comment_id: str) -> str:
    """``wxr:<page>#<comment id>``; longer than the column (200) as a hash of that."""
    source_id = f"wxr:{page}#{comment_id}"
    if len(source_id) <= SOURCE_ID_MAX:
        return source_id
    return "wxr:sha256:" + hashlib.sha256(source_id.encode()).hexdigest()


def _when(value: str | None) -> datetime | None:
    """An ISO date of the reader as a naive UTC datetime, as the store keeps it."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return None
    return when.astimezone(UTC).replace(tzinfo=None) if when.tzinfo else when


def import_comments(
    store: FeedbackStore, comments: list[dict], report: ImportReport | None = None
) -> ImportReport:
    """Store comment dicts (``authoring.wxr.item_comments``) as feedback, each only once."""
    report = report if report is not None else ImportReport()
    by_id = {c["id"]: c for c in comments}
    stored: dict[str, int] = {}
    for comment in sorted(comments, key=lambda c: _when(c["date"]) or datetime.min):
        page, text = comment["page_url"], comment["text"].strip()
        if not text:
            report.skipped += 1
            report.problems.append(f"Kommentar {comment['id']} ist leer")
            continue
        if len(page) > MAX_URL:
            report.skipped += 1
            report.problems.append(f"Kommentar {comment['id']}: Adresse länger als {MAX_URL}")
            continue
        author = comment["author"][:MAX_NAME]
        parent = by_id.get(comment["parent"] or "")
        if parent is not None and comment.get("blog_user") and parent["id"] in stored:
            item = store.get(stored[parent["id"]])
            if not item.answer_text:
                store.answer(item.id, text, author or "Redaktion")
                report.answers += 1
            continue
        source_id = _source_id(page, comment["id"])
        existing = store.id_for_source(source_id)
        if existing is not None:
            stored[comment["id"]] = existing
            report.already += 1
            continue
        created = _when(comment["date"]) or utcnow()
        published = bool(comment["approved"])
        sub = Submission(page, "", _guess_type(text), text, render_markdown(text), author, "")
        item = store.add(
            sub,
            status=PUBLISHED if published else NEW,
            created=created,
            published=created if published else None,
            source="wordpress",
            source_id=source_id,
        )
        stored[comment["id"]] = item.id
        report.imported += 1
    return report


def import_wxr(
    store: FeedbackStore, path: Path, url_pattern: str = "", max_bytes: int = MAX_BYTES
) -> ImportReport:
    """Import the comments of the WXR file ``path``; importing it again changes nothing.

    Comments land on the page ``invoke import-wordpress`` writes for their post, or on
    ``url_pattern`` (e.g. ``"/blog/{slug}/"``) filled with the post's slug.
    """
    if url_pattern and (not url_pattern.startswith("/") or "{slug}" not in url_pattern):
        raise FeedbackError(f"Das URL-Muster „{url_pattern}“ braucht die Form /…/{{slug}}/.")
    try:
        export = read_export(path, max_bytes)
    except WxrError as error:
        raise FeedbackError(f"keine lesbare WordPress-Exportdatei: {error}") from error
    report = ImportReport()
    comments: list[dict] = []
    for item in export.items:
        found, skipped = item_comments(item, export)
        report.skipped += len(skipped)
        for comment in found:
            if url_pattern:
                comment["page_url"] = url_pattern.replace("{slug}", item.slug)
            comments.append(comment)
    import_comments(store, comments, report)
    logger.info("feedback: WXR import %s: %s", path, report.summary())
    return report


__all__ = ["ImportReport", "import_comments", "import_wxr"]

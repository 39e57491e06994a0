"""WordPress comments → the feedback store: read from a WXR export, stored once each.

Approved comments become published feedback on the imported post's URL, pending ones wait for
moderation; a reply by a registered blog user to a comment becomes that comment's official
answer. Each comment is stored once (``source_id``), so importing again changes nothing. Spam,
trash and pingbacks are left out, each with a reason; e-mail and IP addresses are never imported.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from servicekultur.feedback.model import MAX_NAME, MAX_URL, NEW, PUBLISHED, FeedbackError
from servicekultur.feedback.sanitize import render_markdown
from servicekultur.feedback.store import FeedbackStore, utcnow
from servicekultur.feedback.submission import Submission
from servicekultur.importing.wxr import (
    MAX_BYTES,
    WxrError,
    WxrExport,
    WxrItem,
    new_url,
    read_export,
)

logger = logging.getLogger(__name__)

SOURCE_ID_MAX = 200  # the width of feedback.source_id
SKIPPED_KINDS = {
    "spam": "Spam",
    "trash": "Papierkorb",
    "pingback": "Pingback",
    "trackback": "Trackback",
}


def item_comments(item: WxrItem, export: WxrExport) -> tuple[list[dict], list[str]]:
    """The comments of one post or page as plain dicts, and why the others were left out.

    Keys: ``id``, ``post_url`` (the old WordPress URL), ``page_url`` (the imported page on our
    site), ``post_title``, ``author``, ``email``, ``date`` (ISO 8601, with ``+00:00`` when the
    export has the GMT date, or None), ``text`` (plain text, paragraphs separated by blank
    lines), ``approved`` (bool), ``parent`` (comment id or None); ``blog_user`` (True) only on
    comments by a registered blog user (a user id, or the e-mail address of a blog author).
    Spam, trash, pingbacks, trackbacks and empty comments are left out, each with a reason.
    """
    if item.post_type not in ("post", "page"):
        return [], [f"Kommentar {c.id}: Beitragstyp „{item.post_type}“" for c in item.comments]
    found: list[dict] = []
    skipped: list[str] = []
    for comment in item.comments:
        reason = SKIPPED_KINDS.get(comment.kind) or ("leer" if not comment.text else "")
        if reason:
            skipped.append(f"Kommentar {comment.id}: {reason}")
            continue
        record = {
            "id": comment.id,
            "post_url": item.link,
            "page_url": new_url(item),
            "post_title": item.title,
            "author": comment.author,
            "email": comment.email,
            "date": comment.date.isoformat() if comment.date else None,
            "text": comment.text,
            "approved": comment.approved,
            "parent": comment.parent,
        }
        if comment.user_id or comment.email.casefold() in export.author_emails:
            record["blog_user"] = True
        found.append(record)
    return found, skipped


def export_comments(export: WxrExport) -> list[dict]:
    """The comments of all posts and pages as plain dicts, in export order."""
    return [c for item in export.items for c in item_comments(item, export)[0]]


def read_comments(path: Path, max_bytes: int = MAX_BYTES) -> list[dict]:
    """The comments of a WXR file as plain dicts (see ``item_comments``), ready for feedback."""
    return export_comments(read_export(path, max_bytes))


@dataclass
class CommentReport:
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
    store: FeedbackStore, comments: list[dict], report: CommentReport | None = None
) -> CommentReport:
    """Store comment dicts (``item_comments``) as feedback, each only once."""
    report = report if report is not None else CommentReport()
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
                store.answer(item.id, text, author or "Redaktion", _when(comment["date"]))
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
) -> CommentReport:
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
    report = CommentReport()
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

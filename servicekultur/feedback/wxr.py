"""Import of WordPress comments (WXR export file) into the feedback store.

Approved comments become published feedback on the imported post's URL; a reply by a registered
blog user to a comment becomes that comment's official answer. Spam, trash and pingbacks are
skipped; IP and e-mail addresses of commenters are never imported.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from lxml import etree

from servicekultur.feedback.model import NEW, PUBLISHED, FeedbackError
from servicekultur.feedback.sanitize import clean_html, plain_text, render_markdown
from servicekultur.feedback.store import FeedbackStore, row_values
from servicekultur.feedback.submission import Submission

logger = logging.getLogger(__name__)

WP = "{http://wordpress.org/export/1.2/}"
DEFAULT_URL = "/artikel/{slug}/"


@dataclass
class ImportReport:
    imported: int = 0
    answers: int = 0
    skipped: int = 0
    already: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass
class _Comment:
    id: str
    parent: str
    user_id: str
    author: str
    date: datetime
    text: str
    approved: str
    kind: str


def _text(node, tag: str) -> str:
    found = node.find(f"{WP}{tag}")
    return (found.text or "").strip() if found is not None else ""


def _date(value: str) -> datetime:
    try:
        return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return datetime(1970, 1, 1)


def _guess_type(text: str) -> str:
    return "frage" if "?" in text else "anregung"


def _as_markdown(fragment: str) -> str:
    """WordPress comment HTML → plain text with paragraphs (kept simple and safe)."""
    cleaned = clean_html(fragment.replace("\r\n", "\n"))
    root = etree.fromstring(f"<div>{cleaned}</div>", etree.HTMLParser())
    return plain_text("".join(root.itertext())).strip() if root is not None else ""


def parse_wxr(path: Path) -> list[tuple[str, list[_Comment]]]:
    """(post slug, comments) for every post in the export."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False)
    try:
        tree = etree.parse(str(path), parser)
    except (OSError, etree.XMLSyntaxError) as error:
        raise FeedbackError(f"{path}: keine lesbare WordPress-Exportdatei ({error})") from error
    posts = []
    for item in tree.iter("item"):
        if _text(item, "post_type") not in {"post", "page"}:
            continue
        slug = _text(item, "post_name")
        comments = [
            _Comment(
                id=_text(c, "comment_id"),
                parent=_text(c, "comment_parent") or "0",
                user_id=_text(c, "comment_user_id") or "0",
                author=_text(c, "comment_author"),
                date=_date(_text(c, "comment_date_gmt") or _text(c, "comment_date")),
                text=_as_markdown(_text(c, "comment_content")),
                approved=_text(c, "comment_approved"),
                kind=_text(c, "comment_type"),
            )
            for c in item.findall(f"{WP}comment")
        ]
        if slug and comments:
            posts.append((slug, comments))
    return posts


def import_wxr(store: FeedbackStore, path: Path, url_pattern: str = DEFAULT_URL) -> ImportReport:
    """Import the comments of ``path``; importing the same file again changes nothing."""
    report = ImportReport()
    for slug, comments in parse_wxr(path):
        page = url_pattern.format(slug=slug)
        by_id = {c.id: c for c in comments}
        stored: dict[str, int] = {}
        for comment in sorted(comments, key=lambda c: c.date):
            source_id = f"wxr:{page}#{comment.id}"
            if comment.kind in {"pingback", "trackback"} or comment.approved not in {"0", "1"}:
                report.skipped += 1
                continue
            if not comment.text:
                report.skipped += 1
                report.problems.append(f"{path}: Kommentar {comment.id} ist leer")
                continue
            parent = by_id.get(comment.parent)
            if parent is not None and comment.user_id != "0" and parent.id in stored:
                item = store.get(stored[parent.id])
                if not item.answer_text:
                    store.answer(item.id, comment.text, comment.author or "Redaktion")
                    report.answers += 1
                continue
            existing = store.id_for_source(source_id)
            if existing is not None:
                stored[comment.id] = existing
                report.already += 1
                continue
            sub = Submission(
                page,
                "",
                _guess_type(comment.text),
                comment.text,
                render_markdown(comment.text),
                comment.author[:80],
                "",
            )
            published = comment.approved == "1"
            item = store.add(
                sub,
                status=PUBLISHED if published else NEW,
                created=comment.date,
                published=comment.date if published else None,
                source="wordpress",
                source_id=source_id,
            )
            stored[comment.id] = item.id
            report.imported += 1
    logger.info(
        "feedback: WXR import %s: %s imported, %s answers, %s skipped",
        path,
        report.imported,
        report.answers,
        report.skipped,
    )
    return report


__all__ = ["ImportReport", "import_wxr", "parse_wxr", "row_values"]

"""One content file read, checked and rendered — the expensive, Pelican-free half of reading."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.document import ParsedDocument, parse_document


@dataclass
class Parsed:
    """One file read and rendered (picklable: it may come from a forked reader process)."""

    rel: str
    doc: ParsedDocument
    content: str
    issues: list[ContentIssue]


def read_file(path: str, rel: str, render: Callable[[str], str], long_wait_days: int) -> Parsed:
    """Front matter, checks and Markdown of the file at ``path`` (``rel``: as reported)."""
    issues = []
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except UnicodeDecodeError as error:
        issues.append(ContentIssue(rel, 1, f"Datei ist nicht UTF-8-kodiert (Byte {error.start})"))
        text = ""
    doc = parse_document(text, rel, render, long_wait_days)
    return Parsed(rel, doc, render(doc.body), [*issues, *doc.issues])

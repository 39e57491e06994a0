"""From a source file to a validated document: front matter, body, checklist or timeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from servicekultur.config.catalog import REGISTRY
from servicekultur.content.checklist import Checklist, parse_checklist
from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.refs import Reference, find_crossrefs, find_links
from servicekultur.content.schema import invalid_fields, validate
from servicekultur.content.source import parse_source
from servicekultur.content.text import word_count
from servicekultur.content.timeline import Timeline, split_timeline
from servicekultur.content.types import ContentType


@dataclass
class ParsedDocument:
    """Everything the build needs from one file, before Markdown turns the body into HTML."""

    path: str
    kind: ContentType
    meta: dict[str, str]
    body: str
    body_line: int
    issues: list[ContentIssue] = field(default_factory=list)
    checklist: Checklist | None = None
    timeline: Timeline | None = None
    crossrefs: list[Reference] = field(default_factory=list)
    links: list[Reference] = field(default_factory=list)
    words: int = 0
    meta_lines: dict[str, int] = field(default_factory=dict)  # field → line it starts on
    header: str = ""  # the front matter as written (multi-line fields such as Scoring)


def parse_document(
    text: str,
    path: str,
    render: Callable[[str], str],
    long_wait_days: int = REGISTRY["KB_LONG_WAIT_DAYS"].default,
) -> ParsedDocument:
    """Parse and validate one content file; invalid fields are left out of ``meta``."""
    kind = ContentType.for_path(path)
    source = parse_source(text, path)
    issues = validate(source, kind)
    dropped = invalid_fields(issues, source)
    meta = {key: entry.value for key, entry in source.meta.items() if key not in dropped}
    doc = ParsedDocument(path, kind, meta, source.body, source.body_line, issues)
    doc.meta_lines = {key: entry.line for key, entry in source.meta.items()}
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").split("\n", source.body_line - 1)
    doc.header = "\n".join(lines[: source.body_line - 1])
    doc.crossrefs = find_crossrefs(source.body, source.body_line)
    doc.links = find_links(source.body, source.body_line)
    doc.words = word_count(source.body)
    if kind is ContentType.CHECKLIST:
        doc.checklist, doc.body, found = parse_checklist(
            source.body, source.body_line, path, render
        )
        doc.issues.extend(found)
        if doc.checklist.outro_markdown:
            doc.body = f"{doc.body}\n\n{doc.checklist.outro_markdown}"
    elif kind is ContentType.CASE_STORY:
        doc.timeline, doc.body, found = split_timeline(
            source.body, source.body_line, path, render, long_wait_days
        )
        doc.issues.extend(found)
    return doc

"""One content file read, checked and rendered — the expensive, Pelican-free half of reading."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.document import ParsedDocument, parse_document
from servicekultur.content.source import split_list
from servicekultur.content.text import reading_minutes
from servicekultur.content.types import ContentType


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


def metadata_of(parsed: Parsed, process, words_per_minute: int) -> dict:
    """The metadata a Pelican content object gets (``process`` is the reader's
    ``process_metadata``); our own keys start with ``kb_`` (see docs/template-vertrag.md)."""
    doc = parsed.doc
    metadata = {}
    for key, value in doc.meta.items():
        metadata[key] = split_list(value) if key in ("kanal", "aliases") else process(key, value)
    if "date" in metadata and "modified" not in metadata:
        metadata["modified"] = metadata["date"]  # not the file time Pelican's "fs" default sets
    metadata.update(
        kb_type=doc.kind.value,
        kb_source=parsed.rel,
        kb_words=doc.words,
        reading_time=reading_minutes(doc.words, words_per_minute),
        kb_crossrefs=doc.crossrefs,
        kb_links=doc.links,
        kb_meta_lines=doc.meta_lines,
        kb_header=doc.header,
    )
    if doc.checklist is not None:
        metadata["checklist"] = doc.checklist
    if doc.timeline is not None:
        metadata["timeline"] = doc.timeline
    if doc.kind is not ContentType.PAGE and "template" not in metadata:
        metadata["template"] = doc.kind.template
    if "title" not in metadata:
        metadata["title"] = os.path.splitext(os.path.basename(parsed.rel))[0]
    return metadata

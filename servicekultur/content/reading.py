"""One content file read, checked and rendered — the expensive, Pelican-free half of reading."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from servicekultur.content.decoding import read_source
from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.document import ParsedDocument, parse_document
from servicekultur.content.render import NESTING, MarkdownRenderer
from servicekultur.content.source import split_list
from servicekultur.content.text import reading_minutes
from servicekultur.content.types import ContentType

SHARED_FIELDS = ("tags", "category", "author", "authors")


@dataclass
class Parsed:
    """One file read and rendered (picklable: it may come from a forked reader process);
    ``doc`` is ``None`` when no page can be made of the file (the issues say why)."""

    rel: str
    doc: ParsedDocument | None
    content: str
    issues: list[ContentIssue]


def read_file(
    path: str, rel: str, renderer: MarkdownRenderer, long_wait_days: int, max_bytes: int
) -> Parsed:
    """Front matter, checks and Markdown of the file at ``path`` (``rel``: as reported).

    Never raises for what is in the file: every problem is an issue of this document."""
    source = read_source(path, rel, max_bytes)
    if source.text is None:
        return Parsed(rel, None, "", source.issues)
    render = renderer.for_document(rel, source.text)
    try:
        doc = parse_document(source.text, rel, render, long_wait_days)
        render.body_line = doc.body_line
        content = render(doc.body)
    except RecursionError:
        message = f"zu tief verschachtelt ({NESTING}); keine Seite gebaut"
        return Parsed(rel, None, "", [*source.issues, ContentIssue(rel, 1, message)])
    return Parsed(rel, doc, content, [*source.issues, *doc.issues, *render.issues])


class FileReader:
    """Reads content files for one build (in Pelican's process or a forked reader): each file
    becomes a :class:`Parsed`, whatever is wrong with it."""

    def __init__(self, settings: dict) -> None:
        self.root = settings["PATH"]
        self.renderer = MarkdownRenderer(settings["MARKDOWN"])
        self.long_wait_days = settings["KB_LONG_WAIT_DAYS"]
        self.max_bytes = settings["KB_MAX_FILE_MB"] * 2**20
        self.words_per_minute = settings["KB_WORDS_PER_MINUTE"]
        self._shared: dict[tuple[str, str], object] = {}

    def rel(self, path: str) -> str:
        return os.path.relpath(path, self.root).replace(os.sep, "/")

    def parse(self, path: str) -> Parsed:
        rel = self.rel(path)
        try:
            return read_file(path, rel, self.renderer, self.long_wait_days, self.max_bytes)
        except Exception as error:  # a bug of ours or a library's costs this document only
            return self.crashed(path, f"{error.__class__.__name__}: {error}")

    def metadata(self, parsed: Parsed, process) -> dict:
        """:func:`metadata_of`, with one Pelican object per tag, category and author for all
        documents: each works out its slug once, not once per document that names it."""

        def shared(key: str, value: str):
            if key not in SHARED_FIELDS:
                return process(key, value)
            if (key, value) not in self._shared:
                self._shared[key, value] = process(key, value)
            found = self._shared[key, value]
            return list(found) if isinstance(found, list) else found

        return metadata_of(parsed, shared, self.words_per_minute)

    def crashed(self, path: str, reason: str) -> Parsed:
        """What a file becomes when reading it failed outside our checks."""
        rel = self.rel(path)
        message = f"Datei konnte nicht gelesen werden ({reason}); keine Seite gebaut"
        return Parsed(rel, None, "", [ContentIssue(rel, 1, message, rule="file")])


def metadata_of(parsed: Parsed, process, words_per_minute: int) -> dict:
    """The metadata a Pelican content object gets (``process`` is the reader's
    ``process_metadata``); our own keys start with ``kb_`` (see docs/template-vertrag.md)."""
    doc = parsed.doc
    if doc is None:  # Pelican skips the file quietly; the issues are reported
        return {"status": "skip", "title": parsed.rel}
    metadata = {}
    for key, value in doc.meta.items():  # keys interned: each document's came fresh from a pickle
        key = sys.intern(key)
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
        kb_meta_lines={sys.intern(key): line for key, line in doc.meta_lines.items()},
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

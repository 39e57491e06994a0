"""Pelican reader for our Markdown: validates front matter and parses checklists and timelines."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from markdown import Markdown
from pelican.readers import BaseReader

from servicekultur.content import ContentType
from servicekultur.content.diagnostics import ContentIssue, Diagnostics
from servicekultur.content.document import ParsedDocument, parse_document
from servicekultur.content.source import split_list
from servicekultur.content.text import reading_minutes

from .prerender import PRERENDERED

logger = logging.getLogger(__name__)

# Filled in by the plugin at ``initialized``: one collector per build.
DIAGNOSTICS = Diagnostics()


@dataclass
class Parsed:
    """One file read and rendered (picklable: it may come from a forked reader process)."""

    rel: str
    doc: ParsedDocument
    content: str
    issues: list[ContentIssue]


class KnowledgeBaseReader(BaseReader):
    """Reads ``.md`` files of every content type; problems go to ``DIAGNOSTICS`` with file:line."""

    enabled = True
    file_extensions = ("md", "markdown")

    def __init__(self, settings):
        super().__init__(settings)
        config = dict(self.settings["MARKDOWN"])
        extensions = [*config.get("extensions", []), *config.get("extension_configs", {})]
        config["extensions"] = list(
            dict.fromkeys(ext for ext in extensions if ext != "markdown.extensions.meta")
        )
        self._md = Markdown(**config)

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)

    def parse(self, source_path: str) -> Parsed:
        """The expensive, Pelican-free half of reading: front matter, checks, Markdown."""
        rel = os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")
        issues = []
        try:
            with open(source_path, encoding="utf-8") as handle:
                text = handle.read()
        except UnicodeDecodeError as error:
            issues.append(
                ContentIssue(rel, 1, f"Datei ist nicht UTF-8-kodiert (Byte {error.start})")
            )
            text = ""
        doc = parse_document(text, rel, self.render, self.settings.get("KB_LONG_WAIT_DAYS", 21))
        return Parsed(rel, doc, self.render(doc.body), [*issues, *doc.issues])

    def read(self, source_path):
        parsed = PRERENDERED.take(os.path.abspath(source_path)) or self.parse(source_path)
        rel, doc, content = parsed.rel, parsed.doc, parsed.content
        DIAGNOSTICS.extend(parsed.issues)
        metadata = {}
        for key, value in doc.meta.items():
            if key in ("kanal", "aliases"):
                metadata[key] = split_list(value)
            else:
                metadata[key] = self.process_metadata(key, value)
        if "date" in metadata and "modified" not in metadata:
            metadata["modified"] = metadata["date"]  # not the file time Pelican's "fs" default sets
        metadata["kb_type"] = doc.kind.value
        metadata["kb_source"] = rel
        metadata["kb_words"] = doc.words
        metadata["reading_time"] = reading_minutes(
            doc.words, self.settings.get("KB_WORDS_PER_MINUTE", 200)
        )
        metadata["kb_crossrefs"] = doc.crossrefs
        metadata["kb_links"] = doc.links
        if doc.checklist is not None:
            metadata["checklist"] = doc.checklist
        if doc.timeline is not None:
            metadata["timeline"] = doc.timeline
        if doc.kind is not ContentType.PAGE and "template" not in metadata:
            metadata["template"] = doc.kind.template
        if "title" not in metadata:
            metadata["title"] = os.path.splitext(os.path.basename(rel))[0]
        return content, metadata

"""Pelican reader for our Markdown: the domain package parses, this maps the result to metadata."""

from __future__ import annotations

import os

from markdown import Markdown
from pelican.readers import BaseReader

from servicekultur.content import ContentType
from servicekultur.content.reading import Parsed, read_file
from servicekultur.content.run import build_run
from servicekultur.content.source import split_list
from servicekultur.content.text import reading_minutes


class KnowledgeBaseReader(BaseReader):
    """Reads ``.md`` files of every content type; problems go to the build run's diagnostics."""

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
        rel = os.path.relpath(source_path, self.settings["PATH"]).replace(os.sep, "/")
        return read_file(source_path, rel, self.render, self.settings["KB_LONG_WAIT_DAYS"])

    def read(self, source_path):
        run = build_run(self.settings)
        parsed = run.parallel.take(os.path.abspath(source_path)) or self.parse(source_path)
        doc = parsed.doc
        run.diagnostics.extend(parsed.issues)
        metadata = {}
        for key, value in doc.meta.items():
            if key in ("kanal", "aliases"):
                metadata[key] = split_list(value)
            else:
                metadata[key] = self.process_metadata(key, value)
        if "date" in metadata and "modified" not in metadata:
            metadata["modified"] = metadata["date"]  # not the file time Pelican's "fs" default sets
        metadata.update(
            kb_type=doc.kind.value,
            kb_source=parsed.rel,
            kb_words=doc.words,
            reading_time=reading_minutes(doc.words, self.settings["KB_WORDS_PER_MINUTE"]),
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
        return parsed.content, metadata

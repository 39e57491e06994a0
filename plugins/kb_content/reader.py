"""Pelican reader for our Markdown: the domain package parses, this hands the result to Pelican."""

from __future__ import annotations

import os

from markdown import Markdown
from pelican.readers import BaseReader

from servicekultur.content.reading import Parsed, metadata_of, read_file
from servicekultur.content.run import build_run


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
        run.diagnostics.extend(parsed.issues)
        per_minute = self.settings["KB_WORDS_PER_MINUTE"]
        return parsed.content, metadata_of(parsed, self.process_metadata, per_minute)

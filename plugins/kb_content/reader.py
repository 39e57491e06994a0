"""Pelican reader for our Markdown: the domain package parses, this hands the result to Pelican."""

from __future__ import annotations

import os

from pelican.readers import BaseReader

from servicekultur.content.reading import FileReader
from servicekultur.content.run import build_run


class KnowledgeBaseReader(BaseReader):
    """Reads ``.md`` files of every content type; problems go to the build run's diagnostics."""

    enabled = True
    file_extensions = ("md", "markdown")

    def __init__(self, settings):
        super().__init__(settings)
        self.files = FileReader(self.settings)

    def read(self, source_path):
        run = build_run(self.settings)
        path = os.path.abspath(source_path)
        parsed = run.parallel.take(path) or self.files.parse(path)
        run.diagnostics.extend(parsed.issues)
        return parsed.content, self.files.metadata(parsed, self.process_metadata)

"""Reading on more than one core: forked processes parse and render the later part of the
content files while Pelican reads the earlier part; the reader then takes their results by path.

Pelican reads one file after another, and Markdown rendering is most of a build's reading time,
while the second core waits for the search index writer, which starts only after reading. The
children are forked when the articles generator is created (the reader with its Markdown
configuration is inherited, nothing is pickled on the way in); each sends back its files as
``Parsed`` objects. If a child fails, the reader simply reads those files itself.
"""

from __future__ import annotations

import logging
import os

from servicekultur.forking import Child, ChildFailed, can_fork

logger = logging.getLogger(__name__)

MIN_FILES = 200  # fewer files: forking costs more than it saves
PARENT_SHARE = 0.45  # the parent also builds Pelican's content objects for every file


def _parse_all(reader, paths: list[str]) -> dict:
    return {path: reader.parse(path) for path in paths}


class Prerendered:
    def __init__(self) -> None:
        self._children: list[tuple[set[str], Child]] = []
        self._results: dict = {}
        self.taken = 0  # files of this build that a child read

    def start(self, generator, procs: int) -> None:
        """Fork ``procs - 1`` readers for the articles and pages ``generator`` will read."""
        self.stop()
        self.taken = 0
        settings = generator.settings
        reader = generator.readers.readers.get("md")
        if procs < 2 or not can_fork() or not hasattr(reader, "parse"):
            return
        if settings.get("LOAD_CONTENT_CACHE"):
            return  # Pelican's own cache decides what is read
        files = [
            *generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]),
            *generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"]),
        ]
        extensions = tuple(f".{ext}" for ext in reader.file_extensions)
        paths = [os.path.abspath(os.path.join(generator.path, f)) for f in files]
        paths = [p for p in dict.fromkeys(paths) if p.endswith(extensions)]
        if len(paths) < MIN_FILES:
            return
        later = paths[int(len(paths) * PARENT_SHARE) :]
        size = -(-len(later) // (procs - 1))
        for first in range(0, len(later), size):
            chunk = later[first : first + size]
            child = Child(_parse_all, reader, chunk, name="kb-content-reader")
            self._children.append((set(chunk), child))

    def take(self, path: str):
        """The ``Parsed`` result for ``path`` if a child read it, else ``None``."""
        for n, (paths, child) in enumerate(self._children):
            if path in paths:
                del self._children[n]
                try:
                    self._results.update(child.result())
                except ChildFailed as error:
                    logger.warning("kb_content: Lese-Prozess fehlgeschlagen (%s)", error)
                break
        found = self._results.pop(path, None)
        self.taken += found is not None
        return found

    def stop(self) -> None:
        for _, child in self._children:
            child.stop()
        self._children, self._results = [], {}


PRERENDERED = Prerendered()

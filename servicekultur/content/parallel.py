"""Reading on more than one core: forked processes parse and render the later part of the
content files while Pelican reads the earlier part; the reader then takes their results by path.

Pelican reads one file after another, and Markdown rendering is most of a build's reading time,
while the second core waits for the search index writer, which starts only after reading. The
children are forked before reading starts (the reader with its Markdown configuration is
inherited, nothing is pickled on the way in); each sends back its files' parsed results. If a
child fails, the reader simply reads those files itself.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable

from servicekultur.forking import Child, ChildFailed, can_fork

logger = logging.getLogger(__name__)

MIN_FILES = 200  # fewer files: forking costs more than it saves
PARENT_SHARE = 0.45  # the parent also builds Pelican's content objects for every file
_LIVE: weakref.WeakSet = weakref.WeakSet()  # readers of builds that may have stopped early


def _parse_all(parse: Callable, paths: list[str]) -> dict:
    return {path: parse(path) for path in paths}


class ParallelReader:
    """Children that parse the later ``paths`` with ``parse``; :meth:`take` hands out results."""

    def __init__(self) -> None:
        self._children: list[tuple[set[str], Child]] = []
        self._results: dict = {}
        self.taken = 0  # files of this build that a child read

    def start(self, parse: Callable, paths: list[str], procs: int) -> None:
        """Fork ``procs - 1`` readers for the later part of ``paths`` (absolute, in read order)."""
        for reader in list(_LIVE):  # a build that stopped early leaves its children behind
            reader.stop()
        paths = list(dict.fromkeys(paths))
        if procs < 2 or not can_fork() or len(paths) < MIN_FILES:
            return
        later = paths[int(len(paths) * PARENT_SHARE) :]
        size = -(-len(later) // (procs - 1))
        for first in range(0, len(later), size):
            chunk = later[first : first + size]
            child = Child(_parse_all, parse, chunk, name="kb-content-reader")
            self._children.append((set(chunk), child))
        _LIVE.add(self)

    def take(self, path: str):
        """The parsed result for ``path`` if a child read it, else ``None``."""
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
        """Stop the children and free what no reader asked for."""
        for _, child in self._children:
            child.stop()
        self._children, self._results = [], {}
        _LIVE.discard(self)

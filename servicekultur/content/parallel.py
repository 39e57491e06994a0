"""Reading on more than one core: forked processes parse and render the later part of the
content files while Pelican reads the earlier part; the reader then takes their results by path.

Pelican reads one file after another, and Markdown rendering is most of a build's reading time.
The children are forked before reading starts (the reader with its Markdown configuration is
inherited, nothing is pickled on the way in); each sends back one result per file as soon as it
has it, and the parent collects them whenever it reads a file of its own. A file that fails is a
result like any other (an error of that document). If a child dies, the file it was reading is
reported as the one that failed, and the parent reads the rest of the child's share itself.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import weakref
from typing import Protocol

from servicekultur.forking import can_fork

logger = logging.getLogger(__name__)

MIN_FILES = 200  # fewer files: forking costs more than it saves
MARKDOWN = (".md", ".markdown")  # what our reader reads
PARENT_SHARE = 0.42  # the parent also builds Pelican's content objects for every file (10k: 0.45
# kept the parent reading 4 s longer than the forked reader, 0.40 the reader 2 s longer)
_LIVE: weakref.WeakSet = weakref.WeakSet()  # readers of builds that may have stopped early


class Files(Protocol):
    def parse(self, path: str): ...

    def crashed(self, path: str, reason: str): ...


def _read_share(files: Files, paths: list[str], conn) -> None:
    gc.freeze()  # inherited objects are never collected here: their pages stay shared
    try:
        for path in paths:
            conn.send((path, files.parse(path)))
    finally:
        conn.close()


class _Child:
    """One forked reader: its files in order, the results received so far."""

    def __init__(self, files: Files, paths: list[str]) -> None:
        context = multiprocessing.get_context("fork")
        self.paths = paths
        self.waiting = set(paths)  # no result yet
        self.results: dict = {}
        self.failed: tuple[str, str] | None = None  # (path, reason) when the child died
        self._conn, sender = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_read_share, args=(files, paths, sender), name="kb-content-reader"
        )
        self._process.start()
        sender.close()

    def receive(self, until: str | None = None) -> None:
        """Collect what has arrived; with ``until``, wait for that file's result."""
        while self.waiting and self.failed is None:
            if until is None and not self._conn.poll():
                return
            try:
                path, parsed = self._conn.recv()
            except (EOFError, OSError):
                self._died()
                return
            self.results[path] = parsed
            self.waiting.discard(path)
            if path == until:
                return

    def _died(self) -> None:
        self._process.join()
        reason = f"Lese-Prozess beendet mit Code {self._process.exitcode}"
        path = next(p for p in self.paths if p in self.waiting)
        self.failed = (path, reason)
        logger.warning("kb_content: %s beim Lesen von %s", reason, path)
        self.waiting.clear()

    def stop(self) -> None:
        self._conn.close()
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


class ParallelReader:
    """Children that parse the later ``paths``; :meth:`take` hands out their results."""

    def __init__(self) -> None:
        self._children: list[_Child] = []
        self._files: Files | None = None
        self.taken = 0  # files of this build that a child read

    def start(self, files: Files, paths: list[str], procs: int) -> None:
        """Fork ``procs - 1`` readers for the later part of the Markdown files among ``paths``
        (in Pelican's read order); results are handed out by absolute path."""
        for reader in list(_LIVE):  # a build that stopped early leaves its children behind
            reader.stop()
        paths = [os.path.abspath(p) for p in paths if p.endswith(MARKDOWN)]
        paths = list(dict.fromkeys(paths))
        if procs < 2 or not can_fork() or len(paths) < MIN_FILES:
            return
        self._files = files
        later = paths[int(len(paths) * PARENT_SHARE) :]
        size = -(-len(later) // (procs - 1))
        self._children = [
            _Child(files, later[first : first + size]) for first in range(0, len(later), size)
        ]
        _LIVE.add(self)

    def start_for_pelican(self, files: Files, get_files, root: str, settings: dict) -> None:
        """:meth:`start` for the files Pelican will read, in its order (articles, then pages);
        ``get_files`` is the generator's method that lists them."""
        found = [
            *get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]),
            *get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"]),
        ]
        self.start(files, [os.path.join(root, f) for f in found], settings["KB_READ_PROCS"])

    def take(self, path: str):
        """The parsed result for ``path`` if a child read it (or died reading it), else ``None``."""
        found = None
        for child in self._children:
            child.receive()  # keep the pipes flowing while the parent reads its own share
            if path in child.waiting:
                child.receive(until=path)
            if path in child.results:
                found = child.results.pop(path)
            elif child.failed is not None and child.failed[0] == path:
                found = self._files.crashed(*child.failed)
        self.taken += found is not None
        return found

    def stop(self) -> None:
        """Stop the children and free what no reader asked for."""
        for child in self._children:
            child.stop()
        self._children = []
        _LIVE.discard(self)

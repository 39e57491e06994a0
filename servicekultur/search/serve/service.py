"""The live index of the service: ``SearchService`` follows the ``KB_INDEX_DIR`` link.

When a build swaps in a new generation, the next search opens it — the service never needs a
restart.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from servicekultur.search.serve.searcher import SearchIndex, SearchRequest, SearchResponse
from servicekultur.search.store.layout import MANIFEST

logger = logging.getLogger(__name__)
OPEN_WAIT = 0.1  # seconds a request waits for a new generation before the old one answers


class IndexUnavailable(RuntimeError):
    """No built index at the configured place."""


class SearchService:
    """The live index at ``index_dir`` (a link to a generation), reopened when it changes.

    Opening a generation maps its arrays and reads its small analysis files (well under a
    second, see ``bench.search``). The first one opens before it answers; a later one opens
    in a background thread while the previous generation keeps answering — a request waits
    for it at most ``OPEN_WAIT`` seconds, so a rebuild never pauses searches.
    """

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._current: SearchIndex | None = None
        self._previous: SearchIndex | None = None
        self._opening: tuple[Path, threading.Thread] | None = None
        self._lock = threading.Lock()

    def index(self) -> SearchIndex:
        target = Path(os.path.realpath(self.index_dir))
        current = self._current
        if current is not None and current.path == target:
            return current
        if not (target / MANIFEST).is_file():
            if current is not None:
                return current
            raise IndexUnavailable(str(self.index_dir))
        if current is None:
            with self._lock:
                if self._current is None or self._current.path != target:
                    self._swap(SearchIndex(target))
                return self._current
        with self._lock:
            if self._opening is None or self._opening[0] != target:
                thread = threading.Thread(
                    target=self._open, args=(target,), name="kb-search-open", daemon=True
                )
                self._opening = (target, thread)
                thread.start()
            thread = self._opening[1]
        thread.join(OPEN_WAIT)
        return self._current

    def _open(self, target: Path) -> None:
        try:
            fresh = SearchIndex(target)
        except Exception:  # a half-deleted generation: keep answering with the current one
            logger.exception("search index %s could not be opened", target)
            return
        with self._lock:
            self._swap(fresh)

    def _swap(self, fresh: SearchIndex) -> None:
        if self._previous is not None:
            self._previous.close()  # two swaps ago: no request uses it any more
        self._previous, self._current = self._current, fresh
        logger.info("search index %s opened", fresh.path)

    def settle(self, timeout: float = 30.0) -> SearchIndex:
        """Wait until a generation being opened is live (for tools and tests)."""
        self.index()
        opening = self._opening
        if opening is not None:
            opening[1].join(timeout)
        return self.index()

    def search(self, request: SearchRequest) -> SearchResponse:
        return self.index().search(request)

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


class IndexUnavailable(RuntimeError):
    """No built index at the configured place."""


class SearchService:
    """The live index at ``index_dir`` (a link to a generation), reopened when it changes.

    The first generation is warmed before it answers; a later one answers at once and is warmed
    in a background thread (through a searcher of its own), so a rebuild never pauses searches.
    """

    def __init__(self, index_dir: Path, warm: bool = True) -> None:
        self.index_dir = Path(index_dir)
        self.warm = warm
        self._current: SearchIndex | None = None

    def index(self) -> SearchIndex:
        target = Path(os.path.realpath(self.index_dir))
        if self._current is not None and self._current.path == target:
            return self._current
        if not (target / MANIFEST).is_file():
            if self._current is not None:
                return self._current
            raise IndexUnavailable(str(self.index_dir))
        fresh = SearchIndex(target)
        old, self._current = self._current, fresh
        if old is not None:
            old.close()
        logger.info("search index %s opened", target)
        if self.warm and old is None:
            fresh.warm()
        elif self.warm:
            threading.Thread(target=fresh.warm, name="kb-search-warm", daemon=True).start()
        return fresh

    def search(self, request: SearchRequest) -> SearchResponse:
        return self.index().search(request)

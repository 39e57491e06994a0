"""What changed when: the preview's log of rendered pages, asked by the browser's reload script."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass


def normalize(url: str) -> str:
    """``/artikel/x/index.html`` and ``artikel/x/`` → ``artikel/x/``."""
    url = url.split("?", 1)[0].split("#", 1)[0].lstrip("/")
    return url[: -len("index.html")] if url.endswith("index.html") else url


@dataclass(frozen=True)
class Change:
    version: int
    at: float
    urls: frozenset[str] | None  # None: the whole site (a full regenerate)
    fresh: frozenset[str] = frozenset()  # with urls=None: pages that were already up to date


class ChangeLog:
    """Thread-safe, bounded list of changes with increasing version numbers."""

    def __init__(self, keep: int = 500) -> None:
        self._lock = threading.Lock()
        self._changes: list[Change] = []
        self._version = 0
        self._keep = keep

    @property
    def version(self) -> int:
        return self._version

    def pages(self, urls: list[str]) -> int:
        return self._add(frozenset(normalize(u) for u in urls), frozenset())

    def site(self, fresh: set[str] | frozenset[str] = frozenset()) -> int:
        return self._add(None, frozenset(normalize(u) for u in fresh))

    def _add(self, urls, fresh) -> int:
        with self._lock:
            self._version += 1
            self._changes.append(Change(self._version, time.time(), urls, fresh))
            del self._changes[: -self._keep]
            return self._version

    def needs_reload(self, since: int, path: str) -> bool:
        """Whether the page at ``path`` changed after version ``since``."""
        if since < 0:
            return False
        path = normalize(path)
        with self._lock:
            for change in self._changes:
                if change.version <= since:
                    continue
                if change.urls is None and path not in change.fresh:
                    return True
                if change.urls is not None and path in change.urls:
                    return True
        return False

    def last(self) -> Change | None:
        with self._lock:
            return self._changes[-1] if self._changes else None

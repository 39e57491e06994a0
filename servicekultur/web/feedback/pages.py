"""Which pages and checklist items exist: read from the built site (output/), cached by mtime."""

from __future__ import annotations

import re
from pathlib import Path

_ITEM = re.compile(rb'data-item="([^"]+)"')


class PageIndex:
    def __init__(self, output_dir: Path) -> None:
        self.root = Path(output_dir).resolve()
        self._cache: dict[str, tuple[float, frozenset[str]]] = {}

    def _file(self, page: str) -> Path | None:
        path = (self.root / page.strip("/") / "index.html").resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        return path

    def _entry(self, page: str) -> frozenset[str] | None:
        path = self._file(page)
        if path is None:
            return None
        mtime = path.stat().st_mtime
        cached = self._cache.get(page)
        if cached and cached[0] == mtime:
            return cached[1]
        data = path.read_bytes()
        if b'id="feedback"' not in data:  # only content pages take feedback
            items = None
        else:
            items = frozenset(m.decode() for m in _ITEM.findall(data))
        if len(self._cache) > 5000:
            self._cache.clear()
        self._cache[page] = (mtime, items)
        return items

    def exists(self, page: str) -> bool:
        return self._entry(page) is not None

    def has_item(self, page: str, item: str) -> bool:
        items = self._entry(page)
        return items is not None and item in items

"""Which pages and checklist items exist: read from the built site (output/), cached briefly.

The markers come from the template contract (``servicekultur/contract.py``)."""

from __future__ import annotations

import html
import os
import re
import time
from pathlib import Path

from servicekultur.contract import FEEDBACK_SECTION_ID, ITEM_ATTRIBUTE

_ITEM = re.compile(ITEM_ATTRIBUTE.encode() + rb'="([^"]+)"')
_SECTION = f'id="{FEEDBACK_SECTION_ID}"'.encode()
_H1 = re.compile(rb"<h1[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")
RECHECK_SECONDS = 2.0  # how long a page's answer is trusted before the file is looked at again


class PageIndex:
    """Answers from a cache; a page's file is stat'ed at most every RECHECK_SECONDS."""

    def __init__(self, output_dir: Path) -> None:
        self.root = str(Path(output_dir).resolve())
        self._cache: dict[str, tuple[float, float, frozenset[str] | None]] = {}

    def _entry(self, page: str) -> frozenset[str] | None:
        now = time.monotonic()
        cached = self._cache.get(page)
        if cached and now - cached[0] < RECHECK_SECONDS:
            return cached[2]
        rel = page.strip("/")
        if ".." in rel.split("/") or "\\" in rel or "\0" in rel:
            return None
        path = os.path.join(self.root, rel, "index.html")
        try:
            mtime = os.stat(path).st_mtime
        except (OSError, ValueError):
            mtime, items = -1.0, None
        else:
            if cached and cached[1] == mtime:
                items = cached[2]
            else:
                with open(path, "rb") as handle:
                    data = handle.read()
                # Only content pages take feedback; they carry the feedback section.
                items = (
                    frozenset(m.decode() for m in _ITEM.findall(data)) if _SECTION in data else None
                )
        if len(self._cache) > 5000:
            self._cache.clear()
        self._cache[page] = (now, mtime, items)
        return items

    def exists(self, page: str) -> bool:
        return self._entry(page) is not None

    def has_item(self, page: str, item: str) -> bool:
        items = self._entry(page)
        return items is not None and item in items

    def title(self, page: str) -> str | None:
        """The heading of a built page (its ``<h1>``), for people who see the page by name."""
        if self._entry(page) is None:
            return None
        path = os.path.join(self.root, page.strip("/"), "index.html")
        try:
            with open(path, "rb") as handle:
                found = _H1.search(handle.read())
        except OSError:
            return None
        if not found:
            return None
        text = html.unescape(_TAG.sub("", found.group(1).decode("utf-8", "replace")))
        return " ".join(text.split()) or None

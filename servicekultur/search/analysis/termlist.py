"""The analysed terms of an index build, sorted by their bytes, kept in one buffer.

A build has tens of thousands of distinct terms (77,000 for 1,500 laws). As a list of ``str``
each costs ~65 bytes, and the strings are made while the analysis caches fill, so they hold
the memory of those caches in place after the caches are emptied. ``TermList`` keeps the UTF-8
bytes of all terms back to back with where each ends: 19 bytes a term, in two allocations.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate

import numpy as np


class TermList(Sequence[str]):
    """Term id → term, for terms sorted by their UTF-8 bytes."""

    def __init__(self, data: bytes, ends: array) -> None:
        self._data = data
        self._ends = ends  # where each term's bytes end in ``_data``

    @classmethod
    def of(cls, terms: Iterable[str]) -> TermList:
        encoded = [term.encode("utf-8") for term in terms]
        ends = array("q", accumulate(len(e) for e in encoded))
        return cls(b"".join(encoded), ends)

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return _term_bytes(self._data, self._ends, index).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        data, start = self._data, 0
        for end in self._ends:
            yield data[start:end].decode("utf-8")
            start = end

    @property
    def encoded(self) -> Sequence[bytes]:
        """The same terms as UTF-8 bytes (what the index stores)."""
        return _Encoded(self._data, self._ends)

    def strings(self, ids: np.ndarray) -> list[str]:
        """The terms of ``ids`` (term ids), in that order; each distinct one decoded once."""
        if not len(ids):
            return []
        distinct, where = np.unique(ids, return_inverse=True)
        item = self.__getitem__
        decoded = [item(i) for i in distinct.tolist()]
        return [decoded[i] for i in where.tolist()]


class _Encoded(Sequence[bytes]):
    def __init__(self, data: bytes, ends: array) -> None:
        self._data, self._ends = data, ends

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> bytes:  # type: ignore[override]
        return _term_bytes(self._data, self._ends, index)


def _term_bytes(data: bytes, ends: array, index: int) -> bytes:
    if index < 0:
        index += len(ends)
    start = ends[index - 1] if index else 0
    return data[start : ends[index]]

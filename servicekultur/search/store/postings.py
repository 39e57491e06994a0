"""Posting lists of a Whoosh index as NumPy arrays, with their BM25F scores computed once.

Whoosh stores the index and reads its postings; scoring each posting in Python costs about a
microsecond, which a query over 28,000 documents and many term variants cannot afford. So a
term's postings are read block by block into arrays, scored in one vectorised BM25F step
(the same formula, statistics and field boosts as ``whoosh.scoring.BM25F``) and cached for the
life of the index generation.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from whoosh import scoring
from whoosh.codec.whoosh3 import W3LeafMatcher

K1 = 1.2
B = {"title": 0.3, "headings": 0.5, "meta": 0.3}  # other fields: B_DEFAULT
B_DEFAULT = 0.75
# Whoosh's own weighting with the same parameters (idf, and any search run through Whoosh).
BM25F = scoring.BM25F(B=B_DEFAULT, K1=K1, **{f"{f}_B": b for f, b in B.items()})
# Scored postings (ids + scores, 8 bytes each) kept in memory: read ahead when a generation
# opens (most frequent terms first), and read on demand for the rest.
WARM_POSTINGS = 16_000_000  # ≈ 128 MiB
CACHE_POSTINGS = 4_000_000  # ≈ 32 MiB

EMPTY_IDS = np.zeros(0, dtype=np.int32)
EMPTY_SCORES = np.zeros(0, dtype=np.float32)


@dataclass(frozen=True)
class Scored:
    """Matching document numbers (ascending, unique) and their scores."""

    ids: np.ndarray
    scores: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


NOTHING = Scored(EMPTY_IDS, EMPTY_SCORES)


def _leaf_arrays(matcher) -> tuple[np.ndarray, np.ndarray]:
    """(ids, weights) of one segment's posting list."""
    if isinstance(matcher, W3LeafMatcher):  # block by block: no Python loop per posting
        ids, weights = [], []
        # Whoosh-Reloaded 2.7.5 is pinned: a block's data is (delta-coded ids, weights, values).
        while matcher.is_active():
            matcher._read_data()
            deltas, block_weights = matcher._data[0], matcher._data[1]
            ids.append(np.cumsum(np.asarray(deltas, dtype=np.int32), dtype=np.int32))
            if block_weights is None or isinstance(block_weights, float):
                block_weights = np.full(len(deltas), block_weights or 1.0, dtype=np.float32)
            weights.append(np.asarray(block_weights, dtype=np.float32))
            matcher._next_block()
        if ids:
            return np.concatenate(ids), np.concatenate(weights)
        return EMPTY_IDS, EMPTY_SCORES
    items = list(matcher.all_items()) if matcher.is_active() else []
    return (
        np.fromiter((i for i, _ in items), dtype=np.int32, count=len(items)),
        np.fromiter((w for _, w in items), dtype=np.float32, count=len(items)),
    )


class PostingStore:
    """Scored postings, field lengths and live documents of one opened index generation."""

    def __init__(self, searcher, fields: tuple[str, ...]) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        self.lengths: dict[str, np.ndarray] = {f: np.ones(self.size, np.float32) for f in fields}
        for leaf, offset in self.reader.leaf_readers():
            for docnum in leaf.deleted_docs_set or ():
                self.live[offset + docnum] = False
            count = leaf.doc_count_all()
            for field, lengths in self.lengths.items():
                lengths[offset : offset + count] = [
                    leaf.doc_field_length(d, field, 1) for d in range(count)
                ]
        self.avg_length = {f: searcher.avg_field_length(f) or 1.0 for f in fields}
        self.fields = fields
        self.warmed: dict[tuple[str, str], Scored] = {}  # replaced whole, never changed
        self._cache: OrderedDict[tuple[str, str], Scored] = OrderedDict()
        self._cached_postings = 0

    def term(self, field: str, text: str) -> Scored:
        """The live documents containing ``text`` in ``field``, with their BM25F scores."""
        key = (field, text)
        found = self.warmed.get(key)
        if found is not None:
            return found
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        found = self._read(self.searcher, field, text)
        self._cache[key] = found
        self._cached_postings += len(found)
        while self._cached_postings > CACHE_POSTINGS and len(self._cache) > 1:
            _, dropped = self._cache.popitem(last=False)
            self._cached_postings -= len(dropped)
        return found

    def warm(self, searcher, budget: int = WARM_POSTINGS) -> int:
        """Read the most frequent terms ahead, through ``searcher`` (a second one on the same
        generation, so this may run in a thread beside the searches); returns the postings read."""
        reader = searcher.reader()
        terms = [
            (info.doc_frequency(), field, term.decode("utf-8"))
            for field in self.fields
            for term, info in reader.iter_field(field)
        ]
        terms.sort(key=lambda t: -t[0])
        warmed, total = {}, 0
        for df, field, text in terms:
            if total + df > budget:
                break
            warmed[(field, text)] = self._read(searcher, field, text)
            total += df
        self.warmed = warmed
        return total

    def _read(self, searcher, field: str, text: str) -> Scored:
        reader = searcher.reader()
        if (field, text) not in reader:
            return NOTHING
        parts = []
        btext = text.encode("utf-8")
        fmt = reader.schema[field].format
        for leaf, offset in reader.leaf_readers():
            if (field, text) not in leaf:
                continue
            ids, weights = _leaf_arrays(leaf._terms.matcher(field, btext, fmt))
            parts.append((ids + offset, weights))
        if not parts:
            return NOTHING
        ids = np.concatenate([p[0] for p in parts])
        weights = np.concatenate([p[1] for p in parts])
        keep = self.live[ids]
        ids, weights = ids[keep], weights[keep]
        b = B.get(field, B_DEFAULT)
        norm = K1 * ((1 - b) + b * self.lengths[field][ids] / self.avg_length[field])
        idf = searcher.idf(field, text)
        scores = (idf * (weights * (K1 + 1)) / (weights + norm)).astype(np.float32)
        return Scored(ids, scores)

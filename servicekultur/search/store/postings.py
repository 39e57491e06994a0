"""Posting lists of a Whoosh index as NumPy arrays, with their BM25F scores computed once.

Whoosh stores the index; scoring each posting in Python costs about a microsecond, which a
query over 28,000 documents and many term variants cannot afford. So a term's postings are
sliced from the segment's query-ready arrays (``arrays``; block by block through Whoosh for a
segment without them), scored in one vectorised BM25F step (the same formula, statistics and
field boosts as ``whoosh.scoring.BM25F``) and kept in a small cache.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import scoring
from whoosh.codec.whoosh3 import W3LeafMatcher

from servicekultur.search.store.arrays import SegmentArrays, open_arrays

K1 = 1.2
B = {"title": 0.3, "headings": 0.5, "meta": 0.3}  # other fields: B_DEFAULT
B_DEFAULT = 0.75
# Whoosh's own weighting with the same parameters (idf, and any search run through Whoosh).
BM25F = scoring.BM25F(B=B_DEFAULT, K1=K1, **{f"{f}_B": b for f, b in B.items()})
# Scored postings (ids + scores, 8 bytes each) of recently searched terms kept in memory.
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


def read_postings(leaf, field: str, term: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(ids, weights) of one term in one segment, read through Whoosh's block reader."""
    return _leaf_arrays(leaf._terms.matcher(field, term, leaf.schema[field].format))


def term_ids(reader, field: str, term: bytes) -> np.ndarray:
    """The live document numbers of ``term`` across the reader's segments, block by block
    (a segment with deletions is read through Whoosh's own matcher, which skips them)."""
    parts = []
    for leaf, offset in reader.leaf_readers():
        if (field, term) not in leaf:
            continue
        if leaf.has_deletions():
            ids = np.fromiter(leaf.postings(field, term).all_ids(), dtype=np.int32)
        else:
            ids = read_postings(leaf, field, term)[0]
        parts.append(ids + np.int32(offset) if offset else ids)
    return np.concatenate(parts) if parts else EMPTY_IDS


class PostingStore:
    """Scored postings, field lengths and live documents of one opened index generation.

    Postings come from the query-ready arrays of each segment (``arrays``), mapped, not read
    ahead; a segment without arrays (an index written before they existed) is read through
    Whoosh. Scored terms are kept in a small LRU cache."""

    def __init__(self, searcher, fields: tuple[str, ...], generation: Path | None = None) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        self.lengths: dict[str, np.ndarray] = {f: np.ones(self.size, np.float32) for f in fields}
        self.segments: list[tuple[object, int, SegmentArrays | None]] = []
        for leaf, offset in self.reader.leaf_readers():
            for docnum in leaf.deleted_docs_set or ():
                self.live[offset + docnum] = False
            found = None
            segment = getattr(leaf, "segment", lambda: None)()
            if generation is not None and segment is not None:
                found = open_arrays(generation, segment.segment_id(), fields)
            count = leaf.doc_count_all()
            for field, lengths in self.lengths.items():
                if found is not None:
                    lengths[offset : offset + count] = np.maximum(found.lengths[field], 1)
                else:
                    lengths[offset : offset + count] = [
                        leaf.doc_field_length(d, field, 1) for d in range(count)
                    ]
            self.segments.append((leaf, offset, found))
        self.avg_length = {f: searcher.avg_field_length(f) or 1.0 for f in fields}
        self.fields = fields
        self._cache: OrderedDict[tuple[str, str], Scored] = OrderedDict()
        self._cached_postings = 0

    def term(self, field: str, text: str) -> Scored:
        """The live documents containing ``text`` in ``field``, with their BM25F scores."""
        key = (field, text)
        found = self._cache.get(key)
        if found is not None:
            self._cache.move_to_end(key)
            return found
        found = self._read(field, text)
        self._cache[key] = found
        self._cached_postings += len(found)
        while self._cached_postings > CACHE_POSTINGS and len(self._cache) > 1:
            _, dropped = self._cache.popitem(last=False)
            self._cached_postings -= len(dropped)
        return found

    def expand_prefix(self, field: str, prefix: str, limit: int) -> list[str]:
        """The ``limit`` indexed terms of ``field`` starting with ``prefix`` that most
        documents contain."""
        counts: dict[bytes, int] = {}
        btext = prefix.encode("utf-8")
        for leaf, _, arrays in self.segments:
            if arrays is not None:
                found = arrays.expand_prefix(field, btext)
            else:
                found = [
                    (t, leaf.doc_frequency(field, t)) for t in leaf.expand_prefix(field, btext)
                ]
            for term, count in found:
                counts[term] = counts.get(term, 0) + count
        best = sorted(counts.items(), key=lambda tc: (-tc[1], tc[0]))[:limit]
        return [term.decode("utf-8") for term, _ in best]

    def weights(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        """The live documents containing ``text`` in ``field`` with the term's raw weight
        (occurrences × field boost, parts of words counting ``PART_WEIGHT``)."""
        ids, weights = self._postings(field, text)
        keep = self.live[ids]
        return ids[keep], weights[keep]

    def _postings(self, field: str, text: str) -> tuple[np.ndarray, np.ndarray]:
        btext = text.encode("utf-8")
        parts = []
        for leaf, offset, arrays in self.segments:
            if arrays is not None:
                got = arrays.postings(field, btext)
            else:
                got = read_postings(leaf, field, btext) if (field, btext) in leaf else None
            if got is not None and len(got[0]):
                parts.append((np.asarray(got[0]) + offset, np.asarray(got[1])))
        if not parts:
            return EMPTY_IDS, EMPTY_SCORES
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def _read(self, field: str, text: str) -> Scored:
        ids, weights = self._postings(field, text)
        if not len(ids):
            return NOTHING
        keep = self.live[ids]
        ids, weights = ids[keep], weights[keep]
        b = B.get(field, B_DEFAULT)
        norm = K1 * ((1 - b) + b * self.lengths[field][ids] / self.avg_length[field])
        idf = self.searcher.idf(field, text)
        scores = (idf * (weights * (K1 + 1)) / (weights + norm)).astype(np.float32)
        return Scored(ids.astype(np.int32), scores)

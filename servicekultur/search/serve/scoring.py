"""Evaluating a Whoosh query tree over :class:`PostingStore` arrays: all matches, BM25F scores.

The expander builds ordinary Whoosh queries (``Term``, ``Or``, ``And``, ``Phrase``, ``Prefix``);
here they are matched and scored with NumPy the way Whoosh's matchers would: a term scores
BM25F × its boost, ``Or`` and ``And`` add up the scores of the parts that match, a phrase scores
as its words do (positions are checked by Whoosh itself), a prefix as the words it expands to.
Every match is scored, so the total and the facets come from the same pass as the ranking.
"""

from __future__ import annotations

import numpy as np
from whoosh import query as wq

from servicekultur.search.store.postings import NOTHING, PostingStore, Scored

# A prefix such as „ku*“ expands to the indexed words so beginning that most documents contain,
# at most this many per field.
MAX_PREFIX_TERMS = 64


class Scorer:
    def __init__(self, store: PostingStore) -> None:
        self.store = store

    def evaluate(self, query: wq.Query) -> Scored:
        found = self._evaluate(query)
        if query.boost != 1.0 and len(found):
            found = Scored(found.ids, found.scores * np.float32(query.boost))
        return found

    def _evaluate(self, query: wq.Query) -> Scored:
        if isinstance(query, wq.Term):
            return self.store.term(query.fieldname, query.text)
        if isinstance(query, wq.Or):
            return self._union([self.evaluate(q) for q in query.subqueries])
        if isinstance(query, wq.And):
            return self._intersection([self.evaluate(q) for q in query.subqueries])
        if isinstance(query, wq.Phrase):
            return self._phrase(query)
        if isinstance(query, wq.Prefix):
            return self._prefix(query)
        if isinstance(query, type(wq.NullQuery)):
            return NOTHING
        raise TypeError(f"unsupported query {query!r}")

    def _union(self, parts: list[Scored]) -> Scored:
        parts = [p for p in parts if len(p)]
        if not parts:
            return NOTHING
        if len(parts) == 1:
            return parts[0]
        scores = np.zeros(self.store.size, dtype=np.float32)
        hit = np.zeros(self.store.size, dtype=bool)
        for part in parts:
            scores[part.ids] += part.scores
            hit[part.ids] = True
        ids = np.flatnonzero(hit).astype(np.int32)
        return Scored(ids, scores[ids])

    def _intersection(self, parts: list[Scored]) -> Scored:
        if not parts or any(not len(p) for p in parts):
            return NOTHING
        if len(parts) == 1:
            return parts[0]
        scores = np.zeros(self.store.size, dtype=np.float32)
        count = np.zeros(self.store.size, dtype=np.int16)
        for part in parts:
            scores[part.ids] += part.scores
            count[part.ids] += 1
        ids = np.flatnonzero(count == len(parts)).astype(np.int32)
        return Scored(ids, scores[ids])

    def _phrase(self, query: wq.Phrase) -> Scored:
        """Documents with every word, checked for the words at their places in the phrase."""
        words = self._intersection([self.store.term(query.fieldname, w) for w in query.words])
        if not len(words):
            return NOTHING
        offsets = getattr(query, "offsets", None) or range(len(query.words))
        reader = self.store.reader
        matchers = [reader.postings(query.fieldname, w) for w in query.words]
        keep = np.zeros(len(words), dtype=bool)
        for n, docnum in enumerate(words.ids.tolist()):
            starts = None
            for matcher, offset in zip(matchers, offsets, strict=True):
                matcher.skip_to(docnum)
                places = {p - offset for p in matcher.value_as("positions")}
                starts = places if starts is None else starts & places
                if not starts:
                    break
            keep[n] = bool(starts)
        return Scored(words.ids[keep], words.scores[keep])

    def _prefix(self, query: wq.Prefix) -> Scored:
        words = self.store.expand_prefix(query.fieldname, query.text, MAX_PREFIX_TERMS)
        return self._union([self.store.term(query.fieldname, w) for w in words])

"""Facet counts (type, category, tag) over all matching documents, with NumPy.

Read once per index generation from the postings of the facet fields (block by block): a value
code per document for the one-valued facets (type, category), (document, tag) pairs for tags.
A query's counts are then one ``bincount`` per facet over its matching document numbers.
"""

from __future__ import annotations

import numpy as np

from servicekultur.search.store.postings import term_ids

FACETS = {"type": "type", "category": "category", "tag": "tags"}


class FacetTable:
    """Which documents carry which facet value."""

    def __init__(self, reader, size: int) -> None:
        self.size = size
        self.values: dict[str, list[str]] = {}
        self.pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # name → (docs, value codes)
        for name, fieldname in FACETS.items():
            values, docs, codes = [], [], []
            for term in reader.lexicon(fieldname):
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                if not value:
                    continue
                ids = term_ids(reader, fieldname, term)
                docs.append(ids)
                codes.append(np.full(len(ids), len(values), dtype=np.int32))
                values.append(value)
            self.values[name] = values
            self.pairs[name] = (
                np.concatenate(docs) if docs else np.zeros(0, np.int32),
                np.concatenate(codes) if codes else np.zeros(0, np.int32),
            )

    def mask(self, filters: dict[str, str]) -> np.ndarray | None:
        """Which documents carry every filter value (``None``: no filter)."""
        if not filters:
            return None
        allowed = np.ones(self.size, dtype=bool)
        for name, value in filters.items():
            docs, codes = self.pairs[name]
            carrying = np.zeros(self.size, dtype=bool)
            if value in self.values[name]:
                carrying[docs[codes == self.values[name].index(value)]] = True
            allowed &= carrying
        return allowed

    def carrying(self, name: str, values) -> np.ndarray:
        """Which documents carry any of ``values`` of facet ``name``."""
        docs, codes = self.pairs[name]
        wanted = [i for i, value in enumerate(self.values[name]) if value in values]
        result = np.zeros(self.size, dtype=bool)
        result[docs[np.isin(codes, wanted)]] = True
        return result

    def counts(self, ids: np.ndarray) -> dict[str, dict[str, int]]:
        matching = np.zeros(self.size, dtype=bool)
        matching[ids] = True
        result = {}
        for name, values in self.values.items():
            docs, codes = self.pairs[name]
            counted = np.bincount(codes[matching[docs]], minlength=len(values))
            ordered = sorted(
                ((values[i], int(n)) for i, n in enumerate(counted) if n),
                key=lambda kv: (-kv[1], kv[0]),
            )
            result[name] = dict(ordered)
        return result

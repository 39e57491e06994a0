"""Facet counts (type, category, tag) over all matching documents, from per-document lists.

The lists are read once per index generation from the postings of the facet fields, so counting
the facets of a query costs one pass over its matching document numbers.
"""

from __future__ import annotations

from collections import Counter

FACETS = {"type": "type", "category": "category", "tag": "tags"}


class FacetTable:
    def __init__(self, reader) -> None:
        self.values: dict[str, dict[int, list[str]]] = {}
        for name, fieldname in FACETS.items():
            by_doc: dict[int, list[str]] = {}
            for term in reader.lexicon(fieldname):
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                if not value:
                    continue
                for docnum in reader.postings(fieldname, term).all_ids():
                    by_doc.setdefault(docnum, []).append(value)
            self.values[name] = by_doc

    def matching(self, docnums, filters: dict[str, str]) -> list[int]:
        """The document numbers that carry every filter value."""
        if not filters:
            return list(docnums)
        return [
            d
            for d in docnums
            if all(value in self.values[name].get(d, ()) for name, value in filters.items())
        ]

    def counts(self, docnums: list[int]) -> dict[str, dict[str, int]]:
        result = {}
        for name, by_doc in self.values.items():
            counter: Counter = Counter()
            for docnum in docnums:
                counter.update(by_doc.get(docnum, ()))
            result[name] = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
        return result


def matching_ids(query, searcher) -> set[int]:
    """All document numbers a query matches, from posting lists (no scoring, no matcher tree)."""
    from whoosh import query as wq

    reader = searcher.reader()
    if isinstance(query, wq.Term):
        if (query.fieldname, query.text) not in reader:
            return set()
        ids = set(reader.postings(query.fieldname, query.text).all_ids())
        if reader.has_deletions():
            ids = {d for d in ids if not reader.is_deleted(d)}
        return ids
    if isinstance(query, wq.Or):
        ids: set[int] = set()
        for sub in query.subqueries:
            ids |= matching_ids(sub, searcher)
        return ids
    if isinstance(query, wq.And):
        parts = [matching_ids(sub, searcher) for sub in query.subqueries]
        return set.intersection(*parts) if parts else set()
    return set(searcher.docs_for_query(query))

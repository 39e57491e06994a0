"""Facet counts (type, category, tag) over all matching documents, by set intersection.

The document set of each facet value is read once per index generation from the postings of the
facet field; a query's counts are intersections with its matching document numbers.
"""

from __future__ import annotations

FACETS = {"type": "type", "category": "category", "tag": "tags"}


class FacetTable:
    """For each facet value, the set of documents that carry it."""

    def __init__(self, reader) -> None:
        self.docs: dict[str, dict[str, frozenset[int]]] = {}
        for name, fieldname in FACETS.items():
            by_value: dict[str, frozenset[int]] = {}
            for term in reader.lexicon(fieldname):
                value = term.decode("utf-8") if isinstance(term, bytes) else term
                if value:
                    by_value[value] = frozenset(reader.postings(fieldname, term).all_ids())
            self.docs[name] = by_value

    def matching(self, docnums: set[int], filters: dict[str, str]) -> set[int]:
        """The document numbers that carry every filter value."""
        for name, value in filters.items():
            docnums = docnums & self.docs[name].get(value, frozenset())
        return docnums

    def counts(self, docnums: set[int]) -> dict[str, dict[str, int]]:
        result = {}
        for name, by_value in self.docs.items():
            counts = {value: len(docnums & docs) for value, docs in by_value.items()}
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
            result[name] = {value: count for value, count in ordered if count}
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

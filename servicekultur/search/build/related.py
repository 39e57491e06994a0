"""„Mehr zum Thema“: pages related by their text, computed at build time from key terms.

Each page is a TF-IDF vector over its key terms (stored with the index, so an unchanged page is
not analysed again); related pages are the nearest by cosine similarity, found through an
inverted list of the vectors' strongest terms. Each term's list keeps only the pages where it
weighs most (impact-ordered, truncated postings), so the cost per page stays bounded and the
whole step grows linearly with the number of pages instead of quadratically.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

from servicekultur.search.documents import TYPE_LABELS, SearchDocument

RELATED_TYPES = {"artikel", "fallgeschichten", "checklisten"}  # pages that are offered
VECTOR_TERMS = 40
QUERY_TERMS = 16  # the strongest terms of a page that look for its neighbours
POSTINGS_PER_TERM = 32  # pages kept per term, those where the term weighs most
MIN_SCORE = 0.0


class LinkTarget(NamedTuple):
    """What „Mehr zum Thema“ shows of a document: the build keeps one for every document while
    the index job has their texts (a tuple, not a SearchDocument copy: 35,000 of them at 10,000
    pages)."""

    id: str
    url: str
    type: str
    title: str
    summary: str


def link_target(doc: SearchDocument) -> LinkTarget:
    return LinkTarget(doc.id, doc.url, doc.type, doc.title, doc.summary)


def _each(key_terms) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Every page with its terms, decoded one page at a time (``KeyTerms.peek``)."""
    terms_of = getattr(key_terms, "peek", key_terms.__getitem__)
    return ((page, terms_of(page)) for page in key_terms)


def _vectors(key_terms: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, float]]:
    df: dict[str, int] = defaultdict(int)
    for _, terms in _each(key_terms):
        for term, _ in terms:
            df[term] += 1
    total = max(len(key_terms), 1)
    vectors = {}
    for page, terms in _each(key_terms):
        weights = {t: (1 + math.log(tf)) * math.log(1 + total / df[t]) for t, tf in terms}
        top = heapq.nlargest(VECTOR_TERMS, weights.items(), key=lambda kv: kv[1])
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        vectors[page] = {t: w / norm for t, w in top}
    return vectors


def related_pages(
    key_terms: dict[str, list[tuple[str, int]]], candidates: set[str], count: int = 4
) -> dict[str, list[str]]:
    """For every page of ``key_terms``: up to ``count`` most similar pages among ``candidates``."""
    vectors = _vectors(key_terms)
    postings: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for page, vector in vectors.items():
        if page in candidates:
            for term, weight in vector.items():
                postings[term].append((weight, page))
    for term, plist in postings.items():
        if len(plist) > POSTINGS_PER_TERM:
            postings[term] = heapq.nlargest(POSTINGS_PER_TERM, plist)
    result: dict[str, list[str]] = {}
    for page, vector in vectors.items():
        scores: dict[str, float] = defaultdict(float)
        strongest = heapq.nlargest(QUERY_TERMS, vector.items(), key=lambda kv: kv[1])
        for term, weight in strongest:
            for other_weight, other in postings.get(term, ()):
                scores[other] += weight * other_weight
        scores.pop(page, None)
        best = heapq.nlargest(count, scores.items(), key=lambda kv: (kv[1], kv[0]))
        result[page] = [other for other, score in best if score > MIN_SCORE]
    return result


def related_links(
    key_terms: dict[str, list[tuple[str, int]]],
    documents: list[SearchDocument] | list[LinkTarget],
    count: int = 4,
) -> dict[str, list[dict]]:
    """Document id → its „Mehr zum Thema“ links (url, title, summary, type label)."""
    candidates = {doc.id for doc in documents if doc.type in RELATED_TYPES}
    related = related_pages(key_terms, candidates, count)
    by_id = {doc.id: doc for doc in documents}
    return {
        page: [
            {
                "url": by_id[r].url,
                "title": by_id[r].title,
                "summary": by_id[r].summary,
                "type": TYPE_LABELS.get(by_id[r].type, by_id[r].type),
            }
            for r in others
            if r in by_id
        ]
        for page, others in related.items()
    }

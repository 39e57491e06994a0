"""„Mehr zum Thema“: pages related by their text, computed at build time from key terms.

Each page is a TF-IDF vector over its key terms (stored with the index, so an unchanged page is
not analysed again); related pages are the nearest by cosine similarity, found through an
inverted list of the vectors' strongest terms. Each term's list keeps only the pages where it
weighs most (impact-ordered, truncated postings), so the cost per page stays bounded and the
whole step grows linearly with the number of pages instead of quadratically.
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
import sys
from array import array
from collections import defaultdict
from collections.abc import Iterator
from typing import NamedTuple

import numpy as np

RELATED_TYPES = {"artikel", "fallgeschichten", "checklisten"}  # pages that are offered
VECTOR_TERMS = 40
QUERY_TERMS = 16  # the strongest terms of a page that look for its neighbours
POSTINGS_PER_TERM = 32  # pages kept per term, those where the term weighs most
MIN_SCORE = 0.0
_WEIGHT = operator.itemgetter(1)
CHUNK = 128  # pages scored at a time: their page pairs (up to 16 × 32 each) stay few


def _each(key_terms) -> Iterator[tuple[str, list[tuple[str, int]]]]:
    """Every page with its terms, decoded one page at a time (``KeyTerms.peek``); each term
    one string for all pages (the vectors of 10,000 pages held 400,000 copies, ~24 MiB)."""
    terms_of = getattr(key_terms, "peek", key_terms.__getitem__)
    intern = sys.intern
    return ((page, [(intern(t), tf) for t, tf in terms_of(page)]) for page in key_terms)


class Vector(NamedTuple):
    """A page's terms, strongest first, and their weights: as a dict with a float object each,
    the vectors of 10,000 pages took ~25 MiB, the build's peak while the index was written."""

    terms: tuple[str, ...]
    weights: array  # doubles: the same floats

    def items(self) -> Iterator[tuple[str, float]]:
        return zip(self.terms, self.weights, strict=True)


def _vectors(key_terms: dict[str, list[tuple[str, int]]]) -> dict[str, Vector]:
    df: dict[str, int] = defaultdict(int)
    for _, terms in _each(key_terms):
        for term, _ in terms:
            df[term] += 1
    total = max(len(key_terms), 1)
    vectors = {}
    for page, terms in _each(key_terms):
        weights = {t: (1 + math.log(tf)) * math.log(1 + total / df[t]) for t, tf in terms}
        # heapq.nlargest, as its documentation defines it (ties keep their order), but faster
        top = sorted(weights.items(), key=_WEIGHT, reverse=True)[:VECTOR_TERMS]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        vectors[page] = Vector(tuple(t for t, _ in top), array("d", [w / norm for _, w in top]))
    return vectors


def truncated_postings(
    vectors: dict[str, Vector], candidates: set[str]
) -> dict[str, list[tuple[float, str]]]:
    """Term → (weight, page) of the candidates, only the ``POSTINGS_PER_TERM`` heaviest: a
    term's list as it came while it is short enough, else ``heapq.nlargest`` of all it got —
    kept as a bounded heap meanwhile, so the postings of all pages never exist at once."""
    postings: dict[str, list[tuple[float, str]]] = defaultdict(list)
    full: set[str] = set()  # terms whose list became a heap
    for page, vector in vectors.items():
        if page in candidates:
            for term, weight in vector.items():
                plist = postings[term]
                if term in full:
                    heapq.heappushpop(plist, (weight, page))
                    continue
                plist.append((weight, page))
                if len(plist) > POSTINGS_PER_TERM:
                    heapq.heapify(plist)
                    heapq.heappop(plist)  # the smallest of the first ones
                    full.add(term)
    for term in full:
        postings[term].sort(reverse=True)  # as ``heapq.nlargest`` orders them
    return postings


def related_pages(
    key_terms: dict[str, list[tuple[str, int]]], candidates: set[str], count: int = 4
) -> dict[str, list[str]]:
    """For every page of ``key_terms``: up to ``count`` most similar pages among ``candidates``."""
    vectors = _vectors(key_terms)
    pages = list(vectors)
    number = {page: i for i, page in enumerate(pages)}
    postings = truncated_postings(vectors, candidates)
    lists = _postings(postings, number)
    del postings
    vector_list = list(vectors.values())
    id_rank = np.empty(len(pages), dtype=np.int64)  # ties go to the larger id, as strings
    id_rank[sorted(range(len(pages)), key=pages.__getitem__)] = np.arange(len(pages))
    result: dict[str, list[str]] = {}
    for first in range(0, len(pages), CHUNK):
        chosen = _best(lists, vector_list, first, min(first + CHUNK, len(pages)), id_rank, count)
        for page_number, others in chosen.items():
            result[pages[page_number]] = [pages[other] for other in others]
    return result


class _Postings(NamedTuple):
    """Every term's postings back to back: page numbers, weights, run starts and lengths."""

    term_id: dict[str, int]
    start: np.ndarray
    length: np.ndarray
    page: np.ndarray
    weight: np.ndarray


def _postings(postings: dict[str, list[tuple[float, str]]], number: dict[str, int]) -> _Postings:
    term_id = {term: i for i, term in enumerate(postings)}
    none = len(term_id)  # a term no candidate has: the empty run after all others
    length = np.array([len(plist) for plist in postings.values()] + [0], dtype=np.int64)
    flat = [entry for plist in postings.values() for entry in plist]
    return _Postings(
        defaultdict(lambda: none, term_id),
        np.concatenate(([0], np.cumsum(length)[:-1])),
        length,
        np.array([number[page] for _, page in flat], dtype=np.int64),
        np.array([weight for weight, _ in flat], dtype=np.float64),
    )


def _best(lists: _Postings, vectors: list, first: int, end: int, id_rank, count: int) -> dict:
    """The ``count`` best other pages of the pages ``first`` … ``end - 1``.

    Every page's strongest terms meet the postings of those terms; the products add up per
    pair of pages in the order the terms and postings come (``bincount`` adds in array order),
    so every score is the same float as a sum over the terms one after another."""
    # a vector is ordered by weight: its first terms are its strongest
    queries = [list(itertools.islice(vector.items(), QUERY_TERMS)) for vector in vectors[first:end]]
    q_page = np.repeat(np.arange(first, end, dtype=np.int64), [len(q) for q in queries])
    q_term = np.array([lists.term_id[t] for query in queries for t, _ in query], dtype=np.int64)
    q_weight = np.array([w for query in queries for _, w in query], dtype=np.float64)
    hits = lists.length[q_term]
    which = np.repeat(np.arange(len(q_term)), hits)
    offset = np.arange(len(which)) - np.repeat(np.cumsum(hits) - hits, hits)
    at = lists.start[q_term][which] + offset
    page, other = q_page[which], lists.page[at]
    product = q_weight[which] * lists.weight[at]
    keep = page != other
    pairs, slot = np.unique(page[keep] * len(id_rank) + other[keep], return_inverse=True)
    score = np.bincount(slot, weights=product[keep], minlength=len(pairs))
    page, other = pairs // len(id_rank), pairs % len(id_rank)
    order = np.lexsort((-id_rank[other], -score, page))
    page, other, score = page[order], other[order], score[order]
    rank = np.arange(len(page)) - np.searchsorted(page, page)  # place within its page
    chosen: dict[int, list[int]] = {number: [] for number in range(first, end)}
    shown = (rank < count) & (score > MIN_SCORE)
    for p, o in zip(page[shown].tolist(), other[shown].tolist(), strict=True):
        chosen[p].append(o)
    return chosen

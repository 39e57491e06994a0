"""„Mehr zum Thema“: pages related by their text, computed at build time from key terms.

Each page is a TF-IDF vector over its key terms (stored with the index, so an unchanged page is
not analysed again); related pages are the nearest by cosine similarity, found through an
inverted list of the vectors' strongest terms.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict

VECTOR_TERMS = 40
MAX_POSTINGS = 3000
MIN_SCORE = 0.0


def _vectors(key_terms: dict[str, list[tuple[str, int]]]) -> dict[str, dict[str, float]]:
    df: dict[str, int] = defaultdict(int)
    for terms in key_terms.values():
        for term, _ in terms:
            df[term] += 1
    total = max(len(key_terms), 1)
    vectors = {}
    for page, terms in key_terms.items():
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
    postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for page, vector in vectors.items():
        if page in candidates:
            for term, weight in vector.items():
                postings[term].append((page, weight))
    result: dict[str, list[str]] = {}
    for page, vector in vectors.items():
        scores: dict[str, float] = defaultdict(float)
        for term, weight in vector.items():
            plist = postings.get(term, ())
            if len(plist) > MAX_POSTINGS:
                continue
            for other, other_weight in plist:
                scores[other] += weight * other_weight
        scores.pop(page, None)
        best = heapq.nlargest(count, scores.items(), key=lambda kv: (kv[1], kv[0]))
        result[page] = [other for other, score in best if score > MIN_SCORE]
    return result

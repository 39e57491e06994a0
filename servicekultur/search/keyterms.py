"""Key terms of a page for „Mehr zum Thema“: its most frequent terms, weighted by field.

Computed from the inverted fields (``tokens.Inverted``) for all pages at once. The result is
the same as counting the terms of title and taxonomy (×3), headings and summary (×2) and body
(×1) in that order and taking ``Counter.most_common``: ties keep the order of first use.
"""

from __future__ import annotations

import numpy as np

from servicekultur.search.tokens import Inverted, TermTable

KEY_TERMS_PER_PAGE = 60
# Field → weight, in the order a page is read for its key terms.
KEY_FIELDS = {"title": 3, "meta": 3, "headings": 2, "summary": 2, "body": 1}


def first_rows(inv: Inverted) -> tuple[np.ndarray, np.ndarray]:
    """Row index of the first position of every (term, document) pair, and its frequency."""
    if not len(inv.term):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    new = np.empty(len(inv.term), dtype=bool)
    new[0] = True
    np.not_equal(inv.term[1:], inv.term[:-1], out=new[1:])
    new[1:] |= inv.doc[1:] != inv.doc[:-1]
    starts = np.flatnonzero(new)
    freq = np.diff(np.append(starts, len(inv.term)))
    return starts, freq


def _argsort_by(major: np.ndarray, minor: np.ndarray) -> np.ndarray:
    """Order of rows sorted by ``major``, then ``minor`` (both non-negative)."""
    span = int(minor.max()) + 1
    if int(major.max()) * span < 2**62:
        return np.argsort(major * span + minor)
    return np.lexsort((minor, major))


def key_terms(
    inverted: dict[str, Inverted],
    table: TermTable,
    is_page: np.ndarray,
    limit: int = KEY_TERMS_PER_PAGE,
) -> dict[int, list[tuple[str, int]]]:
    """Document number → its key terms with their weights, for the documents marked in
    ``is_page`` (a boolean per document)."""
    eligible = np.array([len(t) > 2 and not t.isdigit() for t in table.terms] or [False])
    pos_span = max((int(i.pos.max()) + 1 for i in inverted.values() if len(i.pos)), default=1)
    var_span = max((int(i.variant.max()) + 1 for i in inverted.values() if len(i.pos)), default=1)
    docs, terms, weights, orders = [], [], [], []
    for rank, (name, weight) in enumerate(KEY_FIELDS.items()):
        inv = inverted[name]
        starts, freq = first_rows(inv)
        term, doc = inv.term[starts].astype(np.int64), inv.doc[starts].astype(np.int64)
        keep = eligible[term] & is_page[doc]
        docs.append(doc[keep])
        terms.append(term[keep])
        weights.append(freq[keep] * weight)
        pos, variant = inv.pos[starts].astype(np.int64), inv.variant[starts].astype(np.int64)
        order = (rank * pos_span + pos) * var_span + variant
        orders.append(order[keep])
    doc, term = np.concatenate(docs), np.concatenate(terms)
    weight, order = np.concatenate(weights), np.concatenate(orders)
    if not len(doc):
        return {}
    # Group the (page, term) pairs of all fields: sum the weights, keep the first use.
    sort = _argsort_by(doc * len(table.terms) + term, order)
    doc, term, weight, order = doc[sort], term[sort], weight[sort], order[sort]
    group = np.flatnonzero(np.r_[True, (doc[1:] != doc[:-1]) | (term[1:] != term[:-1])])
    total = np.add.reduceat(weight, group)
    doc, term, first_order = doc[group], term[group], order[group]
    ranked = _argsort_by(doc * (int(total.max()) + 1) + (int(total.max()) - total), first_order)
    doc, term, total = doc[ranked], term[ranked], total[ranked]
    start_of = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
    rank_in_doc = np.arange(len(doc)) - np.repeat(start_of, np.diff(np.r_[start_of, len(doc)]))
    keep = rank_in_doc < limit
    result: dict[int, list[tuple[str, int]]] = {}
    words = table.terms
    for d, t, n in zip(doc[keep].tolist(), term[keep].tolist(), total[keep].tolist(), strict=True):
        result.setdefault(d, []).append((words[t], n))
    return result

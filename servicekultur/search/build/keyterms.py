"""Key terms of a page for „Mehr zum Thema“: its most frequent terms, weighted by field.

Computed from the inverted fields (``analysis.inverted.Inverted``) for all pages at once. The
result is the same as counting the terms of title and taxonomy (×3), headings and summary (×2)
and body (×1) in that order and taking ``Counter.most_common``: ties keep the order of first
use.
"""

from __future__ import annotations

import itertools

import numpy as np

from servicekultur.search.analysis.inverted import Inverted, TermTable, first_rows
from servicekultur.search.analysis.termlist import TermList

KEY_TERMS_PER_PAGE = 60
# Pages ranked together: bounds the temporary arrays (~200 bytes per distinct term of a page in
# each field; 4000 pages at once cost ~80 MiB at the peak, 250 cost ~5 MiB).
DOCUMENTS_PER_PASS = 250
# Field → weight, in the order a page is read for its key terms.
KEY_FIELDS = {"title": 3, "meta": 3, "headings": 2, "summary": 2, "body": 1}


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
) -> dict[int, str]:
    """Document number → its key terms with their weights, for the documents marked in
    ``is_page`` (a boolean per document), encoded as ``KeyTerms`` keeps them until a page is
    asked for ("term<TAB>weight" lines): one string a page instead of 60 tuples."""
    eligible = np.array([len(t) > 2 and not t.isdigit() for t in table.terms] or [False])
    pos_span = max((int(i.pos.max()) + 1 for i in inverted.values() if len(i.pos)), default=1)
    var_span = max((int(i.variant.max()) + 1 for i in inverted.values() if len(i.pos)), default=1)
    rows = []  # per field: (document, term, weighted frequency, order of first use)
    for rank, (name, weight) in enumerate(KEY_FIELDS.items()):
        inv = inverted[name]
        starts, freq = first_rows(inv)
        term, doc = inv.term[starts], inv.doc[starts]
        by_doc = np.flatnonzero(eligible[term] & is_page[doc])
        by_doc = by_doc[np.argsort(doc[by_doc], kind="stable")]
        starts, term, doc = starts[by_doc], term[by_doc], doc[by_doc]
        weighted = freq[by_doc] * weight
        del by_doc, freq
        # (rank * pos_span + pos) * var_span + variant, in place: the body field has millions
        # of rows, and every 64-bit temporary of them would count at the job's peak.
        order = inv.pos[starts].astype(np.int64)
        order += rank * pos_span
        order *= var_span
        order += inv.variant[starts]
        rows.append((doc, term, weighted, order))  # by document
    result: dict[int, str] = {}
    for low in range(0, len(is_page), DOCUMENTS_PER_PASS):
        high = low + DOCUMENTS_PER_PASS
        part = []
        for doc, *rest in rows:
            a, b = np.searchsorted(doc, [low, high]).tolist()
            part.append([column[a:b] for column in (doc, *rest)])
        columns = [np.concatenate(c) for c in zip(*part, strict=True)]
        result.update(_top_terms(*columns, len(table.terms), table.terms, limit))
    return result


def _top_terms(doc, term, weight, order, term_count: int, words: TermList, limit: int):
    if not len(doc):
        return {}
    doc = doc.astype(np.int64)
    # Group the (page, term) pairs of all fields: sum the weights, keep the first use.
    sort = _argsort_by(doc * term_count + term, order)
    doc, term, weight, order = doc[sort], term[sort], weight[sort], order[sort]
    group = np.flatnonzero(np.r_[True, (doc[1:] != doc[:-1]) | (term[1:] != term[:-1])])
    total = np.add.reduceat(weight, group)
    doc, term, first_order = doc[group], term[group], order[group]
    most = int(total.max())
    ranked = _argsort_by(doc * (most + 1) + (most - total), first_order)
    doc, term, total = doc[ranked], term[ranked], total[ranked]
    start_of = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1]])
    rank_in_doc = np.arange(len(doc)) - np.repeat(start_of, np.diff(np.r_[start_of, len(doc)]))
    keep = rank_in_doc < limit
    doc, names, total = doc[keep], words.strings(term[keep]), total[keep].tolist()
    bounds = np.flatnonzero(np.r_[True, doc[1:] != doc[:-1], True]).tolist()
    return {
        int(doc[a]): "\n".join(f"{n}\t{t}" for n, t in zip(names[a:b], total[a:b], strict=True))
        for a, b in itertools.pairwise(bounds)
    }

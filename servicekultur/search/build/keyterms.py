"""Key terms of a page for „Mehr zum Thema“: its most frequent terms, weighted by field.

Computed from the inverted fields (``analysis.inverted.Inverted``) for all pages at once. The
result is the same as counting the terms of title and taxonomy (×3), headings and summary (×2)
and body (×1) in that order and taking ``Counter.most_common``: ties keep the order of first
use.
"""

from __future__ import annotations

import itertools

import numpy as np

from servicekultur.search.analysis.inverted import Inverted, TermTable, first_rows, term_runs
from servicekultur.search.analysis.termlist import TermList

KEY_TERMS_PER_PAGE = 60
# Pages ranked together: bounds the temporary arrays (~200 bytes per distinct term of a page in
# each field; 4000 pages at once cost ~80 MiB at the peak, 250 cost ~5 MiB). Between passes
# only a page's first rows and frequencies are kept (8 bytes per term of a page and field).
DOCUMENTS_PER_PASS = 250
PAIRS_PER_STEP = 1 << 18  # rows grouped by pass together (bounds the temporary arrays)
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
    passes = range(0, len(is_page), DOCUMENTS_PER_PASS)
    fields = [_pairs_by_pass(inverted[name], is_page, eligible, len(passes)) for name in KEY_FIELDS]
    result: dict[int, str] = {}
    for number in range(len(passes)):
        part = []
        for rank, ((inv, starts, freq, bounds), weight) in enumerate(
            zip(fields, KEY_FIELDS.values(), strict=True)
        ):
            a, b = int(bounds[number]), int(bounds[number + 1])
            first = starts[a:b]
            # (rank * pos_span + pos) * var_span + variant: the order of first use
            order = inv.pos[first].astype(np.int64)
            order += rank * pos_span
            order *= var_span
            order += inv.variant[first]
            part.append((inv.doc[first], inv.term[first], freq[a:b] * weight, order))
        columns = [np.concatenate(c) for c in zip(*part, strict=True)]
        result.update(_top_terms(*columns, len(table.terms), table.terms, limit))
    return result


def _pairs_by_pass(inv: Inverted, is_page: np.ndarray, eligible: np.ndarray, passes: int):
    """The field's (term, page) pairs of eligible terms, grouped by the pass of their page:
    ``(inv, starts, freq, bounds)`` (each pair's first row and frequency), pass ``k`` being
    pairs ``bounds[k]:bounds[k + 1]``.

    A counting sort over runs of whole terms (``PAIRS_PER_STEP`` rows each), straight into
    32-bit columns: no array over all rows or pairs of the field is made besides the result
    (a 64-bit index of all pairs, then the pairs twice, cost ~100 MiB for the body of 10,000
    pages)."""
    runs = term_runs(inv.term, PAIRS_PER_STEP)

    def step(low: int, high: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        run = Inverted(*(column[low:high] for column in (inv.term, inv.doc, inv.pos, inv.variant)))
        first, freq = first_rows(run)  # a run holds its terms' pairs whole
        doc = run.doc[first]
        keep = is_page[doc]
        keep &= eligible[run.term[first]]
        first, freq = first[keep], freq[keep]
        first += low
        return first, freq, doc[keep] // DOCUMENTS_PER_PASS

    per_pass = np.zeros(passes, dtype=np.int64)
    for low, high in runs:
        per_pass += np.bincount(step(low, high)[2], minlength=passes)
    bounds = np.r_[0, np.cumsum(per_pass)]
    dtype = np.int32 if len(inv.term) < 2**31 else np.int64
    starts, freqs = (np.empty(int(bounds[-1]), dtype=dtype) for _ in range(2))
    next_row = bounds[:-1].copy()  # where each pass's next pair goes
    for low, high in runs:
        first, freq, bucket = step(low, high)
        order = np.argsort(bucket, kind="stable")
        bucket = bucket[order]
        in_step = np.bincount(bucket, minlength=passes)
        place = next_row[bucket] - (np.cumsum(in_step) - in_step)[bucket]
        place += np.arange(len(bucket))
        starts[place] = first[order]
        freqs[place] = freq[order]
        next_row += in_step
    return inv, starts, freqs, bounds


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

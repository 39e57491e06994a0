"""Analysed fields as inverted arrays: every written word expanded into its terms, sorted.

The analyzer is asked once per distinct spelling (``term_table``); ``invert`` then turns the word
ids of a field into rows (term, document, position, variant) sorted the way the index writer
and the key terms need them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from servicekultur.search.analysis.analyzer import GermanAnalyzer
from servicekultur.search.analysis.tokens import document_numbers


@dataclass
class TermTable:
    """The analysed terms of every written word, as arrays (terms sorted by their bytes)."""

    terms: list[str]  # term id → term
    counts: np.ndarray  # word id → number of terms
    starts: np.ndarray  # word id → first index into ``flat``
    flat: np.ndarray  # term ids of all words, one word after the other


def term_table(words: list[str], analyzer: GermanAnalyzer) -> TermTable:
    analysed = analyzer.terms_of_each(words)
    terms = sorted({t for ts in analysed for t in ts}, key=lambda t: t.encode("utf-8"))
    term_id = {term: i for i, term in enumerate(terms)}
    counts = np.array([len(ts) for ts in analysed], dtype=np.int32)
    flat = np.array([term_id[t] for ts in analysed for t in ts], dtype=np.int32)
    starts = (np.cumsum(counts) - counts).astype(np.int32)
    return TermTable(terms, counts, starts, flat)


@dataclass
class Inverted:
    """One field of some documents, sorted by term, document and position.

    One row per (term, document, position); ``variant`` is the term's rank among the terms of
    its word (the stem first, then compound and hyphen parts).
    """

    term: np.ndarray
    doc: np.ndarray
    pos: np.ndarray
    variant: np.ndarray


def expand(ids: np.ndarray, counts: np.ndarray, table: TermTable) -> Inverted:
    """The words of one field as term rows (term, document, position, variant), unsorted."""
    word_doc = document_numbers(counts)
    first_word = (np.cumsum(counts) - counts).astype(np.int32)
    word_pos = np.arange(len(ids), dtype=np.int32) - first_word[word_doc]
    per_word = table.counts[ids]
    word = np.repeat(np.arange(len(ids), dtype=np.int32), per_word)
    first_term = (np.cumsum(per_word) - per_word).astype(np.int32)
    variant = np.arange(len(word), dtype=np.int32) - first_term[word]
    term = table.flat[table.starts[ids][word] + variant]
    return Inverted(term, word_doc[word], word_pos[word], variant)


def invert(ids: np.ndarray, counts: np.ndarray, table: TermTable) -> Inverted:
    """Expand the words of one field into terms and sort them by term, document, position."""
    doc_count = len(counts)
    rows = expand(ids, counts, table)
    term, doc, pos, variant = rows.term, rows.doc, rows.pos, rows.variant
    del rows
    pos_span = int(pos.max()) + 1 if len(pos) else 1
    variant_span = int(variant.max()) + 1 if len(variant) else 1
    if len(table.terms) * doc_count * pos_span * variant_span >= 2**62:
        order = np.lexsort((variant, pos, doc, term))
        return _compact(Inverted(term[order], doc[order], pos[order], variant[order]))
    # One 64-bit key per row, built and taken apart in place: a copy of it costs 8 bytes a
    # row, and the body field of 10,000 pages has millions of rows.
    key = term.astype(np.int64)
    del term
    for column, span in ((doc, doc_count), (pos, pos_span), (variant, variant_span)):
        key *= span
        key += column
    del doc, pos, variant, column
    key.sort()
    scratch = np.empty_like(key)
    columns = []
    for span, dtype in ((variant_span, np.int8), (pos_span, np.int32), (doc_count, np.int32)):
        np.remainder(key, span, out=scratch)
        columns.append(scratch.astype(dtype))
        key //= span
    del scratch
    variant, pos, doc = columns
    return _compact(Inverted(key, doc, pos, variant))


def _compact(inv: Inverted) -> Inverted:
    """32-bit columns (8-bit variants): the plan keeps these arrays while pages are written."""
    return Inverted(
        inv.term.astype(np.int32, copy=False),
        inv.doc.astype(np.int32, copy=False),
        inv.pos.astype(np.int32, copy=False),
        inv.variant.astype(np.int8, copy=False),
    )


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
    if len(inv.term) < 2**31:  # 32 bits: these live as long as a field is written
        return starts.astype(np.int32), freq.astype(np.int32)
    return starts, freq

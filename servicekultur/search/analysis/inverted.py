"""Analysed fields as inverted arrays: every written word expanded into its terms, sorted.

The analyzer is asked once per distinct spelling (``term_table``); ``invert`` then turns the word
ids of a field into rows (term, document, position, variant) sorted the way the index writer
and the key terms need them.
"""

from __future__ import annotations

import itertools
from array import array
from dataclasses import dataclass

import numpy as np

from servicekultur.search.analysis.analyzer import GermanAnalyzer
from servicekultur.search.analysis.termlist import TermList
from servicekultur.search.analysis.tokens import counts_of, document_numbers


@dataclass
class TermTable:
    """The analysed terms of every written word, as arrays (terms sorted by their bytes)."""

    terms: TermList  # term id → term
    counts: np.ndarray  # word id → number of terms
    starts: np.ndarray  # word id → first index into ``flat``
    flat: np.ndarray  # term ids of all words, one word after the other


def term_table(words: list[str], analyzer: GermanAnalyzer) -> TermTable:
    """The terms of each of ``words`` (distinct spellings), numbered as they come and then
    renumbered in byte order: no tuple of terms is kept per word."""
    number: dict[str, int] = {}  # term → its number in order of first use
    counts, flat = array("i"), array("i")
    for terms in analyzer.terms_of_each(words):
        counts.append(len(terms))
        flat.extend([number.setdefault(term, len(number)) for term in terms])
    terms = sorted(number, key=lambda t: t.encode("utf-8"))
    renumber = np.empty(len(terms), dtype=np.int32)
    renumber[[number[term] for term in terms]] = np.arange(len(terms), dtype=np.int32)
    del number
    counts_array = np.frombuffer(counts, dtype=np.int32)
    starts = (np.cumsum(counts_array) - counts_array).astype(np.int32)
    flat_ids = renumber[np.frombuffer(flat, dtype=np.int32)]
    return TermTable(TermList.of(terms), counts_array, starts, flat_ids)


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


WORDS_PER_PASS = 1 << 17  # words expanded together (bounds the temporary arrays)


def invert(ids: np.ndarray, counts: np.ndarray, table: TermTable) -> Inverted:
    """Expand the words of one field into terms and sort them by term, document, position.

    A counting sort by term: ``expand`` gives the rows in document and position order, so
    each pass over some documents sorts its rows by term (stably) and puts them after the
    rows of earlier passes with the same term. Only the four sorted columns exist at full
    size (13 bytes a row); a sort of all rows at once needed a 64-bit key and its copy."""
    term_rows = rows_per_term(ids, table)
    next_row = np.cumsum(term_rows) - term_rows  # where each term's next row goes
    total = int(term_rows.sum())
    doc = np.empty(total, dtype=np.int32)
    pos = np.empty(total, dtype=np.int32)
    variant = np.empty(total, dtype=np.int8)
    ends = np.cumsum(counts, dtype=np.int64)  # words up to the end of each document
    low = 0
    while low < len(counts):
        first = int(ends[low - 1]) if low else 0
        high = max(low + 1, int(np.searchsorted(ends, first + WORDS_PER_PASS, side="right")))
        rows = expand(ids[first : int(ends[high - 1])], counts[low:high], table)
        # stable order by term: (term, row) as one 64-bit key (numpy sorts those fast)
        key = rows.term.astype(np.int64) << 32
        key |= np.arange(len(key))
        key.sort()
        order, term = key & 0xFFFFFFFF, (key >> 32).astype(np.int32)
        del key
        in_pass = np.bincount(term, minlength=len(term_rows))
        # the k-th row of a term in this pass goes to that term's next row + k
        place = next_row[term] - (np.cumsum(in_pass) - in_pass)[term]
        place += np.arange(len(term))
        doc[place] = rows.doc[order] + low
        pos[place] = rows.pos[order]
        variant[place] = rows.variant[order]
        next_row += in_pass
        low = high
    term = np.repeat(np.arange(len(term_rows), dtype=np.int32), term_rows)
    return Inverted(term, doc, pos, variant)


def rows_per_term(ids: np.ndarray, table: TermTable) -> np.ndarray:
    """How many rows each term has in the words ``ids``: the uses of each written word, added
    up over the terms of that word."""
    uses = counts_of(ids, len(table.counts))
    per_entry = np.repeat(uses, table.counts)  # for each entry of ``table.flat``
    found = np.bincount(table.flat, weights=per_entry, minlength=len(table.terms))
    return found.astype(np.int64)  # sums of whole numbers below 2**53: exact


ROWS_PER_PASS = 1 << 18  # rows compared together by ``first_rows`` (bounds its temporaries)


def _new_pairs(inv: Inverted, low: int, high: int) -> np.ndarray:
    """Whether each row of ``low:high`` starts a (term, document) pair."""
    before = max(low - 1, 0)
    term, doc = inv.term[before:high], inv.doc[before:high]
    new = term[1:] != term[:-1]
    new |= doc[1:] != doc[:-1]
    return np.r_[True, new] if low == 0 else new


def pair_counts(inv: Inverted) -> list[int]:
    """The number of (term, document) pairs starting in each pass of ``ROWS_PER_PASS`` rows."""
    passes = range(0, len(inv.term), ROWS_PER_PASS)
    return [int(np.count_nonzero(_new_pairs(inv, low, low + ROWS_PER_PASS))) for low in passes]


def first_rows(inv: Inverted) -> tuple[np.ndarray, np.ndarray]:
    """Row index of the first position of every (term, document) pair, and its frequency.

    Worked out ``ROWS_PER_PASS`` rows at a time, straight into 32-bit arrays (64-bit above
    2**31 rows): for the body of 10,000 pages, the whole-field boolean masks and 64-bit index
    arrays cost ~90 MiB at the index job's peak, twice (key terms, then the writer)."""
    total = len(inv.term)
    dtype = np.int32 if total < 2**31 else np.int64
    if not total:
        return np.zeros(0, dtype), np.zeros(0, dtype)
    counts = pair_counts(inv)
    starts = np.empty(sum(counts), dtype=dtype)
    filled = 0
    for low, count in zip(range(0, total, ROWS_PER_PASS), counts, strict=True):
        found = np.flatnonzero(_new_pairs(inv, low, low + ROWS_PER_PASS))
        found += low
        starts[filled : filled + count] = found
        filled += count
    freq = np.empty_like(starts)
    np.subtract(starts[1:], starts[:-1], out=freq[:-1])
    freq[-1] = total - starts[-1]
    return starts, freq


def term_runs(term: np.ndarray, rows: int) -> list[tuple[int, int]]:
    """Cut rows sorted by ``term`` into runs of about ``rows`` rows that never split a term."""
    cuts = [0]
    while cuts[-1] + rows < len(term):
        at = term[cuts[-1] + rows]
        cut = int(np.searchsorted(term, at, side="left"))
        if cut <= cuts[-1]:  # one term has more rows than a run: it is a run of its own
            cut = int(np.searchsorted(term, at, side="right"))
        cuts.append(cut)
    if cuts[-1] < len(term):
        cuts.append(len(term))
    return list(itertools.pairwise(cuts))

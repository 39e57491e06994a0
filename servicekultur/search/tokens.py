"""Documents read once into arrays of word ids: vocabulary, key terms and postings come from them.

Each text field of each document is split into written words (``words_in``) exactly once; a
word becomes the id of its spelling. Everything after that works on numpy arrays: the
document frequency of words (the compound dictionary), the analysed terms of every position
(``GermanAnalyzer.word_terms`` is asked once per distinct spelling) and the inverted lists
the index writer needs.
"""

from __future__ import annotations

import itertools
from array import array
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from servicekultur.forking import Child, can_fork
from servicekultur.search.analysis import GermanAnalyzer
from servicekultur.search.analysis.folding import WORD
from servicekultur.search.documents import SearchDocument
from servicekultur.search.schema import TEXT_FIELDS


def field_texts(doc: SearchDocument) -> tuple[str, ...]:
    """The texts of the analysed fields, in the order of ``TEXT_FIELDS``."""
    texts = {
        "title": doc.title,
        "headings": " . ".join(doc.headings),
        "meta": doc.meta_text,
        "summary": doc.summary,
        "body": doc.body,
    }
    return tuple(texts[name] for name in TEXT_FIELDS)


@dataclass
class Tokens:
    """The written words of some documents: ids into ``words``, per text field."""

    words: list[str]
    ids: dict[str, np.ndarray]  # field → word ids of all documents, one after the other
    counts: dict[str, np.ndarray]  # field → number of words of each document

    @property
    def doc_count(self) -> int:
        return len(next(iter(self.counts.values()))) if self.counts else 0


MIN_DOCUMENTS_PER_PROCESS = 2000  # below this a second process costs more than it saves


def tokenize(documents: Sequence[SearchDocument], procs: int = 1) -> Tokens:
    """Split every text field of every document into words, once (``procs`` processes)."""
    parts = max(1, min(procs, len(documents) // MIN_DOCUMENTS_PER_PROCESS))
    if parts == 1 or not can_fork():
        return _tokenize(documents)
    bounds = [len(documents) * k // parts for k in range(parts + 1)]
    children = [
        Child(_tokenize, documents[a:b], name="kb-search-tokenize")
        for a, b in itertools.pairwise(bounds[1:])
    ]
    try:
        parts_done = [_tokenize(documents[: bounds[1]])]
        parts_done += [child.result() for child in children]
    except BaseException:
        for child in children:
            child.stop()
        raise
    return _join(parts_done)


def _join(parts: list[Tokens]) -> Tokens:
    """One :class:`Tokens` for consecutive document ranges tokenized apart."""
    index: dict[str, int] = {}
    ids: dict[str, list[np.ndarray]] = {name: [] for name in TEXT_FIELDS}
    for part in parts:
        mapping = np.array([index.setdefault(w, len(index)) for w in part.words] or [0])
        for name in TEXT_FIELDS:
            ids[name].append(mapping[part.ids[name]].astype(np.int32))
    return Tokens(
        words=list(index),
        ids={name: np.concatenate(arrays) for name, arrays in ids.items()},
        counts={name: np.concatenate([p.counts[name] for p in parts]) for name in TEXT_FIELDS},
    )


class _Pieces(dict):
    """Whitespace-separated piece of text → ids of its words (pieces repeat a lot)."""

    def __init__(self, word_id) -> None:
        super().__init__()
        self.word_id = word_id

    def __missing__(self, piece: str) -> tuple[int, ...]:
        value = self[piece] = tuple(map(self.word_id, WORD.findall(piece)))
        return value


def _tokenize(documents: Sequence[SearchDocument]) -> Tokens:
    # A word never spans whitespace, so the words of a text are the words of its pieces.
    index: defaultdict[str, int] = defaultdict(itertools.count().__next__)
    piece_ids = _Pieces(index.__getitem__).__getitem__
    chain = itertools.chain.from_iterable
    ids = {name: array("i") for name in TEXT_FIELDS}
    counts = {name: array("i") for name in TEXT_FIELDS}
    for doc in documents:
        for name, text in zip(TEXT_FIELDS, field_texts(doc), strict=True):
            out = ids[name]
            before = len(out)
            out.extend(chain(map(piece_ids, text.split())))
            counts[name].append(len(out) - before)
    return Tokens(
        words=list(index),
        ids={name: np.frombuffer(values, dtype=np.int32) for name, values in ids.items()},
        counts={name: np.frombuffer(values, dtype=np.int32) for name, values in counts.items()},
    )


def document_numbers(counts: np.ndarray) -> np.ndarray:
    """For each word of a field, the number of its document."""
    return np.repeat(np.arange(len(counts), dtype=np.int32), counts)


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting (numpy 2's hash-based ``unique`` is far slower on big arrays)."""
    values = np.sort(values)
    if len(values):
        values = values[np.r_[True, values[1:] != values[:-1]]]
    return values


def vocabulary(tokens: Tokens) -> Counter:
    """Written words (lower-case, no numbers) with the number of documents using them."""
    lower: dict[str, int] = {}
    lower_id = np.array(
        [-1 if w.isdigit() else lower.setdefault(w.lower(), len(lower)) for w in tokens.words],
        dtype=np.int32,
    )
    if not lower:
        return Counter()
    keys = []
    wide = tokens.doc_count * len(lower) >= 2**31
    for name in TEXT_FIELDS:
        ids = lower_id[tokens.ids[name]]
        keep = ids >= 0
        doc = document_numbers(tokens.counts[name])[keep]
        if wide:
            doc = doc.astype(np.int64)
        keys.append(sorted_unique(doc * len(lower) + ids[keep]))
    pairs = np.concatenate(keys)  # distinct: one field's pairs are distinct
    pairs = sorted_unique(pairs)
    frequency = np.bincount(pairs % len(lower), minlength=len(lower))
    return Counter(dict(zip(lower, frequency.tolist(), strict=True)))


@dataclass
class TermTable:
    """The analysed terms of every written word, as arrays (terms sorted by their bytes)."""

    terms: list[str]  # term id → term
    counts: np.ndarray  # word id → number of terms
    starts: np.ndarray  # word id → first index into ``flat``
    flat: np.ndarray  # term ids of all words, one word after the other


def term_table(words: list[str], analyzer: GermanAnalyzer) -> TermTable:
    analysed = [analyzer.word_terms(word) for word in words]
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


def invert(ids: np.ndarray, counts: np.ndarray, table: TermTable) -> Inverted:
    """Expand the words of one field into terms and sort them by term, document, position."""
    doc_count = len(counts)
    word_doc = document_numbers(counts)
    first_word = (np.cumsum(counts) - counts).astype(np.int32)
    word_pos = np.arange(len(ids), dtype=np.int32) - first_word[word_doc]
    per_word = table.counts[ids]
    word = np.repeat(np.arange(len(ids), dtype=np.int32), per_word)
    first_term = (np.cumsum(per_word) - per_word).astype(np.int32)
    variant = np.arange(len(word), dtype=np.int32) - first_term[word]
    term = table.flat[table.starts[ids][word] + variant]
    pos, doc = word_pos[word], word_doc[word]
    del word_doc, word_pos, word, first_term
    pos_span = int(pos.max()) + 1 if len(pos) else 1
    variant_span = int(variant.max()) + 1 if len(variant) else 1
    if len(table.terms) * doc_count * pos_span * variant_span >= 2**62:
        order = np.lexsort((variant, pos, doc, term))
        return _compact(Inverted(term[order], doc[order], pos[order], variant[order]))
    key = term.astype(np.int64) * doc_count + doc
    key = (key * pos_span + pos) * variant_span + variant
    del term, doc, pos, variant
    key.sort()
    key, variant = np.divmod(key, variant_span)
    variant = variant.astype(np.int8)
    key, pos = np.divmod(key, pos_span)
    pos = pos.astype(np.int32)
    term, doc = np.divmod(key, doc_count)
    return _compact(Inverted(term, doc, pos, variant))


def _compact(inv: Inverted) -> Inverted:
    """32-bit columns (8-bit variants): the plan keeps these arrays while pages are written."""
    return Inverted(
        inv.term.astype(np.int32, copy=False),
        inv.doc.astype(np.int32, copy=False),
        inv.pos.astype(np.int32, copy=False),
        inv.variant.astype(np.int8, copy=False),
    )

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
from servicekultur.search.analysis.folding import WORD
from servicekultur.search.documents import TEXT_FIELDS, SearchDocument, field_texts


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


COUNT_STEP = 1 << 20  # values counted together by ``counts_of``


def counts_of(values: np.ndarray, size: int) -> np.ndarray:
    """``np.bincount(values, minlength=size)`` for values below ``size``, a slice at a time:
    numpy copies its input to 64 bits first (36 MiB for the body of 10,000 pages, at the index
    job's peak)."""
    counts = np.zeros(size, dtype=np.int64)
    for low in range(0, len(values), COUNT_STEP):
        counts += np.bincount(values[low : low + COUNT_STEP], minlength=size)
    return counts


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """``np.unique`` by sorting (numpy 2's hash-based ``unique`` is far slower on big arrays)."""
    values = np.sort(values)
    if len(values):
        values = values[np.r_[True, values[1:] != values[:-1]]]
    return values


DOCUMENTS_PER_PASS = 2000  # documents counted together (bounds the temporary arrays)


def vocabulary(tokens: Tokens) -> Counter:
    """Written words (lower-case, no numbers) with the number of documents using them."""
    lower: dict[str, int] = {}
    lower_id = np.array(
        [-1 if w.isdigit() else lower.setdefault(w.lower(), len(lower)) for w in tokens.words],
        dtype=np.int32,
    )
    if not lower:
        return Counter()
    frequency = np.zeros(len(lower), dtype=np.int64)
    ends = {name: np.cumsum(tokens.counts[name], dtype=np.int64) for name in TEXT_FIELDS}
    # Documents of one pass are distinct from those of any other: their counts add up.
    for low in range(0, tokens.doc_count, DOCUMENTS_PER_PASS):
        high = min(low + DOCUMENTS_PER_PASS, tokens.doc_count)
        wide = (high - low) * len(lower) >= 2**31
        keys = []
        for name in TEXT_FIELDS:
            first = int(ends[name][low - 1]) if low else 0
            ids = lower_id[tokens.ids[name][first : int(ends[name][high - 1])]]
            keep = ids >= 0
            doc = document_numbers(tokens.counts[name][low:high])[keep]
            if wide:
                doc = doc.astype(np.int64)
            keys.append(sorted_unique(doc * len(lower) + ids[keep]))
        pairs = sorted_unique(np.concatenate(keys))  # one field's pairs are distinct already
        frequency += np.bincount(pairs % len(lower), minlength=len(lower))
    return Counter(dict(zip(lower, frequency.tolist(), strict=True)))

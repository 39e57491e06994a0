"""The index job's memory savings are exact: a packed document reads and hashes like the plain
one, and the in-place inversion sorts rows exactly as a lexicographic sort does."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from servicekultur.search.analysis.inverted import TermTable, expand, invert
from servicekultur.search.build.fingerprints import group_fingerprints
from servicekultur.search.documents import SearchDocument, field_texts, packed
from servicekultur.search.store.schema import plain_fields


def _document() -> SearchDocument:
    return SearchDocument(
        id="/artikel/a/",
        url="/artikel/a/",
        type="artikel",
        title="Faire Fristen",
        summary="Kurz",
        headings=["Erstens", "Zweitens"],
        body="„Kundenpflege“ heißt: zuhören – und antworten. " * 50,
        tags=["Fristen"],
    )


def test_a_packed_document_reads_and_hashes_like_the_plain_one():
    plain = _document()
    small = packed(plain)
    again = pickle.loads(pickle.dumps(small))
    for doc in (small, again):
        assert doc.body == plain.body
        assert field_texts(doc) == field_texts(plain)
        assert plain_fields(doc) == plain_fields(plain)
    assert group_fingerprints({"g": [small]}) == group_fingerprints({"g": [plain]})
    assert len(small._body) < len(plain.body.encode("utf-8")) // 4


def _reference(ids, counts, table):
    """The rows of ``invert`` sorted by ``np.lexsort`` (its path for very large spans)."""
    rows = expand(ids, counts, table)
    term, doc, pos, variant = rows.term, rows.doc, rows.pos, rows.variant
    order = np.lexsort((variant, pos, doc, term))
    return term[order], doc[order], pos[order], variant[order]


@pytest.mark.parametrize("seed", range(8))
def test_in_place_inversion_sorts_like_lexsort(seed):
    rng = np.random.default_rng(seed)
    words, docs = int(rng.integers(1, 300)), int(rng.integers(1, 40))
    counts = rng.multinomial(int(rng.integers(0, 3000)), [1 / docs] * docs).astype(np.int32)
    ids = rng.integers(0, words, counts.sum()).astype(np.int32)
    per_word = rng.integers(0, 4, words).astype(np.int32)
    flat = rng.integers(0, 500, per_word.sum()).astype(np.int32)
    starts = (np.cumsum(per_word) - per_word).astype(np.int32)
    table = TermTable([str(i) for i in range(500)], per_word, starts, flat)
    inv = invert(ids, counts, table)
    got = (inv.term, inv.doc, inv.pos, inv.variant)
    for column, want in zip(got, _reference(ids, counts, table), strict=True):
        assert np.array_equal(column, want)
    assert (inv.term.dtype, inv.doc.dtype, inv.pos.dtype) == (np.int32,) * 3
    assert inv.variant.dtype == np.int8

"""The index job's memory savings are exact: a packed document reads and hashes like the plain
one, the inversion pass by pass sorts rows exactly as a lexicographic sort does, and the terms
kept in one buffer read back as the list they were made of."""

from __future__ import annotations

import pickle
import weakref

import numpy as np
import pytest

from servicekultur.search.analysis import inverted, load_analyzer
from servicekultur.search.analysis.inverted import Inverted, TermTable, expand, first_rows, invert
from servicekultur.search.analysis.termlist import TermList
from servicekultur.search.build.fingerprints import group_fingerprints
from servicekultur.search.documents import (
    BodySpill,
    SearchDocument,
    SpilledBody,
    field_texts,
    packed,
)
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


def test_documents_packed_with_the_values_seen_share_the_equal_ones():
    seen: dict = {}
    # as they arrive in two pickled batches: every value a copy of its own
    first, second = (pickle.loads(pickle.dumps(_document())) for _ in range(2))
    second.id = second.url = "/artikel/b/"
    one, two = packed(first, seen), packed(second, seen)
    assert two.headings is one.headings and two.tags is one.tags and two.type is one.type
    assert two.url is two.id and one.url is one.id and two.id != one.id
    for doc, plain in ((one, first), (two, second)):
        assert plain_fields(doc) == plain_fields(plain) and doc.body == plain.body
        assert group_fingerprints({"g": [doc]}) == group_fingerprints({"g": [plain]})
    assert type(one.headings) is list  # the fingerprints hash the types, too


def test_a_spilled_document_reads_like_the_plain_one_and_holds_no_body(tmp_path):
    plain = [_document(), SearchDocument(id="/b/", url="/b/", type="artikel", title="B")]
    plain[1].body = "Rückmeldung nach drei Wochen"
    with BodySpill(tmp_path / "var") as spill:
        spilled = [spill.keep(packed(doc)) for doc in plain]
        assert not list((tmp_path / "var").iterdir())  # an unnamed file: nothing to clean up
        for doc, want in zip(spilled, plain, strict=True):
            assert isinstance(doc._body, SpilledBody)
            assert doc.body == want.body
            assert field_texts(doc) == field_texts(want)
            assert plain_fields(doc) == plain_fields(want)
        assert spill.keep(spilled[0]) is spilled[0]  # kept once
        assert spilled[0].body == plain[0].body


def _reference(ids, counts, table):
    """The rows of ``invert`` sorted by ``np.lexsort`` (its path for very large spans)."""
    rows = expand(ids, counts, table)
    term, doc, pos, variant = rows.term, rows.doc, rows.pos, rows.variant
    order = np.lexsort((variant, pos, doc, term))
    return term[order], doc[order], pos[order], variant[order]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("words_per_pass", [1, 37, 1 << 17])
def test_inversion_pass_by_pass_sorts_like_lexsort(seed, words_per_pass, monkeypatch):
    monkeypatch.setattr(inverted, "WORDS_PER_PASS", words_per_pass)
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


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("rows_per_pass", [1, 2, 7, 1 << 20])
def test_first_rows_pass_by_pass_equal_one_comparison_of_all_rows(seed, rows_per_pass, monkeypatch):
    monkeypatch.setattr(inverted, "ROWS_PER_PASS", rows_per_pass)
    rng = np.random.default_rng(seed)
    size = int(rng.integers(0, 400))
    term = np.sort(rng.integers(0, 20, size)).astype(np.int32)
    doc = rng.integers(0, 5, size).astype(np.int32)
    order = np.lexsort((doc, term))
    inv = Inverted(term[order], doc[order], np.zeros(size, np.int32), np.zeros(size, np.int8))
    pairs = list(zip(inv.term.tolist(), inv.doc.tolist(), strict=True))
    want = [i for i, pair in enumerate(pairs) if i == 0 or pair != pairs[i - 1]]
    starts, freq = first_rows(inv)
    assert starts.tolist() == want
    assert freq.tolist() == [b - a for a, b in zip(want, [*want[1:], size], strict=True)]
    assert starts.dtype == freq.dtype == np.int32


def test_a_term_list_reads_back_as_its_list():
    terms = sorted(["", "a", "frist", "fristen", "gebühr", "straße", "ü", "日本"], key=str.encode)
    listed = TermList.of(terms)
    assert len(listed) == len(terms)
    assert list(listed) == terms
    assert [listed[i] for i in range(len(terms))] == terms
    assert list(listed.encoded) == [t.encode("utf-8") for t in terms]
    assert listed.encoded[-1] == terms[-1].encode("utf-8")
    assert listed.strings(np.array([5, 0, 5, 2])) == [terms[5], terms[0], terms[5], terms[2]]
    with pytest.raises(IndexError):
        listed[len(terms)]
    assert list(TermList.of([])) == []


def test_a_closed_analyzer_is_freed_without_the_garbage_collector():
    analyzer = load_analyzer(["kundenpflege", "kunden", "pflege"])
    assert analyzer.word_terms("Kundenpflege")
    gone = weakref.ref(analyzer)
    splitter = weakref.ref(analyzer.splitter)
    analyzer.close()
    del analyzer
    assert gone() is None and splitter() is None


def test_a_build_analyzer_analyses_like_the_service_one():
    words = ["kundenpflege", "kunden", "pflege", "garten", "kleingarten", "gesetz", "bund"]
    text = "Bundeskleingartengesetz: Kundenpflege per E-Mail, 48-Stunden-Regel und Gebühren."
    service, build = load_analyzer(words), load_analyzer(words, build=True)
    assert build.positions(text) == service.positions(text)
    assert build.compound_parts("Kleingartengesetz") == service.compound_parts("Kleingartengesetz")
    assert build.word_terms.cache_info().maxsize is None
    assert service.word_terms.cache_info().maxsize is not None


def test_the_allocator_is_asked_to_return_large_blocks():
    """On glibc (the Linux build machines) the threshold is taken; elsewhere it is a no-op."""
    import platform

    from servicekultur import allocator

    taken = allocator.return_large_blocks()
    assert taken == (platform.libc_ver()[0] == "glibc")
    allocator.trim()


def test_parked_arrays_leave_memory_and_come_back_equal(tmp_path):
    from servicekultur.search.build.plan import parked

    arrays = {"body": np.arange(100_000, dtype=np.int32), "title": np.zeros(0, dtype=np.int32)}
    copies = {name: array.copy() for name, array in arrays.items()}
    with parked(arrays, tmp_path / "var"):
        assert arrays == {}
        assert not list((tmp_path / "var").iterdir())  # an unnamed file
    assert list(arrays) == list(copies)
    for name, array in arrays.items():
        assert array.dtype == copies[name].dtype
        assert np.array_equal(array, copies[name])


@pytest.mark.parametrize("step", [1, 7, 1 << 20])
def test_counting_a_slice_at_a_time_equals_one_bincount(step, monkeypatch):
    from servicekultur.search.analysis import tokens

    monkeypatch.setattr(tokens, "COUNT_STEP", step)
    values = np.random.default_rng(3).integers(0, 50, 1000).astype(np.int32)
    counted = tokens.counts_of(values, 60)
    assert (
        counted.dtype == np.int64 and counted.tolist() == np.bincount(values, minlength=60).tolist()
    )
    assert tokens.counts_of(values[:0], 5).tolist() == [0] * 5


def test_one_writer_process_needs_no_split_of_the_documents():
    from servicekultur.search.store.bulk import split_points

    doc = np.array([0, 0, 0, 1, 2, 3, 3, 3, 3, 3], dtype=np.int32)
    rows = {"body": Inverted(doc, doc, doc, doc.astype(np.int8))}
    assert split_points(rows, 4, 1) == [0, 4]  # nothing counted
    assert split_points(rows, 4, 2) == [0, 2, 4]  # work of each: its rows plus one (4 2 2 6)

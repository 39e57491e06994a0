"""The fast index writer: the same index as Whoosh's own ``add_document``, updatable as usual."""

from __future__ import annotations

import random
import weakref
from collections import Counter

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.query import Or, Phrase, Term

from servicekultur.search.analysis import inverted, load_analyzer, tokens, words_in
from servicekultur.search.build import keyterms
from servicekultur.search.build.fingerprints import group_fingerprints
from servicekultur.search.build.generations import publish
from servicekultur.search.build.indexer import write_index
from servicekultur.search.build.plan import plan_index
from servicekultur.search.documents import SearchDocument
from servicekultur.search.store import blocks, bulk, segment
from servicekultur.search.store.layout import current_generation, vocabulary_words
from servicekultur.search.store.schema import TEXT_FIELDS, document_fields, make_schema

SENTENCES = [
    "Die Kundenpflege beginnt mit einer klaren Eingangsbestätigung.",
    "Gebühren werden vor dem Vertragsabschluss offen genannt.",
    "Der Ärger über lange Wartezeiten am Telefon wächst.",
    "Eine Maßnahme zur Telefonerreichbarkeit hilft allen Beteiligten.",
    "Per E-Mail oder Email kommt die Antwort innerhalb von 48 Stunden.",
    "Das Zahlungsziel steht auf jeder Rechnung, auch beim Self-Service.",
    "Beschwerden und Reklamationen landen beim Kundendienst.",
    "Der Glasfaserausbau verzögert sich; der Anbieter informiert früh.",
    "Fairness heißt: gleiche Regeln für Dienstleister und Kundschaft.",
    "Kunde, Kunden, Kundin und Kundinnen werden gleich behandelt.",
]
WORDS = ["Kunde", "Gebühren", "Telefon", "Email", "Mail", "Zahlung", "Ziel", "Ausbau", "Fairness"]


def corpus(pages: int, seed: int = 7) -> list[SearchDocument]:
    """Pages with checklist items as sub-documents; frequent terms span several blocks."""
    rng = random.Random(seed)
    docs = []
    for n in range(pages):
        page = f"/artikel/seite-{n}/"
        docs.append(
            SearchDocument(
                id=page,
                url=page,
                type=rng.choice(["artikel", "fallgeschichten", "checklisten"]),
                title=" ".join(rng.sample(SENTENCES, 1)),
                summary=rng.choice(["", *SENTENCES]),
                headings=rng.sample(SENTENCES, rng.randint(0, 3)),
                body=" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(0, 30))),
                tags=rng.sample(["Fairness", "Gebühren", "Telefon", "E-Mail"], rng.randint(0, 2)),
                category=rng.choice(["Stadtwerke", "Handwerk", ""]),
                author=rng.choice(["Lea Brandt", "Jonas Öztürk"]),
                branche=rng.choice(["", "Energie"]),
                phase=rng.choice(["", "Betreuung"]),
                date="2025-04-01",
            )
        )
        for item in range(rng.randint(0, 2)):
            docs.append(
                SearchDocument(
                    id=f"{page}#punkt-{item}",
                    url=f"{page}#punkt-{item}",
                    type="checkpunkt",
                    title=rng.choice(SENTENCES),
                    group=page,
                    body=rng.choice(SENTENCES),
                    anchor=f"punkt-{item}",
                )
            )
    return docs


def whoosh_written(path, plan):
    path.mkdir()
    ix = whoosh_index.create_in(str(path), make_schema())
    writer = ix.writer()
    for doc in plan.added:
        writer.add_document(**document_fields(doc, plan.analyzer))
    writer.commit()
    return ix


def bulk_written(path, plan, procs=1, consume=False):
    path.mkdir()
    ix = whoosh_index.create_in(str(path), make_schema())
    fields = plan.inverted if consume else dict(plan.inverted)  # emptied as it is written
    bulk.write_bulk(ix, plan.added, fields, plan.table.terms, [], procs)
    assert fields == {}
    return ix


def queries(analyzer):
    """Single terms over all text fields, phrases, and the ID/keyword fields."""
    terms = [analyzer.terms(word)[0] for word in WORDS]
    result = [Or([Term(field, term) for field in TEXT_FIELDS]) for term in terms]
    for phrase in ("klaren Eingangsbestätigung", "offen genannt", "langen Wartezeiten"):
        result.append(Phrase("body", [analyzer.terms(word)[0] for word in phrase.split()]))
    result.append(Or([Term("type", "checkpunkt"), Term("tags", "fairness")]))
    return result


def assert_facet_ids_match_whoosh(ix):
    """``term_ids`` (block by block, segment offsets, deletions) equals Whoosh's own matcher."""
    from servicekultur.search.store.postings import term_ids

    reader = ix.reader()
    for field in ("type", "category", "tags"):
        for term in reader.lexicon(field):
            expected = list(reader.postings(field, term).all_ids())
            assert term_ids(reader, field, term).tolist() == expected, (field, term)


def hits(ix, query):
    with ix.searcher() as searcher:
        return sorted((hit["id"], hit.score) for hit in searcher.search(query, limit=None))


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    return plan_index(corpus(400), tmp_path_factory.mktemp("plan") / "index", full=True)


@pytest.mark.parametrize("procs", [1, 2])
def test_fast_index_answers_like_whoosh_add_document(plan, tmp_path, monkeypatch, procs):
    monkeypatch.setattr(bulk, "MIN_DOCUMENTS_PER_PROCESS", 100)
    slow = whoosh_written(tmp_path / "slow", plan)
    fast = bulk_written(tmp_path / "fast", plan, procs)
    assert len(fast.reader().leaf_readers()) == procs
    assert_facet_ids_match_whoosh(fast)
    for query in queries(plan.analyzer):
        expected, got = hits(slow, query), hits(fast, query)
        assert [doc for doc, _ in got] == [doc for doc, _ in expected], query
        assert [s for _, s in got] == pytest.approx([s for _, s in expected], rel=1e-6), query
        assert expected, query


@pytest.mark.parametrize("rows_per_run", [1 << 20, 1, 97])
def test_fast_index_has_the_same_postings_lengths_and_stored_fields(
    plan, tmp_path, monkeypatch, rows_per_run
):
    monkeypatch.setattr(blocks, "CHUNK", 300)  # many chunks of blocks, as in a big corpus
    # a text field written in runs of whole terms (and pairs found pass by pass), as in a big
    # corpus; 1: every term is a run of its own
    monkeypatch.setattr(segment, "ROWS_PER_RUN", rows_per_run)
    monkeypatch.setattr(inverted, "ROWS_PER_PASS", max(rows_per_run // 3, 1))
    slow = whoosh_written(tmp_path / "slow", plan).reader()
    fast = bulk_written(tmp_path / "fast", plan).reader()
    assert list(fast.all_terms()) == list(slow.all_terms())
    assert list(fast.all_stored_fields()) == list(slow.all_stored_fields())
    for field in slow.schema.scorable_names():
        assert fast.field_length(field) == slow.field_length(field)
        docs = range(slow.doc_count_all())
        lengths = [fast.doc_field_length(d, field) for d in docs]
        assert lengths == [slow.doc_field_length(d, field) for d in docs]
    multi_block, levels = 0, set()
    for field, term in slow.all_terms():
        a, b = slow.term_info(field, term), fast.term_info(field, term)
        stats = ("weight", "doc_frequency", "min_length", "max_length", "max_weight", "min_id")
        assert [getattr(b, s)() for s in stats] == [getattr(a, s)() for s in stats]
        multi_block += a.doc_frequency() > 128
        kind = "positions" if field in TEXT_FIELDS else None
        expected, got = slow.postings(field, term), fast.postings(field, term)
        levels.add(got._compression)  # the first block's zlib level
        while expected.is_active():
            assert (got.id(), got.weight()) == (expected.id(), expected.weight())
            if kind:
                assert got.value_as(kind) == expected.value_as(kind)
            expected.next()
            got.next()
        assert not got.is_active()
    assert multi_block > 5  # the corpus exercises lists longer than one block
    assert levels == {0, blocks.COMPRESSION}  # small blocks as they are, the others packed


def test_updates_and_deletions_on_a_fast_index(tmp_path):
    docs = corpus(300)
    index_dir = tmp_path / "index"
    publish(index_dir, write_index(docs, index_dir, full=True).generation)
    page = docs[0].group
    changed = [d for d in docs if d.group != page]  # a page and its items removed
    changed[0].body += " Quittungsbeleg bitte aufbewahren."
    report = write_index(changed, index_dir)
    assert report.analysed == 1 + sum(d.group == changed[0].group for d in changed[1:])
    assert report.removed == 1
    publish(index_dir, report.generation)
    ix = whoosh_index.open_dir(str(index_dir))
    assert ix.doc_count() == len(changed)
    assert [d for d, _ in hits(ix, Term("body", "quittungsbeleg"))] == [changed[0].id]
    assert not [d for d, _ in hits(ix, Term("group", page))]
    # Many changed pages take the fast path on top of the existing segments.
    rewritten = [d for d in changed if d.group != changed[0].group]
    for doc in rewritten[:250]:
        doc.body += " Nachtrag zur Servicequalität."
    report = write_index(rewritten, index_dir)
    publish(index_dir, report.generation)
    ix = whoosh_index.open_dir(str(index_dir))
    assert ix.doc_count() == len(rewritten)
    found = {d for d, _ in hits(ix, Term("body", "nachtrag"))}
    assert found == {d.id for d in rewritten[:250]}
    assert ix.reader().has_deletions() or len(ix.reader().leaf_readers()) > 1
    assert_facet_ids_match_whoosh(ix)
    full = tmp_path / "full"
    publish(full, write_index(rewritten, full, full=True).generation)
    for query in queries(report_analyzer(index_dir)):
        expected = [d for d, _ in hits(whoosh_index.open_dir(str(full)), query)]
        assert [d for d, _ in hits(ix, query)] == expected


def report_analyzer(index_dir):
    return load_analyzer(vocabulary_words(current_generation(index_dir)))


def reference_key_terms(doc, analyzer, limit=60):
    """Key terms as first written: weighted term counts, ``Counter.most_common``."""
    counts: Counter = Counter()
    for text, weight in (
        (doc.title, 3),
        (doc.meta_text, 3),
        (" ".join(doc.headings), 2),
        (doc.summary, 2),
        (doc.body, 1),
    ):
        for term in analyzer.terms(text):
            if len(term) > 2 and not term.isdigit():
                counts[term] += weight
    return counts.most_common(limit)


def test_key_terms_and_vocabulary_match_a_plain_count(tmp_path, monkeypatch):
    monkeypatch.setattr(keyterms, "DOCUMENTS_PER_PASS", 70)  # pages ranked in several passes
    monkeypatch.setattr(keyterms, "PAIRS_PER_STEP", 50)  # pairs grouped by pass step by step
    monkeypatch.setattr(tokens, "DOCUMENTS_PER_PASS", 70)  # documents counted in several passes
    plan = plan_index(corpus(300), tmp_path / "index", full=True)
    vocabulary: Counter = Counter()
    for doc in plan.added:
        text = " ".join([doc.title, doc.summary, *doc.headings, doc.body, doc.meta_text])
        vocabulary.update({w.lower() for w in words_in(text) if not w.isdigit()})
    assert plan.vocabulary == vocabulary
    for doc in plan.added:
        if doc.id == doc.group:
            assert plan.key_terms[doc.id] == reference_key_terms(doc, plan.analyzer)


def test_tokenizing_in_two_processes_equals_one(monkeypatch):
    docs = corpus(200)
    one = tokens.tokenize(docs)
    monkeypatch.setattr(tokens, "MIN_DOCUMENTS_PER_PROCESS", 50)
    two = tokens.tokenize(docs, procs=2)
    for name in TEXT_FIELDS:
        assert [two.words[i] for i in two.ids[name]] == [one.words[i] for i in one.ids[name]]
        assert np.array_equal(two.counts[name], one.counts[name])
    spelled = [w for doc in docs for w in words_in(doc.body)]
    assert [one.words[i] for i in one.ids["body"]] == spelled


def test_group_fingerprints_see_every_change_and_nothing_else():
    from copy import deepcopy
    from dataclasses import replace

    docs = corpus(50)
    docs[0].title = "Umlaute äöü ß, Strich – und \ud800 ein einzelnes Surrogat"

    def hashes(documents):
        groups: dict[str, list[SearchDocument]] = {}
        for doc in documents:
            groups.setdefault(doc.group, []).append(doc)
        return group_fingerprints(groups)

    before = hashes(docs)
    assert hashes(deepcopy(docs)) == before == hashes(list(reversed(docs)))
    rebuilt = [replace(d, group="".join(d.group), id="".join(d.id)) for d in docs]
    assert hashes(rebuilt) == before  # equal values, other string objects: same hash
    for field, value in (("body", "anders"), ("tags", ["neu"]), ("anchor", "x")):
        changed = list(docs)
        changed[3] = replace(changed[3], **{field: value})
        after = hashes(changed)
        assert after[docs[3].group] != before[docs[3].group]
        assert {g for g in before if after[g] != before[g]} == {docs[3].group}


def test_an_empty_corpus_gives_an_empty_index_that_can_grow(tmp_path):
    index_dir = tmp_path / "index"
    report = write_index([], index_dir, full=True)
    publish(index_dir, report.generation)
    assert whoosh_index.open_dir(str(index_dir)).doc_count() == 0
    docs = corpus(3)
    publish(index_dir, write_index(docs, index_dir).generation)
    ix = whoosh_index.open_dir(str(index_dir))
    assert ix.doc_count() == len(docs)
    assert {d for d, _ in hits(ix, Term("type", docs[0].type))} >= {docs[0].id}


def test_a_forked_worker_hands_back_its_result_or_its_error():
    import os

    import pytest

    from servicekultur.forking import Child, ChildFailed

    def broken():
        raise ValueError("kaputt")

    assert Child(sum, [1, 2, 3]).result() == 6
    with pytest.raises(ChildFailed, match="ValueError: kaputt"):
        Child(broken).result()
    with pytest.raises(ChildFailed, match="ohne Ergebnis"):
        Child(os._exit, 3).result()


@pytest.mark.parametrize("rows_per_run", [1 << 20, 1, 97])
def test_query_arrays_of_a_bulk_segment_equal_those_read_through_whoosh(
    plan, tmp_path, monkeypatch, rows_per_run
):
    from servicekultur.search.store import arrays
    from servicekultur.search.store.postings import read_postings

    monkeypatch.setattr(segment, "ROWS_PER_RUN", rows_per_run)
    fast = bulk_written(tmp_path / "fast", plan)
    reader = fast.reader()
    leaf = reader.leaf_readers()[0][0]
    segment_id = leaf.segment().segment_id()
    written = arrays.open_arrays(tmp_path / "fast", segment_id, TEXT_FIELDS)
    arrays.arrays_from_whoosh(leaf, tmp_path / "read", TEXT_FIELDS, read_postings)
    read = arrays.SegmentArrays(tmp_path / "read", TEXT_FIELDS)
    for field in TEXT_FIELDS:
        for ours, theirs in zip(written.fields[field], read.fields[field], strict=True):
            assert np.array_equal(np.asarray(ours), np.asarray(theirs)), field
        assert np.array_equal(written.lengths[field], read.lengths[field]), field
    assert len(written.fields["body"][0]) > 50


def test_a_text_field_is_freed_once_written(tmp_path, monkeypatch):
    own = plan_index(corpus(60), tmp_path / "index", full=True)
    body = weakref.ref(own.inverted["body"].term)
    seen = {}
    write_plain = segment.BulkSegmentWriter._write_plain_field

    def noting(self, name, *args):
        seen[name] = body() is not None
        return write_plain(self, name, *args)

    monkeypatch.setattr(segment.BulkSegmentWriter, "_write_plain_field", noting)
    bulk_written(
        tmp_path / "fast", own, consume=True
    )  # fields are written in name order: author, body, …
    assert seen["author"] and not seen["branche"]  # the body's rows went right after it

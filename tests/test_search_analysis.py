"""German analysis and query reading, as plain functions."""

from __future__ import annotations

import pytest

from servicekultur.search.analysis import CompoundSplitter, GermanAnalyzer, Synonyms, fold
from servicekultur.search.analysis.analyzer import STOPWORDS
from servicekultur.search.build.related import related_pages
from servicekultur.search.serve.query import QueryError, parse_query
from servicekultur.search.serve.snippets import make_snippet

WORDS = {
    "kunden",
    "pflege",
    "zahlung",
    "ziel",
    "telefon",
    "erreichbarkeit",
    "glasfaser",
    "ausbau",
    "unter",
    "nehmen",
    "laufen",
    "self",
    "service",
    "ordnung",
}


@pytest.fixture(scope="module")
def analyzer() -> GermanAnalyzer:
    return GermanAnalyzer(CompoundSplitter(WORDS, stopwords=STOPWORDS))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Gebühren", "Gebuehren"),
        ("Ärger", "Aerger"),
        ("Maßnahme", "Massnahme"),
        ("GRÜßE", "gruesse"),
    ],
)
def test_umlauts_and_sharp_s_fold_both_ways(analyzer, a, b):
    assert fold(a) == fold(b)
    assert analyzer.word_terms(a) == analyzer.word_terms(b)


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("Kundenpflege", ("kunden", "pflege")),
        ("Zahlungsziel", ("zahlung", "ziel")),  # Fugen-s
        ("Telefonerreichbarkeit", ("telefon", "erreichbarkeit")),
        ("Glasfaserausbau", ("glasfaser", "ausbau")),
        ("Ordnungsamt", ("ordnung", "amt")),  # curated three-letter part, -samt is refused
    ],
)
def test_compounds_split_into_known_parts(analyzer, word, parts):
    assert analyzer.splitter.split(fold(word)) == parts


@pytest.mark.parametrize("word", ["unternehmen", "laufende", "kunde", "pflegen"])
def test_no_nonsense_splits(analyzer, word):
    assert analyzer.splitter.split(word) == ()


def test_compound_terms_include_stems_of_parts(analyzer):
    assert analyzer.word_terms("Kundenpflege") == ("kundenpfleg", "kund", "pfleg")
    assert "pfleg" in analyzer.word_terms("Pflege")


def test_hyphen_and_spacing_variants(analyzer):
    assert analyzer.word_terms("E-Mail")[0] == analyzer.word_terms("Email")[0]
    assert analyzer.word_terms("Self-Service")[0] == analyzer.word_terms("Selfservice")[0]
    assert "mail" in analyzer.word_terms("E-Mail")


def test_stop_words_keep_positions(analyzer):
    positions = analyzer.positions("Ausbau der Glasfaser")
    assert len(positions) == 3 and positions[1] == ()
    assert analyzer.encode("Ausbau der Glasfaser") == "ausbau  glasfas"


def test_synonyms_map_both_ways(analyzer):
    synonyms = Synonyms([["Beschwerde", "Reklamation"]], lambda w: analyzer.word_terms(w)[0])
    assert synonyms.of(analyzer.word_terms("Reklamationen")[0]) == {"beschwerd"}


@pytest.mark.parametrize("raw", ["", "   ", "*", "~", '"', "\x00\x01"])
def test_queries_without_words_are_refused_in_german(raw):
    with pytest.raises(QueryError, match="Suchbegriff"):
        parse_query(raw)


@pytest.mark.parametrize("raw", ["AND", "OR NOT", "nicht", "oder", "a*"])
def test_queries_of_operators_or_one_letter_prefixes_get_a_german_hint(raw):
    parsed = parse_query(raw)
    assert (
        not parsed.clauses
        and parsed.hint
        and ("Wörter" in parsed.hint or "Buchstaben" in parsed.hint)
    )


def test_query_syntax_is_forgiving():
    assert parse_query('a "b c').clauses[0].phrase  # unbalanced quote: phrase to the end
    assert parse_query("kunden*").clauses[0].prefix
    assert parse_query("Kunde AND Pflege").words == ["Kunde", "Pflege"]
    with pytest.raises(QueryError, match="zu lang"):
        parse_query("a" * 5000)


def test_snippet_escapes_and_marks(analyzer):
    text = "Vorher <b>fett</b> & Kundenpflege beginnt früh."
    snippet = make_snippet(text, analyzer, {"pfleg"})
    assert "&lt;b&gt;fett&lt;/b&gt; &amp;" in snippet
    assert "<mark>Kundenpflege</mark>" in snippet


def test_related_pages_by_shared_terms():
    terms = {
        "a": [("glasfas", 5), ("ausbau", 4), ("baustell", 2)],
        "b": [("glasfas", 3), ("baustell", 3), ("anwohn", 1)],
        "c": [("zahlung", 5), ("rechnung", 4)],
        "d": [("zahlung", 2), ("skonto", 3)],
    }
    related = related_pages(terms, set(terms), count=3)
    assert related["a"][0] == "b"
    assert related["c"][0] == "d"
    assert "a" not in related["a"]


def _related_one_page_at_a_time(key_terms, candidates, count):
    """„Mehr zum Thema“ as it was computed before it was vectorised: the reference."""
    import heapq
    from collections import defaultdict

    from servicekultur.search.build.related import QUERY_TERMS, _vectors, truncated_postings

    vectors = _vectors(key_terms)
    postings = truncated_postings(vectors, candidates)
    result = {}
    for page, vector in vectors.items():
        scores = defaultdict(float)
        for term, weight in heapq.nlargest(QUERY_TERMS, vector.items(), key=lambda kv: kv[1]):
            for other_weight, other in postings.get(term, ()):
                scores[other] += weight * other_weight
        scores.pop(page, None)
        best = heapq.nlargest(count, scores.items(), key=lambda kv: (kv[1], kv[0]))
        result[page] = [other for other, score in best if score > 0.0]
    return result


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_related_pages_in_blocks_equal_one_page_at_a_time(seed, monkeypatch):
    """The vectorised scoring gives exactly the pages (and order) of the plain loop, also
    across blocks of pages, with ties, terms no candidate has and pages without terms."""
    import random

    from servicekultur.search.build import related

    monkeypatch.setattr(related, "CHUNK", 7)
    rng = random.Random(seed)
    words = [f"wort{i}" for i in range(80)]
    terms = {
        f"/seite-{i:03d}/": [(w, rng.choice([1, 1, 2, 3, 8])) for w in rng.sample(words, k)]
        for i, k in enumerate(rng.choice([0, 2, 5, 30, 60]) for _ in range(150))
    }
    for i in range(0, 150, 5):  # twins: equal vectors, equal scores, the larger id first
        terms[f"/zwilling-{i:03d}/"] = terms[f"/seite-{i:03d}/"]
    candidates = {page for page in terms if rng.random() < 0.7}
    expected = _related_one_page_at_a_time(terms, candidates, 4)
    assert related.related_pages(terms, candidates, 4) == expected
    assert sum(map(len, expected.values())) > 300


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_truncated_postings_keep_the_heaviest_as_nlargest_of_all_would(seed, monkeypatch):
    """The bounded heaps give each term's list exactly as appending every page and taking
    ``heapq.nlargest`` (ties included); short lists keep the order the pages came in."""
    import heapq
    import random
    from array import array
    from collections import defaultdict

    from servicekultur.search.build import related

    monkeypatch.setattr(related, "POSTINGS_PER_TERM", 5)
    rng = random.Random(seed)
    weights = {
        f"/seite-{i:03d}/": {
            # wort0…wort11 in many pages, selten0…selten59 in two pages each
            (f"wort{w}" if w < 12 else f"selten{i % 60}"): rng.choice([0.1, 0.2, 0.25, 0.5])
            for w in range(k)
        }
        for i, k in enumerate(rng.choice([0, 1, 3, 12, 13]) for _ in range(120))
    }
    vectors = {
        page: related.Vector(tuple(terms), array("d", terms.values()))
        for page, terms in weights.items()
    }
    candidates = {page for page in vectors if rng.random() < 0.8}
    everything = defaultdict(list)
    for page, vector in vectors.items():
        if page in candidates:
            for term, weight in vector.items():
                everything[term].append((weight, page))
    expected = {t: heapq.nlargest(5, ps) if len(ps) > 5 else ps for t, ps in everything.items()}
    assert related.truncated_postings(vectors, candidates) == expected
    assert any(len(ps) > 5 for ps in everything.values())
    assert any(0 < len(ps) <= 5 for ps in everything.values())


def test_related_links_are_worked_out_once_when_a_page_first_asks():
    from servicekultur.search.build.links import LinkTarget, PendingRelated

    asked = []
    terms = {
        "/a/": [("glasfas", 5), ("ausbau", 4)],
        "/b/": [("glasfas", 3), ("ausbau", 1)],
        "/c/": [("zahlung", 5)],
    }
    documents = [LinkTarget(p, p, "artikel", f"Titel {p}", "") for p in terms]
    pending = PendingRelated(lambda: asked.append(1) or terms, documents, 4)
    a, c = pending.of("/a/"), pending.of("/c/")
    assert asked == []  # nothing worked out before a page asks
    assert [link["url"] for link in a] == ["/b/"] and len(a) == 1 and a[0]["title"] == "Titel /b/"
    assert not c and list(c) == [] and asked == [1]  # once for all pages

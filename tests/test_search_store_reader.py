"""NumPy scoring over the real site's index gives what Whoosh's own matchers give."""

from __future__ import annotations

import numpy as np
import pytest
from whoosh import query as wq

from servicekultur.config import Settings
from servicekultur.search.serve.service import SearchService


@pytest.fixture(scope="module")
def index(real_site):
    return SearchService(Settings(output_dir=real_site.output).search_index).index()


def _whoosh(index, query) -> dict[int, float]:
    results = index.searcher.search(query, limit=None, terms=False)
    return {hit.docnum: hit.score for hit in results}


def _ours(index, query) -> dict[int, float]:
    found = index.scorer.evaluate(query)
    assert np.all(np.diff(found.ids) > 0), "ids ascending and unique"
    return dict(zip(found.ids.tolist(), found.scores.tolist(), strict=True))


QUERIES = {
    "term": wq.Term("body", "kund"),
    "boosted title": wq.Term("title", "pfleg", boost=0.7),
    "or over fields": wq.Or([wq.Term(f, "beschwerd") for f in ("title", "headings", "body")]),
    "and of parts": wq.And(
        [wq.Or([wq.Term("title", "zahlung"), wq.Term("body", "zahlung")]), wq.Term("body", "ziel")]
    ),
    "nested": wq.Or(
        [
            wq.Term("body", "glasfas", boost=2.0),
            wq.And([wq.Term("body", "ausbau"), wq.Term("meta", "glasfas")], boost=0.5),
            wq.Term("body", "gibtesnicht"),
        ]
    ),
}


@pytest.mark.parametrize("name", QUERIES)
def test_numpy_scores_equal_whoosh_scores(index, name):
    query = QUERIES[name]
    expected, ours = _whoosh(index, query), _ours(index, query)
    assert expected, "the query must match something in the starter content"
    assert ours.keys() == expected.keys()
    for docnum, score in expected.items():
        assert ours[docnum] == pytest.approx(score, rel=1e-4)


def test_phrase_and_prefix_match_what_whoosh_matches(index):
    phrase = wq.Phrase("body", ["sieb", "woch"])
    assert _ours(index, phrase).keys() == _whoosh(index, phrase).keys() != set()
    prefix = wq.Prefix("body", "kundenb")
    assert _ours(index, prefix).keys() == _whoosh(index, prefix).keys() != set()


def test_unknown_terms_and_null_query_match_nothing(index):
    assert len(index.scorer.evaluate(wq.Term("body", "xyzzy"))) == 0
    assert len(index.scorer.evaluate(wq.NullQuery)) == 0
    assert not len(index.scorer.evaluate(wq.And([wq.Term("body", "kund"), wq.Term("body", "x")])))


def test_generations_answer_from_their_mapped_arrays_and_a_new_one_is_picked_up(make_site):
    from test_search_plugin import MINIMAL_ARTICLE

    site = make_site()
    service = SearchService(Settings(output_dir=site.output).search_index)
    first = service.index()
    assert all(arrays is not None for _, _, arrays in first.scorer.store.segments)
    make_site({"artikel/zweiter.md": MINIMAL_ARTICLE.replace("BODY", "Ein Quittungsbeleg.")})
    assert service.index() in (first, service.settle())  # never a pause: old or new answers
    second = service.settle()
    assert second is not first
    assert all(arrays is not None for _, _, arrays in second.scorer.store.segments)
    found = second.scorer.evaluate(wq.Term("body", "quittungsbeleg"))
    assert len(found) == 1
    assert len(first.scorer.evaluate(wq.Term("body", "quittungsbeleg"))) == 0


def test_a_phrase_keeps_the_place_of_its_stop_words(index):
    from servicekultur.search.serve.searcher import SearchRequest

    with_gap = index.search(SearchRequest('"Angebot ohne Antwort"'))
    assert with_gap.results[0]["url"] == "/fallgeschichten/das-angebot-ohne-antwort/"
    assert index.search(SearchRequest('"Angebot Antwort"')).total == 0  # no gap, no match

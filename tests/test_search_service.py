"""The search service over the real site: JSON API, bad input, the /suche page without JS."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from servicekultur.config import Settings
from servicekultur.web import create_app


@pytest.fixture(scope="module")
def client(real_site, tmp_path_factory):
    state = tmp_path_factory.mktemp("state")  # never the checkout's var/
    return TestClient(create_app(Settings(output_dir=real_site.output, state_dir=state)))


def test_api_returns_the_documented_json(client):
    response = client.get("/api/search", params={"q": "Pflege", "limit": 3})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"query", "total", "results", "facets", "suggestion", "hint"}
    assert data["query"] == "Pflege" and data["total"] >= 3 and len(data["results"]) == 3
    for hit in data["results"]:
        assert set(hit) == {"url", "title", "type", "snippet", "score"}
    assert "<mark>Kundenpflege</mark>" in " ".join(h["snippet"] for h in data["results"])
    assert set(data["facets"]) == {"type", "category", "tag"}
    assert data["facets"]["type"]["artikel"] >= 1


def test_checklist_items_are_found_with_their_anchor(client):
    data = client.get("/api/search", params={"q": "Baustellenschild Ansprechpartner"}).json()
    assert data["results"][0]["url"].endswith("#baustellenschild-mit-ansprechpartner")
    assert data["results"][0]["type"] == "checkpunkt"


def test_facet_filters_and_paging(client):
    everything = client.get("/api/search", params={"q": "Kunde", "limit": 50}).json()
    only = client.get("/api/search", params={"q": "Kunde", "type": "glossar"}).json()
    assert 0 < only["total"] < everything["total"]
    assert {hit["type"] for hit in only["results"]} == {"glossar"}
    assert only["total"] == everything["facets"]["type"]["glossar"]
    first = client.get("/api/search", params={"q": "Kunde", "limit": 5}).json()["results"]
    second = client.get("/api/search", params={"q": "Kunde", "limit": 5, "offset": 5}).json()
    assert [h["url"] for h in second["results"]] == [h["url"] for h in everything["results"][5:10]]
    assert not {h["url"] for h in first} & {h["url"] for h in second["results"]}


def test_snippets_are_escaped(client):
    data = client.get("/api/search", params={"q": "<script>alert(1)</script> Kunde"}).json()
    for hit in data["results"]:
        assert "<script" not in hit["snippet"]
        assert hit["snippet"].replace("<mark>", "").replace("</mark>", "").count("<") == 0


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": ""}, "Suchbegriff"),
        ({}, "Suchbegriff"),
        ({"q": "x" * 5000}, "zu lang"),
        ({"q": "*"}, "Suchbegriff"),
        ({"q": "~"}, "Suchbegriff"),
        ({"q": '"'}, "Suchbegriff"),
        ({"q": "Kunde", "offset": "-1"}, "negativ"),
        ({"q": "Kunde", "limit": "viele"}, "ganze Zahl"),
    ],
)
def test_bad_input_is_a_400_in_german(client, params, message):
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    assert message in response.json()["error"]


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"Kunde'},
        {"q": "Kunde\x00\x07 Pflege"},
        {"q": "Kunde", "type": "gibtsnicht"},
        {"q": "Kunde", "limit": "1000000000"},
        {"q": "Kunde", "offset": "99999999"},
        {"q": "Kunde AND OR NOT ~ *"},
    ],
)
def test_odd_input_gets_a_sensible_result(client, params):
    response = client.get("/api/search", params=params)
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 50


def test_results_page_works_without_javascript(client):
    html = client.get("/suche", params={"q": "Gebuehren"}).text
    assert '<html lang="de">' in html and 'class="site-header"' in html  # the site's own layout
    assert "<title>„Gebuehren“ – Suche" in html
    assert 'href="/artikel/mehr-als-der-preis/"' in html
    assert "<mark>Gebühren</mark>" in html
    assert 'aria-label="Ergebnisse eingrenzen"' in html


def test_results_page_facets_paging_and_suggestion(client):
    html = client.get("/suche", params={"q": "Kunde"}).text
    assert 'href="/suche?q=Kunde&amp;seite=2"' in html
    assert 'href="/suche?q=Kunde&amp;type=glossar"' in html
    page2 = client.get("/suche", params={"q": "Kunde", "seite": "2"}).text
    assert "Seite 2 von" in page2
    typo = client.get("/suche", params={"q": "Kundenbindnug"}).text
    assert "Meinten Sie" in typo and "Kundenbindung" in typo


def test_results_page_bad_input_is_400_with_message(client):
    response = client.get("/suche", params={"q": "x" * 5000})
    assert response.status_code == 400
    assert "zu lang" in response.text
    assert client.get("/suche").status_code == 200  # empty form, no error


def test_missing_index_is_a_clear_503(tmp_path):
    settings = Settings(output_dir=tmp_path / "output", state_dir=tmp_path / "state")
    client = TestClient(create_app(settings))
    response = client.get("/api/search", params={"q": "Kunde"})
    assert response.status_code == 503
    assert "Suchindex" in response.json()["error"]


@pytest.mark.parametrize("q", ["nicht", "oder", "AND", "die und der", "a*"])
def test_stop_words_only_or_a_one_letter_prefix_answer_200_with_a_german_hint(client, q):
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 0 and data["hint"]
    page = client.get("/suche", params={"q": q})
    assert page.status_code == 200 and 'class="search-hint"' in page.text


def test_phrases_may_start_or_end_with_stop_words(client):
    for q in ('"ohne Antwort"', '"Angebot ohne"', '"das Angebot ohne Antwort"'):
        data = client.get("/api/search", params={"q": q}).json()
        assert data["results"][0]["url"] == "/fallgeschichten/das-angebot-ohne-antwort/", q


def test_a_prefix_ranks_our_titles_beginning_so_first(client):
    data = client.get("/api/search", params={"q": "kunden*", "limit": 5}).json()
    assert data["total"] > 5 and data["hint"] is None
    for hit in data["results"][:3]:
        assert hit["type"] != "seiten"
        assert any(w.lower().startswith("kund") for w in hit["title"].replace("-", " ").split())

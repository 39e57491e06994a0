"""Relevance over our real content: readers' queries, typed differently from the texts.

Each case names what a reader means and the page(s) that answer it. The test prints MRR overall
and per kind and fails when relevance regresses below the thresholds.
"""

from __future__ import annotations

from collections import defaultdict

import pytest

from servicekultur.config import Settings
from servicekultur.search.serve.searcher import SearchRequest
from servicekultur.search.serve.service import SearchService

CASES = [
    # Compound words split at index and at query time, with linking letters.
    ("compound", "Pflege Bestandskunden", {"/artikel/sieben-wochen-funkstille/"}),
    (
        "compound",
        "Ausbau der Glasfaser",
        {
            "/fallgeschichten/die-gesperrte-strasse/",
            "/checklisten/erreichbarkeit-vor-vertragsabschluss/",
            "/artikel/baustelle-vor-der-haustuer/",
        },
    ),
    ("compound", "Ziel Zahlung", {"/glossar/#zahlungsziel"}),
    ("compound", "Erreichbarkeit Telefon", {"/artikel/wenn-die-hotline-schweigt/"}),
    ("compound", "Verfahren Angebot", {"/checklisten/faires-angebotsverfahren/"}),
    ("compound", "Erhöhung Abschlag", {"/fallgeschichten/die-unerklaerte-abschlagserhoehung/"}),
    ("compound", "Vertrag Wartung", {"/fallgeschichten/der-vergessene-jahresvertrag/"}),
    # Umlauts and ß typed as ae/oe/ue/ss.
    ("umlaut", "Gebuehren", {"/artikel/mehr-als-der-preis/"}),
    ("umlaut", "Abschlagserhoehung", {"/fallgeschichten/die-unerklaerte-abschlagserhoehung/"}),
    ("umlaut", "Rueckmeldung 48 Stunden", {"/checklisten/rueckmeldung-innerhalb-48-stunden/"}),
    ("umlaut", "puenktlich zahlen", {"/artikel/puenktlich-zahlen/"}),
    ("umlaut", "Kuendigung Ticket", {"/fallgeschichten/kuendigung-nach-dem-dritten-ticket/"}),
    ("umlaut", "gesperrte Strasse", {"/fallgeschichten/die-gesperrte-strasse/"}),
    # One typo (5+ letters) or two (9+ letters).
    ("typo", "Beschwerdemanagment", {"/glossar/#beschwerdemanagement"}),
    ("typo", "Kundenbindnug", {"/glossar/#kundenbindung"}),
    ("typo", "Kontaktformlar", {"/artikel/das-kontaktformular-als-schwarzes-loch/"}),
    ("typo", "Reaktionzeit", {"/glossar/#reaktionszeit"}),
    ("typo", "Zahlungsziehl", {"/glossar/#zahlungsziel"}),
    # Inflected forms: plural, verb forms, adjectives.
    (
        "inflection",
        "Angebote beantworten",
        {
            "/artikel/warum-ein-angebot-eine-antwort-verdient/",
            "/checklisten/faires-angebotsverfahren/#jedes-angebot-beantworten",
        },
    ),
    ("inflection", "schweigende Hotlines", {"/artikel/wenn-die-hotline-schweigt/"}),
    ("inflection", "Baustellen Haustür", {"/artikel/baustelle-vor-der-haustuer/"}),
    (
        "inflection",
        "begeisterte Kunden",
        {"/artikel/zufriedenheit-ist-nicht-begeisterung/", "/glossar/#kundenbegeisterung"},
    ),
    # Synonyms from servicekultur/search/data/synonyms.txt.
    ("synonym", "Reklamation", {"/artikel/feedback-ist-eine-bringschuld/"}),
    (
        "synonym",
        "Dienstleister Erreichbarkeit",
        {"/checklisten/erreichbarkeit-vor-vertragsabschluss/"},
    ),
    (
        "synonym",
        "Kundendienst einweisen",
        {"/checklisten/proaktive-kundeninformation-stadtwerk/#kundendienst-vorab-einweisen"},
    ),
    ("synonym", "Versorger informiert proaktiv", {"/artikel/proaktiv-informieren-im-stadtwerk/"}),
    # Hyphen and spacing variants.
    (
        "hyphen",
        "E Mail Adresse veröffentlichen",
        {"/checklisten/erreichbarkeit-vor-vertragsabschluss/#e-mail-adresse-veroeffentlichen"},
    ),
    ("hyphen", "Selfservice", {"/artikel/das-kontaktformular-als-schwarzes-loch/"}),
    ("hyphen", "Servicelevel vereinbaren", {"/checklisten/service-level-vereinbaren/"}),
    ("hyphen", "Pre Customer Experience", {"/glossar/#pre-customer-experience"}),
    ("hyphen", "DIN SPEC 77224", {"/glossar/#din-spec-77224"}),
]
MIN_MRR = 0.8
MIN_MRR_PER_KIND = 0.6


@pytest.fixture(scope="module")
def service(real_site) -> SearchService:
    return SearchService(Settings(output_dir=real_site.output).search_index)


def reciprocal_rank(service: SearchService, query: str, expected: set[str]) -> float:
    results = service.search(SearchRequest(query, limit=10)).results
    for rank, hit in enumerate(results, start=1):
        if hit["url"] in expected:
            return 1 / rank
    return 0.0


def test_relevance_mrr_overall_and_per_kind(service):
    by_kind: dict[str, list[float]] = defaultdict(list)
    misses = []
    for kind, query, expected in CASES:
        rr = reciprocal_rank(service, query, expected)
        by_kind[kind].append(rr)
        if rr < 1:
            misses.append(f"{kind}: {query!r} → RR {rr:.2f}")
    report = {kind: sum(v) / len(v) for kind, v in by_kind.items()}
    overall = sum(sum(v) for v in by_kind.values()) / len(CASES)
    print(
        f"\nMRR {overall:.3f} over {len(CASES)} queries; "
        + ", ".join(f"{k} {v:.2f}" for k, v in report.items())
    )
    print("\n".join(misses))
    assert set(report) == {"compound", "umlaut", "typo", "inflection", "synonym", "hyphen"}
    assert overall >= MIN_MRR, (overall, misses)
    for kind, mrr in report.items():
        assert mrr >= MIN_MRR_PER_KIND, (kind, mrr, misses)


def test_typo_ranks_below_exact_and_suggests(service):
    response = service.search(SearchRequest("Beschwerdemanagment"))
    assert response.suggestion == "Beschwerdemanagement"
    exact = service.search(SearchRequest("Beschwerdemanagement"))
    assert exact.suggestion is None
    assert response.results[0]["url"] == exact.results[0]["url"]
    assert response.results[0]["score"] < exact.results[0]["score"]


def test_multi_word_queries_are_ranked_not_all_or_nothing(service):
    response = service.search(SearchRequest("Zahlungsziel Quantenphysik"))
    assert response.total > 0
    assert response.results[0]["url"] == "/glossar/#zahlungsziel"


def test_exact_phrase_and_prefix(service):
    phrase = service.search(SearchRequest('"sieben Wochen"'))
    assert phrase.results[0]["url"] == "/artikel/sieben-wochen-funkstille/"
    assert "<mark>" in phrase.results[0]["snippet"]
    loose = service.search(SearchRequest("Wochen sieben"))
    assert phrase.total < loose.total
    prefix = service.search(SearchRequest("Kundenbind*"))
    assert any(hit["url"] == "/glossar/#kundenbindung" for hit in prefix.results)

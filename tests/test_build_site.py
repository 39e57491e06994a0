"""Plugin tests: tiny sites built in tmp_path with our settings, theme and plugins."""

from __future__ import annotations

import re


def test_minimal_site_builds_every_content_type(make_site):
    site = make_site()
    assert site.error is None, site.messages
    assert site.issues == []
    article = site.read("artikel/erster-artikel/")
    assert '<html lang="de">' in article
    assert "14. März 2025" in article  # German date from Babel, no OS locale
    assert 'href="/checklisten/checkliste-test/#antwort-geben"' in article
    assert ">Antwort geben</a>" in article  # cross-reference shows the item's text
    checklist = site.read("checklisten/checkliste-test/")
    assert re.search(r'<li id="frist-nennen"[^>]*>', checklist)
    assert 'type="checkbox" id="cb-frist-nennen"' in checklist
    assert '<label for="cb-frist-nennen">Frist nennen</label>' in checklist
    assert "Was heißt fair?" in checklist
    assert "Aus der Praxis" in checklist and "Fall Test" in checklist  # cited by the case story
    story = site.read("fallgeschichten/fall-test/")
    assert "7 Wochen ohne Rückmeldung" in story
    assert "wait-long" in story
    assert "2 Tage später" in story


def test_overviews_feeds_sitemap_and_taxonomies(make_site):
    site = make_site()
    for url in (
        "",
        "artikel/",
        "fallgeschichten/",
        "checklisten/",
        "glossar/",
        "archiv/",
        "kategorien/",
        "schlagwoerter/",
        "autoren/",
        "kategorie/bestandskunden/",
        "schlagwort/rueckmeldung/",
        "autor/katrin-albers/",
        "fallgeschichten/branche/handwerk/",
        "fallgeschichten/phase/betreuung/",
    ):
        assert "<h1" in site.read(url), url
    assert (site.output / "feeds" / "alle.atom.xml").is_file()
    sitemap = (site.output / "sitemap.xml").read_text()
    assert "/artikel/erster-artikel/" in sitemap


def test_glossary_links_first_mention_only(make_site):
    site = make_site(
        {
            "artikel/zweiter.md": MINIMAL_ARTICLE.replace(
                "BODY", "Service Excellence ist gut. Noch einmal Service Excellence."
            )
        }
    )
    html = site.read("artikel/zweiter/")
    assert html.count('class="kb-term"') == 1
    assert 'href="/glossar/#service-excellence"' in html
    glossary = site.read("glossar/")
    assert 'id="service-excellence"' in glossary


def test_article_metadata_opengraph_jsonld_reading_time(make_site):
    html = make_site().read("artikel/erster-artikel/")
    assert '<meta property="og:title" content="Erster Artikel">' in html
    assert '"@type": "Article"' in html
    assert "Min. Lesezeit" in html
    assert 'id="feedback"' in html  # the place the feedback service fills


MINIMAL_ARTICLE = """Title: Zweiter
Date: 2025-04-01
Category: Stadtwerke
Author: Lea Brandt
Summary: Noch ein Artikel.

BODY
"""


def test_links_to_pages_that_plugins_write_are_valid(make_site):
    body = (
        "Siehe [Trainer](/workshop/), [Telefon](/fallgeschichten/kanal/telefon/), "
        "[Branche](/fallgeschichten/branche/handwerk/), [Feedback](/feedback/) und "
        "[Workshop](/checklisten/checkliste-test/workshop/)."
    )
    site = make_site({"artikel/zweiter.md": MINIMAL_ARTICLE.replace("BODY", body)})
    assert site.issues == [], site.messages

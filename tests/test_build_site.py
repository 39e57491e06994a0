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


# -- Output mirrors the sources ------------------------------------------------------------------
DRAFT = MINIMAL_ARTICLE.replace("Title: Zweiter", "Title: Entwurf\nStatus: draft").replace(
    "BODY", "Noch nicht fertig."
)


def test_a_deleted_source_leaves_no_page_behind(make_site, tmp_path):
    site = make_site({"artikel/zweiter.md": MINIMAL_ARTICLE.replace("BODY", "Text.")})
    assert (site.output / "artikel" / "zweiter" / "index.html").is_file()
    assert (site.output / "kategorie" / "stadtwerke" / "index.html").is_file()
    service = tmp_path / "var" / "eigenes.txt"  # beside output: the service's folder
    service.parent.mkdir(exist_ok=True)
    service.write_text("bleibt")
    own = site.output / "theme" / "eigenes.css"  # the theme's folder is never pruned
    own.write_text("/* bleibt */")
    index = sorted(p.name for p in (tmp_path / "var" / "index").iterdir())
    again = make_site()  # artikel/zweiter.md is gone
    assert again.error is None
    assert not (again.output / "artikel" / "zweiter").exists()
    assert not (again.output / "kategorie" / "stadtwerke").exists()  # its only category
    assert (again.output / "artikel" / "erster-artikel" / "index.html").is_file()
    assert service.read_text() == "bleibt" and own.is_file()
    assert (tmp_path / "var" / "index").is_dir() and index  # the search index stays
    assert "zweiter" not in (again.output / "sitemap.xml").read_text()


def test_only_a_build_into_a_used_folder_looks_for_leftovers(make_site, monkeypatch):
    from servicekultur.content import outputs

    walks = []
    walk = outputs.stale_files
    monkeypatch.setattr(outputs, "stale_files", lambda *a: walks.append(a[0]) or walk(*a))
    first = make_site()  # the output folder is new: nothing in it can be a leftover
    assert first.run.fresh_output and walks == []
    again = make_site()
    assert not again.run.fresh_output and walks == [again.output]


def test_a_build_compiles_each_template_once(make_site, monkeypatch):
    """Pelican's generators each have a Jinja environment; they share what was compiled."""
    import collections

    import jinja2

    from servicekultur.content.templates import TEMPLATE_CODE

    compiled = collections.Counter()
    compile_ = jinja2.Environment.compile

    def counting(env, source, name=None, *args, **kwargs):
        compiled[name] += 1
        return compile_(env, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    TEMPLATE_CODE.clear()
    site = make_site()
    assert site.error is None and compiled["base.html"] == 1 and len(compiled) > 20
    assert [name for name, times in compiled.items() if times > 1] == []


def test_a_publish_build_has_no_drafts_anywhere(make_site):
    site = make_site(
        {"artikel/entwurf.md": DRAFT},
        DRAFT_SAVE_AS="",
        DRAFT_URL="",
        KB_STRICT=True,
    )
    assert site.error is None, site.messages
    assert not (site.output / "entwuerfe").exists()
    everything = "".join(p.read_text("utf-8") for p in site.output.rglob("*.html"))
    everything += (site.output / "sitemap.xml").read_text() + (
        site.output / "feeds" / "alle.atom.xml"
    ).read_text()
    assert "Entwurf" not in everything and "Noch nicht fertig" not in everything
    from servicekultur.search.store.layout import current_generation, stored_documents

    indexed = stored_documents(current_generation(site.output.parent / "var" / "index"))
    titles = [doc.title for doc in indexed]
    assert "Erster Artikel" in titles and "Entwurf" not in titles


def test_a_development_build_shows_drafts_with_noindex(make_site):
    site = make_site({"artikel/entwurf.md": DRAFT})
    draft = site.read("entwuerfe/entwurf/")
    assert '<meta name="robots" content="noindex">' in draft and "Noch nicht fertig" in draft
    assert 'name="robots"' not in site.read("artikel/erster-artikel/")
    assert "entwuerfe" not in (site.output / "sitemap.xml").read_text()


def test_sitemap_lists_each_public_page_once_with_its_date(make_site):
    from xml.etree import ElementTree

    site = make_site()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(site.output / "sitemap.xml").getroot()
    entries = {
        u.find("s:loc", ns).text: getattr(u.find("s:lastmod", ns), "text", None)
        for u in root.findall("s:url", ns)
    }
    assert len(entries) == len(root.findall("s:url", ns))  # no page twice
    base = "http://127.0.0.1:8000/"
    for loc in entries:
        path = site.output / loc.removeprefix(base) / "index.html"
        assert path.is_file(), loc  # no 404
    assert entries[base + "artikel/erster-artikel/"] == "2025-03-14"
    assert entries[base + "checklisten/checkliste-test/"] == "2025-02-10"
    assert entries[base + "checklisten/"] == "2025-02-10"
    assert base + "fallgeschichten/branche/handwerk/" in entries
    assert not [loc for loc in entries if "404" in loc or "workshop" in loc or "/seite/" in loc]


def test_an_output_folder_holding_the_sources_is_never_cleared(tmp_path):
    from conftest import MINIMAL, build_site, write_content

    content = write_content(tmp_path / "site" / "content", MINIMAL)
    keep = tmp_path / "site" / "notizen.txt"
    keep.write_text("bleibt")
    built = build_site(content, tmp_path / "site")  # OUTPUT_PATH is the content's parent
    assert built.error is None and keep.read_text() == "bleibt"
    assert (content / "artikel" / "erster-artikel.md").is_file()

"""The kb_search plugin on tiny sites: index written, incremental, swapped, related links."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient

from servicekultur.config import Settings
from servicekultur.search.build.indexer import write_index
from servicekultur.search.store.layout import current_generation, stored_documents
from servicekultur.web import create_app

MINIMAL_ARTICLE = """Title: Zweiter
Date: 2025-04-01
Category: Stadtwerke
Author: Lea Brandt
Summary: Noch ein Artikel.

BODY
"""


def test_index_holds_every_type_and_checklist_items(make_site):
    site = make_site()
    generation = current_generation(site.output.parent / "var" / "index")
    assert generation is not None
    docs = {doc.id: doc for doc in stored_documents(generation)}
    assert {d.type for d in docs.values()} >= {
        "artikel",
        "checklisten",
        "fallgeschichten",
        "glossar",
        "seiten",
        "checkpunkt",
    }
    item = docs["/checklisten/checkliste-test/#frist-nennen"]
    assert item.title == "Frist nennen" and item.anchor == "frist-nennen"
    assert "realistische Frist" in item.body
    story = docs["/fallgeschichten/fall-test/"]
    assert story.branche == "Handwerk" and story.phase == "Betreuung"
    assert "Eingangsbestätigung" in story.body  # timeline text is searchable
    assert "<" not in docs["/artikel/erster-artikel/"].body  # no markup


def test_unchanged_documents_are_not_analysed_again(make_site):
    make_site()
    site = make_site({"artikel/zweiter.md": MINIMAL_ARTICLE.replace("BODY", "Quittungsbeleg.")})
    report = site.run.reports["search"]
    assert report.analysed == 1 and report.reused == 5, report  # 5 pages untouched
    index_dir = site.output.parent / "var" / "index"
    report = write_index(stored_documents(current_generation(index_dir)), index_dir)
    assert report.changed is False and report.analysed == 0


def test_service_picks_up_a_rebuilt_index_without_restart(make_site):
    site = make_site()
    client = TestClient(create_app(Settings(output_dir=site.output, state_dir=site.output.parent)))
    assert client.get("/api/search", params={"q": "Quittungsbeleg"}).json()["total"] == 0
    old = current_generation(site.output.parent / "var" / "index")
    make_site({"artikel/zweiter.md": MINIMAL_ARTICLE.replace("BODY", "Ein Quittungsbeleg.")})
    new = current_generation(site.output.parent / "var" / "index")
    assert new != old and old.is_dir()  # swapped by link; the previous generation stays
    for _ in range(100):  # opened in the background while the old generation answers
        data = client.get("/api/search", params={"q": "Quittungsbeleg"}).json()
        if data["total"]:
            break
        time.sleep(0.1)
    assert data["total"] == 1 and data["results"][0]["url"] == "/artikel/zweiter/"


def test_removed_documents_leave_the_index(make_site):
    make_site({"artikel/zweiter.md": MINIMAL_ARTICLE.replace("BODY", "Ein Quittungsbeleg.")})
    site = make_site({"artikel/zweiter.md": None})
    client = TestClient(create_app(Settings(output_dir=site.output, state_dir=site.output.parent)))
    assert client.get("/api/search", params={"q": "Quittungsbeleg"}).json()["total"] == 0


def test_pages_show_related_content(real_site):
    html = real_site.read("artikel/sieben-wochen-funkstille/")
    assert 'aria-labelledby="mehr-zum-thema"' in html
    related = html.split('id="mehr-zum-thema"')[1].split("</aside>")[0]
    assert 3 <= related.count("<li>") <= 5
    assert "/artikel/sieben-wochen-funkstille/" not in related


def test_search_shell_page_is_written(make_site):
    html = make_site().read("suche/")
    assert "<!-- kb:search -->" in html and 'action="/suche"' in html

"""Readers in headless Chromium: home, every content type, glossary links, navigation, axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "/",
    "artikel": "/artikel/warum-ein-angebot-eine-antwort-verdient/",
    "fallgeschichte": "/fallgeschichten/die-gesperrte-strasse/",
    "checkliste": "/checklisten/faires-angebotsverfahren/",
    "glossar": "/glossar/",
    "seite": "/datenschutz/",
    "artikel-uebersicht": "/artikel/",
    "fallgeschichten-uebersicht": "/fallgeschichten/",
    "checklisten-uebersicht": "/checklisten/",
    "kategorie": "/kategorie/stadtwerke/",
    "schlagwort": "/schlagwort/angebot/",
    "archiv": "/archiv/",
    "404": "/gibt-es-nicht/",
    "suche": "/suche?q=Angebot",
    "feedback": "/feedback/",
}


def test_home_leads_to_each_content_type(live_server, page):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "de"
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    for label, heading in (
        ("Artikel", "Artikel"),
        ("Fallgeschichten", "Fallgeschichten"),
        ("Checklisten", "Checklisten"),
        ("Glossar", "Glossar"),
    ):
        nav.get_by_role("link", name=label, exact=True).click()
        assert page.get_by_role("heading", level=1).inner_text() == heading
        page.go_back()


def test_reader_opens_a_case_story_and_sees_its_timeline(live_server, page):
    page.goto(live_server.url + "/fallgeschichten/")
    page.get_by_role("link", name="Die gesperrte Straße").click()
    timeline = page.locator("section.timeline")
    assert timeline.locator("li.event").count() >= 5
    assert "Wochen ohne Rückmeldung" in timeline.locator("li.wait-long").first.inner_text()
    lesson = page.locator("a.kb-ref").first
    target = lesson.get_attribute("href")
    lesson.click()
    item_id = target.split("#", 1)[1]
    assert page.url.endswith("#" + item_id)
    assert page.locator(f"li#{item_id}").is_visible()


def test_checklist_items_are_labelled_checkboxes_with_anchors(live_server, page):
    page.goto(live_server.url + "/checklisten/faires-angebotsverfahren/")
    boxes = page.get_by_role("checkbox")
    assert boxes.count() >= 8
    first = boxes.first
    first.check()
    assert first.is_checked()
    anchor = page.locator("li.checklist-item a.item-anchor").first
    assert anchor.get_attribute("href").startswith("#")


def test_glossary_term_link_leads_to_its_definition(live_server, page):
    page.goto(live_server.url + "/artikel/service-excellence-die-sich-rechnet/")
    term = page.locator("a.kb-term").first
    href = term.get_attribute("href")
    assert href.startswith("/glossar/#")
    term.click()
    slug = href.split("#", 1)[1]
    assert page.locator(f"dt#{slug}").is_visible()


def test_navigation_by_tag_and_category(live_server, page):
    page.goto(live_server.url + "/artikel/proaktiv-informieren-im-stadtwerk/")
    page.locator(".taxonomy").get_by_role("link", name="Stadtwerke").click()
    assert "Kategorie: Stadtwerke" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("link", name="Proaktiv informieren mit kleiner Mannschaft").count() == 1
    page.goto(live_server.url + "/schlagwoerter/")
    page.get_by_role("link", name="Glasfaser", exact=False).first.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Schlagwort:")
    assert page.locator("article.card").count() >= 1


def test_skip_link_moves_focus_to_main(live_server, page):
    page.goto(live_server.url + "/artikel/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**#inhalt")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGE_TYPES), ids=list(PAGE_TYPES))
def test_axe_finds_no_serious_violations(live_server, page, name, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + PAGE_TYPES[name])
    assert axe_violations(page) == []

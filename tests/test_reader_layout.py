"""Layout facts a reader sees, in headless Chromium: header height, the first search hit on a phone,
the table of contents, breadcrumbs, no sideways scrolling, axe on small screens."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations
from tests.test_browser_site import PAGE_TYPES

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ARTICLE = "/artikel/warum-ein-angebot-eine-antwort-verdient/"
CASE_STORY = "/fallgeschichten/die-gesperrte-strasse/"
CHECKLIST = "/checklisten/faires-angebotsverfahren/"
EVERY_PAGE = PAGE_TYPES  # every page type, the search results and /feedback/ included


@pytest.fixture
def sized(browser):
    """A page at a given viewport: ``sized(width, height)``."""
    contexts = []

    def make(width: int, height: int = 900, scheme: str = "light"):
        context = browser.new_context(
            viewport={"width": width, "height": height}, locale="de-DE", color_scheme=scheme
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("width", [1024, 1280])
def test_header_is_one_row_on_wide_screens(live_server, sized, width):
    page = sized(width)
    page.goto(live_server.url + ARTICLE)
    header = _box(page, ".site-header")
    assert header["height"] <= 72
    brand, nav, search = (_box(page, s) for s in (".brand", ".main-nav", ".site-search"))
    for part in (nav, search):  # side by side in the one row
        assert part["y"] < brand["y"] + brand["height"] and brand["y"] < part["y"] + part["height"]
    assert brand["x"] < nav["x"] < search["x"]
    expect(page.locator("[data-toggle]").first).to_be_hidden()


@pytest.mark.parametrize("width", [320, 390])
def test_phone_header_is_at_most_64px_with_search_behind_a_button(live_server, sized, width):
    page = sized(width, 844)
    page.goto(live_server.url + ARTICLE)
    assert _box(page, ".site-header")["height"] <= 64
    expect(page.locator("#suche-eingabe")).to_be_hidden()
    toggle = page.get_by_role("button", name="Suche öffnen")
    toggle.click()
    box = page.locator("#suche-eingabe")
    expect(box).to_be_visible()
    expect(box).to_be_focused()
    expect(page.get_by_role("button", name="Suche schließen")).to_have_attribute(
        "aria-expanded", "true"
    )
    assert _box(page, ".site-header")["height"] <= 64  # the panel opens below, over the page
    box.press("Escape")  # first Escape: the instant-search list (if any), then the panel
    box.press("Escape")
    expect(box).to_be_hidden()
    page.get_by_role("button", name="Menü öffnen").click()
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Checklisten"
    ).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Checklisten"


def test_phone_search_shows_the_first_hit_in_the_first_screen(live_server, sized):
    page = sized(**PHONE)
    page.goto(live_server.url + "/suche?q=Angebot")
    first = _box(page, ".search-hit")
    assert first["y"] + 24 < PHONE["height"]  # the hit's top edge (and its title) on screen
    filters = page.locator("details.search-filter")
    expect(filters.locator("section").first).to_be_hidden()
    filters.locator("> summary").click()
    tags = filters.locator("section", has=page.get_by_role("heading", name="Schlagwort"))
    assert tags.locator("> ul > li").count() == 8  # the top eight, the rest behind „mehr“
    more = tags.locator("details.facet-more")
    expect(more.locator("summary")).to_have_text("mehr (30)")
    expect(more.locator("li").first).to_be_hidden()
    more.locator("summary").click()
    expect(more.locator("li").first).to_be_visible()


def test_desktop_search_shows_the_facets_beside_the_hits(live_server, sized):
    page = sized(1280)
    page.goto(live_server.url + "/suche?q=Angebot")
    facets, hits = _box(page, ".search-facets section"), _box(page, ".search-hit")
    assert facets["x"] + facets["width"] <= hits["x"]
    expect(page.locator("details.search-filter > summary")).to_be_hidden()


def test_article_has_breadcrumbs_and_a_working_table_of_contents(live_server, sized):
    page = sized(1280, 800)
    page.goto(live_server.url + ARTICLE)
    crumbs = page.get_by_role("navigation", name="Sie sind hier")
    expect(crumbs.get_by_role("link")).to_have_text(["Startseite", "Artikel"])
    toc = page.get_by_role("navigation", name="Auf dieser Seite")
    entries = toc.locator("ol a")
    assert entries.count() >= 3
    toc_box, text_box = _box(page, ".toc"), _box(page, ".prose")
    assert toc_box["x"] >= text_box["x"] + text_box["width"]  # beside the text
    target = entries.nth(2).get_attribute("href")
    entries.nth(2).click()
    assert page.url.endswith(target)
    heading = page.locator(target)
    expect(heading).to_be_in_viewport()
    assert abs(heading.bounding_box()["y"]) < 120  # scrolled to the section
    expect(toc.locator("ol")).to_be_in_viewport()  # sticky: still beside the text
    expect(entries.nth(2)).to_have_attribute("aria-current", "true")
    page.get_by_role("link", name="Zurück nach oben").last.click()
    assert page.evaluate("window.scrollY") < 200


def test_phone_table_of_contents_is_collapsed_above_the_text(live_server, sized):
    page = sized(**PHONE)
    page.goto(live_server.url + CASE_STORY)
    toc = page.locator("nav.toc")
    assert _box(page, "nav.toc")["y"] < _box(page, ".prose")["y"]
    links = toc.locator("ol a")
    expect(links.first).to_be_hidden()
    toc.locator("summary").click()
    expect(toc.get_by_role("link", name="Verlauf")).to_be_visible()
    toc.get_by_role("link", name="Verlauf").click()
    expect(page.locator("#verlauf")).to_be_in_viewport()
    expect(links.first).to_be_hidden()  # closed again after the jump


def test_checklist_contents_lead_to_the_groups_and_keep_item_anchors(live_server, sized):
    page = sized(1280, 800)
    page.goto(live_server.url + CHECKLIST + "#budgetrahmen-offenlegen")
    expect(page.locator("li#budgetrahmen-offenlegen")).to_be_in_viewport()
    toc = page.get_by_role("navigation", name="Auf dieser Seite")
    group = page.locator("fieldset.checklist-group legend h2").nth(1)
    toc.get_by_role("link", name=group.inner_text()).click()
    expect(group).to_be_in_viewport()


@pytest.mark.parametrize("name", list(EVERY_PAGE), ids=list(EVERY_PAGE))
def test_no_sideways_scrolling_at_320px(live_server, sized, name):
    page = sized(320, 640)
    page.goto(live_server.url + EVERY_PAGE[name])
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_feedback_form_opens_on_request_and_through_its_anchor(live_server, sized):
    page = sized(1280)
    page.goto(live_server.url + ARTICLE)
    form = page.locator("#feedback form[data-feedback-form]")
    expect(form).to_be_hidden()  # compact until the reader asks for it
    page.locator("#feedback summary", has_text="Rückmeldung schreiben").click()
    expect(form).to_be_visible()
    page.goto(live_server.url + CASE_STORY + "#feedback-geben")
    expect(page.locator("#feedback form[data-feedback-form]")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", ["home", "artikel", "checkliste", "suche"])
def test_axe_on_a_phone_with_the_panels_open(live_server, sized, name, scheme):
    page = sized(390, 844, scheme)
    page.goto(live_server.url + EVERY_PAGE[name])
    page.get_by_role("button", name="Menü öffnen").click()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Suche öffnen").click()
    if page.locator("nav.toc summary").count():
        page.locator("nav.toc summary").click()
    assert axe_violations(page) == []

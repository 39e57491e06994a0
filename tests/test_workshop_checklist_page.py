"""Checklist pages as light as articles (one feedback form a page, attached to the chosen item,
answered item feedback beside the item), workshop mode on a phone, the Workshop-Set printout."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import LiveServer, axe_violations

BIG = "proaktive-kundeninformation-stadtwerk"  # the real checklist with 15 items
BUDGET = 40 * 1024  # HTML plus the checklist's own CSS and JS
SLUG = "rueckmeldung-innerhalb-48-stunden"


def _assets(html: str) -> set[str]:
    return set(re.findall(r'(?:href|src)="(/theme/[^"]+\.(?:css|js))"', html))


def test_a_checklist_page_with_15_items_stays_within_40_kb(real_site):
    html = real_site.read(f"checklisten/{BIG}/")
    assert html.count('class="checklist-item"') == 15
    assert html.count("data-feedback-form") == 1  # one form for the page and all its items
    options = re.findall(r'<option value="([a-z0-9-]+)">', html)
    assert options == re.findall(r'<li id="([a-z0-9-]+)" class="checklist-item"', html)
    shared = _assets(real_site.read("artikel/mehr-als-der-preis/"))  # what every article loads
    own = _assets(html) - shared
    assert own == {"/theme/css/checklist.css", "/theme/js/checklist.js"}
    weight = len(html.encode()) + sum(
        (real_site.output / path.lstrip("/")).stat().st_size for path in own
    )
    assert weight <= BUDGET, f"{weight} Bytes"


@pytest.mark.browser
def test_item_feedback_without_javascript_names_the_item(browser, real_site, tmp_path):
    from servicekultur.config import Settings
    from servicekultur.feedback.store import FeedbackStore
    from servicekultur.web import create_app

    settings = Settings(
        output_dir=real_site.output, state_dir=tmp_path / "state", min_fill_seconds=0
    )
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        with LiveServer(create_app(settings)) as server:
            page.goto(f"{server.url}/checklisten/{SLUG}/")
            page.get_by_text("Rückmeldung schreiben").click()  # the block opens on demand
            form = page.locator("form[data-feedback-form]")
            form.locator("select[name=item]").select_option("vertretung-regeln")
            form.locator("input[name=type][value=frage]").check()
            form.locator("textarea[name=text]").fill("Gilt das auch für Teilzeit?")
            form.locator("input[name=consent]").check()
            form.locator("button[type=submit]").click()
            expect(page.locator("main")).to_contain_text("Danke")
        store = FeedbackStore.open(settings.database)
        (sent,) = store.queue()
        store.close()
        assert (sent.page, sent.item) == (f"/checklisten/{SLUG}/", "vertretung-regeln")
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_the_form_moves_to_the_item_and_back(browser, live_server, width):
    page = browser.new_context(locale="de-DE", viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{live_server.url}/checklisten/{SLUG}/")
    item = page.locator("li#vertretung-regeln")
    item.locator(".item-fb-button").click()
    form = item.locator("form[data-feedback-form]")
    expect(form).to_be_visible()
    for part in ("select", "textarea", "button[type=submit]"):
        box = form.locator(part).bounding_box()
        assert box["x"] + box["width"] <= width, part  # usable on a phone too
    assert form.locator("select[name=item]").input_value() == "vertretung-regeln"
    assert page.evaluate("document.activeElement.name") == "text"
    form.locator("select[name=item]").select_option("")  # „auf die ganze Seite“
    expect(page.locator("#feedback form[data-feedback-form]")).to_be_visible()
    assert page.locator("form[data-feedback-form]").count() == 1
    assert axe_violations(page) == []
    page.context.close()


@pytest.mark.browser
def test_workshop_mode_works_on_a_390_px_phone(browser, live_server):
    context = browser.new_context(locale="de-DE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{live_server.url}/checklisten/{SLUG}/workshop/")
    bar = page.locator(".workshop-controls")
    for control in ("[data-prev]", "[data-counter]", "[data-next]", "a.button"):
        box = bar.locator(control).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, control
        assert box["y"] + box["height"] <= 844, control
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    bar.locator("[data-next]").click()
    expect(bar.locator("[data-counter]")).to_contain_text("Punkt 1 von")
    heading = page.locator(".slide.is-current h2").bounding_box()
    assert heading["x"] + heading["width"] <= 390
    assert heading["y"] + heading["height"] <= bar.bounding_box()["y"]  # not under the bar
    assert axe_violations(page) == []
    context.close()


@pytest.mark.browser
def test_workshop_set_printout_starts_on_page_one_and_has_writing_lines(page, live_server):
    import pypdfium2

    # the second checklist only: the first (hidden) part must not leave page one empty
    page.goto(
        f"{live_server.url}/workshop/set/?auswahl={SLUG}:vertretung-regeln,{SLUG}:abschluss-mitteilen"
    )
    expect(page.locator("[data-set-checklist]:visible")).to_have_count(1)
    pdf = pypdfium2.PdfDocument(page.pdf(format="A4"))  # Chromium's print, no background option
    first = pdf[0].get_textpage().get_text_range()
    assert "Workshop-Set" in first and "Vertretung bei Abwesenheit regeln" in first
    assert len(pdf) == 1
    image = pdf[0].render(scale=1).to_pil().convert("L")
    width, height = image.size
    rows = [
        y
        for y in range(height)
        if sum(1 for x in range(width // 4, width // 2) if 100 < image.getpixel((x, y)) < 200)
        > width // 8
    ]
    assert len(rows) >= 4, "writing lines under the items"  # two lines under each of two items

"""Trainers and readers using checklists in headless Chromium: deep links, self-check, print
handout, workshop mode, QR codes, old links, the set builder, case-story filters, accessibility."""

from __future__ import annotations

import io
import re

import pytest

from tests.conftest import MINIMAL, LiveServer, axe_violations

pytestmark = pytest.mark.browser

SLUG = "rueckmeldung-innerhalb-48-stunden"  # has weights and score bands
PUBLIC = "http://127.0.0.1:8000"  # the public address of the development build (FEED_DOMAIN)


def decode_qr(png: bytes) -> list[str]:
    import zxingcpp
    from PIL import Image

    return [r.text for r in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def test_deep_link_scrolls_to_and_highlights_the_item(page, live_server):
    page.goto(f"{live_server.url}/checklisten/{SLUG}/#vertretung-regeln")
    item = page.locator("#vertretung-regeln")
    page.wait_for_function(
        "document.getElementById('vertretung-regeln').classList.contains('is-target')"
    )
    assert item.evaluate(
        "el => { const r = el.getBoundingClientRect(); "
        "return r.top >= 0 && r.bottom <= innerHeight; }"
    )
    background = item.evaluate("el => getComputedStyle(el).backgroundColor")
    other = page.locator("#zwischenstand-melden").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert background != other
    # „Link kopieren“ copies the item's deep link
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.locator("#abschluss-mitteilen .copy-link").click()
    expect_text(page.locator("#abschluss-mitteilen .copy-status"), "Link kopiert")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}/checklisten/{SLUG}/#abschluss-mitteilen"


def expect_text(locator, text: str) -> None:
    from playwright.sync_api import expect

    expect(locator).to_contain_text(text)


def test_ticking_survives_reload_with_progress_score_and_reset(page, live_server):
    page.goto(f"{live_server.url}/checklisten/{SLUG}/")
    total = page.locator(".checklist-item").count()
    progress = page.locator("[data-progress-text]")
    expect_text(progress, f"0 von {total}")
    page.check("#cb-eingang-innerhalb-48-stunden-bestaetigen")  # weight 3
    page.check("#cb-zustaendige-person-nennen")  # weight 2
    expect_text(progress, f"2 von {total}")
    page.reload()
    assert page.is_checked("#cb-eingang-innerhalb-48-stunden-bestaetigen")
    assert page.is_checked("#cb-zustaendige-person-nennen")
    assert not page.is_checked("#cb-vertretung-regeln")
    expect_text(progress, f"2 von {total}")
    assert page.locator("progress").evaluate("el => el.value") == 2
    weights = page.locator(".checklist-item").evaluate_all(
        "els => els.map(e => parseFloat(e.dataset.weight))"
    )
    percent = int(5 / sum(weights) * 100)
    result = page.locator("[data-score-result]")
    # the share and the points it is a share of: both weighted (3 + 2 of all weights)
    expect_text(result, f"Ihr Ergebnis: {percent} % (5 von {sum(weights):g} Gewichtspunkten).")
    current = page.locator(".score-bands li.is-current")
    assert current.count() == 1
    low, high = int(current.get_attribute("data-low")), int(current.get_attribute("data-high"))
    assert low <= percent <= high
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    page.click("[data-reset]")  # „Abbrechen“: nothing is lost
    assert questions == ["Alle Häkchen dieser Checkliste löschen?"]
    expect_text(progress, f"2 von {total}")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("[data-reset]")
    expect_text(progress, f"0 von {total}")
    page.reload()
    assert not page.is_checked("#cb-zustaendige-person-nennen")
    assert page.evaluate(f"localStorage.getItem('kb-checkliste:{SLUG}')") is None


def test_print_media_is_the_a4_handout_with_qr_code(browser, live_server):
    # A4 at 96 dpi, rendered sharply enough for the QR decoder
    context = browser.new_context(
        locale="de-DE", viewport={"width": 794, "height": 1123}, device_scale_factor=2
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/checklisten/{SLUG}/")
    page.check("#cb-vertretung-regeln")
    page.emulate_media(media="print")

    def shown(selector: str) -> bool:
        return page.locator(selector).first.evaluate(
            "el => getComputedStyle(el).display !== 'none'"
        )

    for hidden in (
        ".site-header",
        ".site-footer",
        ".feedback",
        "[data-selfcheck]",
        ".copy-link",
        ".checklist-tools",
        ".neighbours",
    ):
        assert not shown(hidden), hidden
    for visible in (
        ".handout-head",
        ".handout-qr img",
        ".handout-foot",
        ".checklist-item",
        ".prompts",
    ):
        assert shown(visible), visible
    lines = page.locator(".checklist-item").first.evaluate(
        "el => getComputedStyle(el, '::after').height"
    )
    assert float(lines.removesuffix("px")) > 40  # room to write under every item
    head = page.locator(".handout-head").inner_text()
    assert "Version 1.0" in head and "Stand 28. April 2025" in head
    # boxes are empty squares on the handout, whatever the reader ticked on screen
    box = page.locator("#cb-vertretung-regeln")
    assert box.evaluate("el => getComputedStyle(el).appearance") == "none"
    assert box.evaluate("el => getComputedStyle(el).backgroundColor") in (
        "rgba(0, 0, 0, 0)",
        "rgb(255, 255, 255)",
    )
    # structure of the first page: title above the items, QR code top right, items stacked
    title = page.locator("h1").bounding_box()
    qr = page.locator(".handout-qr img").bounding_box()
    first, second = (page.locator(".checklist-item").nth(i).bounding_box() for i in (0, 1))
    assert title["y"] < first["y"] < second["y"]
    assert qr["x"] > 794 / 2 and qr["y"] < first["y"]
    assert first["x"] == second["x"] and first["height"] > 40  # room to write
    page.evaluate("window.scrollTo(0, 0)")
    shot = page.screenshot(full_page=False)
    assert decode_qr(shot) == [f"{PUBLIC}/checklisten/{SLUG}/"]
    context.close()


def test_qr_code_on_the_workshop_start_screen_decodes_to_the_checklist(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 720})  # a projector
    page.goto(f"{live_server.url}/checklisten/{SLUG}/workshop/")
    svg = page.locator(".slide-qr svg")
    box, bar = svg.bounding_box(), page.locator(".workshop-controls").bounding_box()
    assert box["y"] + box["height"] <= bar["y"]  # not hidden behind the controls
    assert decode_qr(page.screenshot()) == [f"{PUBLIC}/checklisten/{SLUG}/"]
    assert svg.get_attribute("role") == "img"


def test_workshop_mode_moves_with_the_keys(page, live_server):
    page.goto(f"{live_server.url}/checklisten/{SLUG}/workshop/")
    total = page.locator(".slide-item").count()
    counter = page.locator("[data-counter]")
    current = page.locator(".slide.is-current")
    expect_text(counter, "Start")
    assert "Rückmeldung innerhalb von 48 Stunden" in current.inner_text()
    assert page.locator(".slide:visible").count() == 1
    page.keyboard.press("ArrowRight")
    expect_text(counter, f"Punkt 1 von {total}")
    assert "persönlich bestätigen" in current.inner_text()
    font = current.locator("h2").evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert font >= 32  # large type
    page.keyboard.press(" ")
    expect_text(counter, f"Punkt 2 von {total}")
    page.keyboard.press("ArrowLeft")
    expect_text(counter, f"Punkt 1 von {total}")
    assert page.url.endswith("#folie-1")
    page.reload()  # the slide is kept in the URL
    expect_text(counter, f"Punkt 1 von {total}")
    page.keyboard.press("End")
    expect_text(counter, "Zum Weiterdenken")
    assert current.locator("li").count() >= 2  # the checklist's discussion prompts
    page.keyboard.press("ArrowRight")
    expect_text(counter, "Zum Weiterdenken")
    page.keyboard.press("Home")
    expect_text(counter, "Start")


def test_old_links_redirect_to_the_renamed_checklist_and_item(make_site, browser):
    registry_site = make_site()
    registry = (registry_site.content / "kurzlinks.txt").read_text(encoding="utf-8")
    old_code = next(
        line.split()[0] for line in registry.splitlines() if line.endswith("#antwort-geben")
    )
    renamed = (
        MINIMAL["checklisten/checkliste-test.md"]
        .replace(
            "Summary: Eine Test-Checkliste.",
            "Summary: Eine Test-Checkliste.\nAliases: checkliste-test",
        )
        .replace("{#antwort-geben weight=2}", "{#antworten weight=2 alias=antwort-geben}")
    )
    site = make_site(
        {
            "checklisten/checkliste-test.md": None,
            "checklisten/checkliste-neu.md": renamed,
            "kurzlinks.txt": registry,
            "artikel/erster-artikel.md": MINIMAL["artikel/erster-artikel.md"]
            .replace("checkliste-test#antwort-geben", "checkliste-neu#antworten")
            .replace("/checklisten/checkliste-test/", "/checklisten/checkliste-neu/"),
            "fallgeschichten/fall-test.md": MINIMAL["fallgeschichten/fall-test.md"].replace(
                "checkliste-test#antwort-geben", "checkliste-neu#antworten"
            ),
        }
    )
    assert site.error is None and not site.issues, site.messages
    from servicekultur.config import Settings
    from servicekultur.web import create_app

    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    try:
        settings = Settings(output_dir=site.output, state_dir=site.output.parent / "state")
        with LiveServer(create_app(settings)) as server:
            page.goto(f"{server.url}/checklisten/checkliste-test/#antwort-geben")
            page.wait_for_url(re.compile(r"/checklisten/checkliste-neu/#antworten$"))
            page.wait_for_function(
                "document.getElementById('antworten').classList.contains('is-target')"
            )
            page.goto(f"{server.url}/c/{old_code}")
            page.wait_for_url(re.compile(r"/checklisten/checkliste-neu/#antworten$"))
    finally:
        context.close()


def test_set_builder_makes_a_shareable_printable_selection(page, live_server):
    page.goto(f"{live_server.url}/workshop/")
    assert page.locator(".trainer-table tbody tr").count() == 5
    page.check("#set-faires-angebotsverfahren")
    page.locator(".set-checklist", has=page.locator(f"#set-{SLUG}")).locator("summary").click()
    page.check(f"#set-{SLUG}-vertretung-regeln")
    page.check(f"#set-{SLUG}-abschluss-mitteilen")
    page.fill("#set-titel", "Teamtag Kundenservice")
    link = page.locator("[data-set-link]").input_value()
    assert link.startswith(f"{live_server.url}/workshop/set/?auswahl=")
    assert f"{SLUG}:vertretung-regeln" in link and "titel=Teamtag%20Kundenservice" in link
    page.goto(link)  # as a colleague opening the shared link
    expect_text(page.locator("h1"), "Teamtag Kundenservice")
    parts = page.locator(".set-part:visible")
    assert parts.count() == 2
    assert page.locator(f"[data-set-checklist='{SLUG}'] .set-item:visible").count() == 2
    assert (
        page.locator("[data-set-checklist='faires-angebotsverfahren'] .set-item:visible").count()
        == 14
    )
    page.emulate_media(media="print")
    assert page.locator(".set-part:visible").count() == 2
    assert page.locator(".site-header").evaluate("el => getComputedStyle(el).display") == "none"


def test_case_story_overview_filters_by_branche_phase_and_kanal(page, live_server):
    page.goto(f"{live_server.url}/fallgeschichten/")
    cards = page.locator(".cards .card")
    total = cards.count()
    page.select_option("#filter-kanal", "E-Mail")
    with_mail = page.locator(".cards .card:visible").count()
    assert 0 < with_mail <= total
    expect_text(page.locator("[data-filter-count]"), f"{with_mail} von {total} Fallgeschichten")
    page.select_option("#filter-phase", "Akquise")
    visible = page.locator(".cards .card:visible")
    for i in range(visible.count()):
        assert "Akquise" in visible.nth(i).inner_text()
    assert "phase=Akquise" in page.url and "kanal=E-Mail" in page.url
    page.reload()  # the filter is in the URL
    assert page.locator(".cards .card:visible").count() == visible.count()


@pytest.mark.parametrize(
    "path",
    [
        f"/checklisten/{SLUG}/",
        "/checklisten/faires-angebotsverfahren/",
        f"/checklisten/{SLUG}/workshop/",
        "/workshop/",
    ],
)
def test_no_serious_accessibility_violations(page, live_server, path):
    page.goto(f"{live_server.url}{path}")
    assert axe_violations(page) == []
    if path.endswith("workshop/") and "checklisten" in path:
        page.keyboard.press("ArrowRight")
        assert axe_violations(page) == []
        page.keyboard.press("End")
        assert axe_violations(page) == []


def test_reader_prints_a_summary_of_their_own_answers(page, live_server):
    page.goto(f"{live_server.url}/checklisten/{SLUG}/")
    page.check("#cb-vertretung-regeln")
    page.click("[data-print-answers]")  # opens the print dialog (a no-op in headless Chromium)
    assert page.evaluate("document.documentElement.classList.contains('print-answers')")
    page.emulate_media(media="print")
    ticked = page.locator("#cb-vertretung-regeln").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    open_box = page.locator("#cb-abschluss-mitteilen").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert ticked == "rgb(0, 0, 0)" and open_box != ticked
    assert page.locator("[data-score-result]").is_visible()
    assert "Ihr Ergebnis:" in page.locator("[data-score-result]").inner_text()
    after = page.locator(".checklist-item").first.evaluate(
        "el => getComputedStyle(el, '::after').display"
    )
    assert after == "none"  # no writing lines on the summary
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not page.evaluate("document.documentElement.classList.contains('print-answers')")

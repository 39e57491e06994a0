"""A live round in headless Chromium: the trainer starts it, three teams join through the code
(one browser without JavaScript) and vote, the projector shows the count live, the trainer
closes the round and exports it; the join QR code decodes to the public address; axe scans."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import axe_violations
from tests.test_workshop_browser import decode_qr

pytestmark = pytest.mark.browser

SLUG = "rueckmeldung-innerhalb-48-stunden"
PUBLIC = "http://127.0.0.1:8000"  # the live server's configured public address (default)


def join(browser, server, code: str, script: bool = True):
    context = browser.new_context(
        locale="de-DE", java_script_enabled=script, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.goto(f"{server.url}/runde/")
    page.fill("#code", code.upper())
    page.click("button:has-text('Beitreten')")
    expect(page).to_have_url(re.compile(f"/runde/{code}$"))
    return context, page


def test_a_live_round_end_to_end(browser, live_server, tmp_path):
    trainer = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 800})
    page = trainer.new_page()
    page.goto(f"{live_server.url}/workshop/neu?auswahl={SLUG}")
    assert axe_violations(page) == []
    page.fill("#titel", "Teamtag Kundenservice")
    page.click("button:has-text('Runde starten')")
    expect(page.locator("h1")).to_contain_text("Teamtag Kundenservice")
    secret = page.locator("[data-round-secret]").inner_text()
    code = page.locator(".round-code").inner_text().lower()
    assert len(secret) == 19 and len(code) == 5
    assert axe_violations(page) == []
    projector = trainer.new_page()
    projector.goto(f"{live_server.url}/runde/{code}/projektor")
    expect(projector.locator("[data-round-teams]")).to_contain_text("Noch hat kein Team")
    qr = decode_qr(projector.screenshot())
    assert qr == [f"{PUBLIC}/runde/{code}"]
    assert axe_violations(projector) == []

    first_context, first = join(browser, live_server, code)
    assert axe_violations(first) == []
    first.check("#punkt-0")
    expect(first.locator("[data-round-status]")).to_contain_text("Gespeichert")
    first.check("#punkt-1")
    expect(first.locator("[data-round-status]")).to_contain_text("Gespeichert")
    second_context, second = join(browser, live_server, code)
    second.check("#punkt-0")
    expect(second.locator("[data-round-status]")).to_contain_text("Gespeichert")
    plain_context, plain = join(browser, live_server, code, script=False)
    plain.check("#punkt-0")
    plain.check("#punkt-2")
    plain.click("text=Antworten speichern")
    expect(plain.locator(".round-saved")).to_contain_text("Gespeichert")
    assert plain.is_checked("#punkt-2") and not plain.is_checked("#punkt-1")

    # the projector was open all along: the count arrives without a reload
    teams = projector.locator("[data-round-teams]")
    expect(teams).to_contain_text("3 Teams haben abgestimmt.", timeout=10_000)
    rows = projector.locator("[data-round-items] li")
    expect(rows.last).to_contain_text("3 von 3 Teams erfüllen das")
    labels = rows.locator(".projector-label").all_inner_texts()
    assert labels[0].startswith("0 von 3") and labels.count("1 von 3 Teams erfüllt das") == 2
    first.uncheck("#punkt-1")  # a team changes its mind
    expect(rows.filter(has_text="1 von 3 Teams erfüllt das")).to_have_count(1, timeout=10_000)

    page.goto(f"{live_server.url}/runde/{code}/leitung")
    page.check("#bestaetigt")
    page.click("button:has-text('Runde beenden')")
    expect(page.locator("[data-round-state]")).to_contain_text("beendet")
    expect(teams).to_contain_text("Die Runde ist beendet.", timeout=10_000)
    second.check("#punkt-2")
    expect(second.locator("[data-round-status]")).to_contain_text("beendet")

    with page.expect_download() as csv_download:
        page.click("text=Ergebnis als CSV")
    csv = (csv_download.value.path()).read_text(encoding="utf-8-sig")
    assert f"Runde;{code.upper()};Teamtag Kundenservice" in csv and ";3;" in csv
    with page.expect_download() as pdf_download:
        page.click("text=Ergebnis als PDF")
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(pdf_download.value.path()))
    assert len(pdf) == 1
    assert "3 Teams haben abgestimmt." in pdf[0].get_textpage().get_text_range()
    for context in (first_context, second_context, plain_context, trainer):
        context.close()


def test_the_join_page_and_key_page_are_accessible(page, live_server):
    page.goto(f"{live_server.url}/runde/")
    assert axe_violations(page) == []
    page.fill("#code", "K7M2")
    page.click("button:has-text('Beitreten')")
    expect(page.locator(".round-error")).to_contain_text("fünf Zeichen")
    assert axe_violations(page) == []


def test_every_qr_code_decodes_to_the_configured_public_address(make_site, browser, tmp_path):
    """Workshop start slide, printed handout and the round's projector: one address."""
    from servicekultur.config import Settings
    from servicekultur.web import create_app
    from tests.conftest import LiveServer

    public = "http://192.0.2.2:8123"
    site = make_site(KB_PUBLIC_URL=public)
    settings = Settings(output_dir=site.output, state_dir=tmp_path / "state", public_url=public)
    context = browser.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        with LiveServer(create_app(settings)) as server:
            page.goto(f"{server.url}/checklisten/checkliste-test/workshop/")
            assert decode_qr(page.screenshot()) == [f"{public}/checklisten/checkliste-test/"]
            page.goto(f"{server.url}/checklisten/checkliste-test/")
            page.emulate_media(media="print")
            assert decode_qr(page.screenshot()) == [f"{public}/checklisten/checkliste-test/"]
            page.emulate_media(media="screen")
            page.goto(f"{server.url}/workshop/neu?auswahl=checkliste-test")
            page.click("button:has-text('Runde starten')")
            code = page.locator(".round-code").inner_text().lower()
            assert "nur auf diesem Rechner" not in page.content()  # a reachable address
            page.goto(f"{server.url}/runde/{code}/projektor")
            assert decode_qr(page.screenshot()) == [f"{public}/runde/{code}"]
    finally:
        context.close()

"""Readers searching in real Chromium: instant results, keyboard, and the page without JS."""

from __future__ import annotations

import re

from conftest import axe_violations
from playwright.sync_api import expect


def test_instant_results_keyboard_and_enter_opens_full_page(page, live_server):
    page.goto(f"{live_server.url}/artikel/puenktlich-zahlen/")
    box = page.locator("#suche-eingabe")
    box.focus()  # search.js comes when the reader turns to the box (site.js)
    expect(box).to_have_attribute("role", "combobox")
    box.press_sequentially("Pflege", delay=30)
    options = page.locator("#suche-vorschlaege [role=option]")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#suche-vorschlaege mark").first).to_have_text(re.compile("pflege", re.I))
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", "suche-opt-0")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#suche-vorschlaege")).to_be_hidden()
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/suche\?q=Pflege$"))
    expect(page.locator("h1")).to_have_text("Suche nach „Pflege“")
    expect(page.locator(".search-hit").first).to_be_visible()
    assert axe_violations(page) == []


def test_arrow_and_enter_open_the_chosen_hit(page, live_server):
    page.goto(f"{live_server.url}/")
    box = page.locator("#suche-eingabe")
    box.press_sequentially("Zahlungsziel", delay=20)
    first = page.locator("#suche-opt-0")
    expect(first).to_be_visible()
    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/glossar/#zahlungsziel$"))


def test_search_works_with_javascript_disabled(browser, live_server):
    context = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/")
        page.fill("#suche-eingabe", "Gebuehren")
        page.press("#suche-eingabe", "Enter")
        expect(page).to_have_url(re.compile(r"/suche\?q=Gebuehren$"))
        expect(page.locator(".search-hit mark").first).to_have_text("Gebühren")
        page.get_by_role("link", name=re.compile(r"^Artikel \(\d+\)$")).click()
        expect(page).to_have_url(re.compile(r"type=artikel"))
        expect(page.locator(".search-hit-type").first).to_have_text("Artikel")
    finally:
        context.close()

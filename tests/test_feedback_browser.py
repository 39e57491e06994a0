"""Readers and editors in headless Chromium: feedback with and without JavaScript, moderation
and answers in /admin, the rebuild, late items, and 50+ XSS payloads that never run."""

from __future__ import annotations

import re
import time

import httpx
import pytest
from conftest import MINIMAL, LiveServer, axe_violations, build_site, served_settings
from xss_payloads import PAYLOADS

from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.store import FeedbackStore
from servicekultur.web import create_app
from servicekultur.web.feedback import readcache

pytestmark = pytest.mark.browser
ARTICLE = "/artikel/erster-artikel/"
CHECKLIST = "/checklisten/checkliste-test/"
PASSWORD = "browser-geheim"


class FeedbackSite:
    def __init__(self, root) -> None:
        self.content = root / "content"
        self.output = root / "output"
        self.url = f"sqlite:///{root / 'state' / 'feedback.sqlite3'}"
        for rel, text in MINIMAL.items():
            path = self.content / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        self.root = root

    def build(self) -> None:
        result = build_site(self.content, self.output, KB_DATABASE_URL=self.url)
        assert result.error is None, result.messages

    @property
    def store(self) -> FeedbackStore:
        return FeedbackStore.open(self.url)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = FeedbackSite(tmp_path_factory.mktemp("feedback-site"))
    site.build()  # no database yet: builds without feedback
    settings = served_settings(
        site.output,
        site.root / "state",
        site.url,
        PASSWORD,
        rate_limit=10_000,
        rate_limit_address=10_000,
    )
    with LiveServer(create_app(settings)) as server:
        site.server = server
        yield site


def _fill(form, kind: str, text: str) -> None:
    if not form.is_visible():  # the page's form is compact until the reader opens it
        form.locator("xpath=ancestor::details[1]/summary").click()
    form.locator(f"input[name=type][value={kind}]").check()
    form.locator("textarea[name=text]").fill(text)
    form.locator("input[name=consent]").check()


def test_feedback_loop_without_and_with_javascript(site, browser):
    nojs = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = nojs.new_page()
    page.goto(site.server.url + ARTICLE)
    form = page.locator("#feedback form[data-feedback-form]").first
    _fill(form, "frage", "Gilt das auch **ohne** JavaScript?")
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/feedback/status/"))
    assert "Danke für Ihre Rückmeldung" in page.content()
    assert "antworten in der Regel" in page.inner_text("main")
    nojs.close()
    js = browser.new_context(locale="de-DE")
    page = js.new_page()
    page.goto(site.server.url + ARTICLE)
    assert axe_violations(page) == []  # the feedback section and its forms are accessible

    form = page.locator("#feedback form[data-feedback-form]").first
    _fill(form, "lob", "Sehr hilfreich, danke!")
    form.locator("button[type=submit]").click()
    result = form.locator(".fb-result")
    result.wait_for(state="visible")
    form.locator(".fb-result.fb-ok", has_text="Danke").wait_for()
    assert page.url.endswith(ARTICLE)  # inline, no reload
    assert result.locator("a").get_attribute("href").startswith("/feedback/status/")

    # The editor logs in, publishes the praise and answers the question.
    page.goto(site.server.url + "/admin/")
    page.fill("#admin-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    assert "Gilt das auch" in page.content() and "Sehr hilfreich" in page.content()
    page.click("tr:has-text('Sehr hilfreich') a")
    page.click("button:has-text('Veröffentlichen')")
    page.wait_for_url(re.compile(r"ok=approve"))
    page.goto(site.server.url + "/admin/")
    page.click("tr:has-text('Gilt das auch') a")
    page.fill("#answer", "Ja, das Formular funktioniert auch **ohne** JavaScript.")
    page.click("button:has-text('Antwort speichern')")
    page.wait_for_url(re.compile(r"ok=answer"))
    assert "beantwortet" in page.inner_text(".fb-status")
    assert axe_violations(page) == []

    # Before the rebuild the page script shows what was published since the last build, once
    # the service's read cache has let go of the answer it gave this page's first visit (the
    # steps above take about as long as the cache keeps it: without the wait this was a race).
    time.sleep(readcache.SECONDS)
    page.goto(site.server.url + ARTICLE)
    page.locator("#feedback-liste .fb-fresh").nth(1).wait_for()
    assert "Sehr hilfreich" in page.inner_text("#feedback-liste")

    # After the rebuild both are in the static HTML: visible without JavaScript.
    site.build()
    static = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = static.new_page()
    page.goto(site.server.url + ARTICLE)
    listing = page.inner_text("#feedback-liste")
    assert "Sehr hilfreich" in listing and "Gilt das auch ohne JavaScript?" in listing
    assert "Ja, das Formular funktioniert auch ohne JavaScript." in page.inner_text(".fb-answer")
    summary = page.inner_text(".fb-summary")
    assert "2 Rückmeldungen" in summary and "50 % beantwortet" in summary
    page.goto(site.server.url + "/feedback/")
    assert "Die Hälfte aller Rückmeldungen beantworten wir innerhalb von" in page.inner_text("main")
    static.close()
    js.close()


def test_feedback_on_a_checklist_item(site, page):
    page.goto(site.server.url + CHECKLIST)
    item = page.locator("li#frist-nennen")
    item.locator(".item-fb-button").click()  # the page's one form moves to the item
    form = item.locator("form[data-feedback-form]")
    assert form.locator("select[name=item]").input_value() == "frist-nennen"
    _fill(form, "anregung", "Bitte ein Beispiel für eine realistische Frist.")
    form.locator("button[type=submit]").click()
    form.locator(".fb-result.fb-ok", has_text="Danke").wait_for()
    store = site.store
    (fresh,) = [i for i in store.queue() if i.item == "frist-nennen"]
    Moderation(store).answer(fresh.id, "Zum Beispiel: *zwei Wochen*.", "Redaktion")
    store.close()
    site.build()
    page.goto(site.server.url + "/")
    page.goto(site.server.url + CHECKLIST + "#frist-nennen")
    text = page.text_content("#feedback-liste-frist-nennen")
    assert "realistische Frist" in text and "zwei Wochen" in text
    assert page.locator("#frist-nennen .item-feedback").is_visible()  # next to the item


def _submit_payloads(site) -> None:
    with httpx.Client(base_url=site.server.url) as client:
        html = client.get(ARTICLE).text
        token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
        for n, payload in enumerate(PAYLOADS):
            response = client.post(
                "/api/feedback",
                json={
                    "page": ARTICLE,
                    "type": "kritik",
                    "text": payload,
                    "consent": True,
                    "form_token": token,
                    "name": payload[:80] if n % 2 else "",
                },
            )
            assert response.status_code == 201, response.text
            token = response.json()["form_token"]  # each token counts once
    store = site.store
    moderation = Moderation(store)
    for n, item in enumerate(i for i in store.queue() if i.text in PAYLOADS):
        if n % 3 == 0:
            moderation.answer(item.id, PAYLOADS[-1 - n], PAYLOADS[n][:80])
        else:
            moderation.approve(item.id)
    store.close()


INJECTED = """() => {
  const root = document.querySelector('main');
  const bad = root.querySelectorAll('#feedback script:not([src^="/theme/js/"]),'
    + ' #feedback img, #feedback svg, #feedback iframe, #feedback object, #feedback embed,'
    + ' #feedback style, #feedback form form, #feedback xss, #feedback video, #feedback audio,'
    + ' #feedback math, #feedback input[autofocus],'
    + ' main [onerror], main [onload], main [onclick], main [onfocus], main [onmouseover], base');
  const links = [...document.querySelectorAll('a[href]')].filter(
    a => !['http:', 'https:', 'mailto:'].includes(a.protocol));
  return {xss: window.__xss, bad: [...bad].map(e => e.outerHTML.slice(0, 80)),
          links: links.map(a => a.getAttribute('href'))};
}"""


def test_xss_payloads_never_run_on_the_page_or_in_the_admin(site, browser):
    assert len(PAYLOADS) >= 50
    _submit_payloads(site)
    site.build()
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(site.server.url + ARTICLE)
    page.wait_for_load_state("networkidle")
    rendered = page.inner_text("#feedback-liste")
    assert "window.__xss=1" in rendered  # the payloads are shown as text …
    assert page.evaluate(INJECTED) == {"xss": None, "bad": [], "links": []}  # … and nothing runs
    page.goto(site.server.url + "/feedback/")
    assert page.evaluate(INJECTED)["bad"] == []

    page.goto(site.server.url + "/admin/login")
    page.fill("#admin-password", PASSWORD)
    page.click("button[type=submit]")
    page.goto(site.server.url + "/admin/?status=alle")
    assert page.evaluate(INJECTED) == {"xss": None, "bad": [], "links": []}
    ids = page.eval_on_selector_all("tr[data-id]", "rows => rows.map(r => r.dataset.id)")
    for item_id in ids[:60]:
        page.goto(f"{site.server.url}/admin/feedback/{item_id}")
        assert page.evaluate(INJECTED)["xss"] is None
        assert page.evaluate(INJECTED)["bad"] == []
    assert dialogs == []
    context.close()

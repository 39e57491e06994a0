"""Issue 14, finding 5, in real Chromium: `javascript:` links, reflected and stored, never run —
not on the service's pages (with CSP) and not in the static output opened without any CSP."""

from __future__ import annotations

import re

import pytest
from conftest import MINIMAL, LiveServer, build_site, served_settings
from sqlalchemy import text
from xss_payloads import LINK_PAYLOADS

from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.store import FeedbackStore
from servicekultur.feedback.submission import parse_submission
from servicekultur.web import create_app

pytestmark = pytest.mark.browser
ARTICLE = "/artikel/erster-artikel/"
PASSWORD = "browser-geheim"
ATTACKER = "http://boese.example/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A small built site whose database holds items with script links (as if stored before
    the allowlist, or written past it), then built again so the static pages have them."""
    root = tmp_path_factory.mktemp("xss-site")
    for rel, body in MINIMAL.items():
        (root / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / rel).write_text(body, encoding="utf-8")
    url = f"sqlite:///{root / 'state' / 'feedback.sqlite3'}"
    store = FeedbackStore.open(url)
    moderation = Moderation(store)
    tokens = []
    for link in LINK_PAYLOADS:
        sub = parse_submission(
            {"page": ARTICLE, "type": "lob", "text": "Gut", "consent": "1", "email": ""}
        )
        item = store.add(sub)
        moderation.implemented(moderation.approve(item.id).id, "https://ok.example/")
        with store.engine.begin() as conn:  # past the allowlist, straight into the table
            conn.execute(
                text("UPDATE feedback SET change_url = :u WHERE id = :i"), {"u": link, "i": item.id}
            )
        tokens.append(item.token)
    store.close()
    result = build_site(root / "content", root / "output", KB_DATABASE_URL=url)
    assert result.error is None, result.messages
    settings = served_settings(root / "output", root / "state", url, PASSWORD)
    with LiveServer(create_app(settings)) as server:
        yield {"server": server, "output": root / "output", "tokens": tokens}


def _click_every_link(page, selector: str = "main a") -> list[str]:
    """Click each link (without following it away); the dialogs any script opened."""
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h and re.match(r"\s*(javascript|data|vbscript):", h, re.I)]

    def stay(route):  # a harmless link would navigate away and end the page's scripts
        if route.request.is_navigation_request() and route.request.frame == page.main_frame:
            route.fulfill(status=204)  # 204: the browser stays on the page
        else:
            route.continue_()

    page.route("**/*", stay)
    try:
        for link in page.locator(selector).all():
            link.evaluate("a => a.dispatchEvent(new MouseEvent('click', {bubbles: true}))")
        page.wait_for_timeout(100)
        return dialogs + [m for m in [page.evaluate("window.__xss || ''")] if m]
    finally:
        page.unroute("**/*", stay)


def test_stored_script_links_are_dropped_from_the_static_page_without_csp(site, page):
    """The static output opened straight from disk (no service, no CSP): no link runs."""
    page.goto((site["output"] / ARTICLE.strip("/") / "index.html").as_uri())
    assert page.locator(".fb-item").count() == len(LINK_PAYLOADS)
    assert page.locator(".fb-change").count() == 0  # no "zur Änderung" for a bad link
    assert _click_every_link(page, "#feedback a") == []


def test_stored_script_links_are_dropped_from_status_and_admin_pages(site, page):
    base = site["server"].url
    for token in site["tokens"][:3]:  # every variant is checked by safe_link's own test
        page.goto(f"{base}/feedback/status/{token}")
        assert "zur Änderung" not in page.inner_text("main")
        assert _click_every_link(page) == []
    page.goto(base + "/admin/login")
    page.fill("#admin-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    page.goto(f"{base}/admin/feedback/1")
    assert "kein erlaubter Link" in page.inner_text("main")
    assert _click_every_link(page) == []


def test_a_cross_site_form_cannot_reflect_a_script_link(site, page):
    """An attacker's page posts the no-JS form with page=javascript:…: refused, nothing stored,
    and the answer page has no link that runs script."""
    base = site["server"].url
    attack = f"""<!DOCTYPE html><html><body>
    <form id="f" method="post" action="{base}/feedback/senden">
    <input name="page" value="javascript:alert(document.domain)//">
    <input name="type" value="lob"><input name="text" value="x"><input name="consent" value="1">
    </form><script>document.getElementById('f').submit()</script></body></html>"""
    page.route(ATTACKER, lambda route: route.fulfill(body=attack, content_type="text/html"))
    page.goto(ATTACKER)
    page.wait_for_url(re.compile(r"/feedback/senden"))
    assert "fremden Seiten" in page.inner_text("main")
    assert _click_every_link(page) == []
    store = FeedbackStore.open(f"sqlite:///{site['output'].parent / 'state' / 'feedback.sqlite3'}")
    assert store.count() == len(LINK_PAYLOADS)  # nothing new stored
    store.close()

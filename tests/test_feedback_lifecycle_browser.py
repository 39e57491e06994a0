"""The whole loop in headless Chromium with the build worker running, as `invoke serve` runs it:
a reader without JavaScript sends feedback, an editor approves it in /admin, the page shows it
within 5 s without anyone building; the reader erases it (with the confirmation step), and it is
gone from the page."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
from conftest import MINIMAL, ROOT, LiveServer, build_site, served_settings, write_content

from servicekultur.web import create_app

pytestmark = pytest.mark.browser
ARTICLE = "/artikel/erster-artikel/"
PASSWORD = "lebenszyklus-geheim"
TEXT = "Stimmt die Frist auch im Handwerk?"


def start_worker(content, output, url) -> subprocess.Popen:
    """The build worker in its own process, as `invoke serve` starts it."""
    command = [
        sys.executable, "-m", "servicekultur.publishing", "--root", str(ROOT),
        "--content", str(content), "--output", str(output),
    ]  # fmt: skip
    return subprocess.Popen(command, env={**os.environ, "KB_DATABASE_URL": url})


def wait_for_worker(server_url: str, page, timeout: float = 60) -> None:
    """Until /admin reports an active worker (it has loaded the site)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        page.goto(server_url + "/admin/")
        if page.locator(".fb-worker[data-worker=aktiv]").count():
            return
        time.sleep(0.3)
    raise AssertionError("the build worker did not start")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("lifecycle")
    content = write_content(root / "content", dict(MINIMAL))
    url = f"sqlite:///{root / 'state' / 'feedback.sqlite3'}"
    assert build_site(content, root / "output", KB_DATABASE_URL=url).error is None
    settings = served_settings(root / "output", root / "state", url, PASSWORD)
    worker = start_worker(content, root / "output", url)
    try:
        with LiveServer(create_app(settings)) as server:
            yield server
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def _seconds_until(page, url: str, present: bool, timeout: float = 5.0) -> float:
    """Reload ``url`` until TEXT is (not) in its feedback list; seconds it took."""
    started = time.monotonic()
    while True:
        page.goto(url)
        shown = TEXT in page.inner_text("#feedback-liste")
        elapsed = time.monotonic() - started
        if shown == present or elapsed > timeout:
            return elapsed
        time.sleep(0.2)


def test_reader_editor_worker_and_erasure_without_javascript(served, browser):
    reader = browser.new_context(locale="de-DE", java_script_enabled=False)
    page = reader.new_page()
    page.goto(served.url + ARTICLE)
    compose = page.locator("#feedback details[data-fb-compose] > summary")
    if compose.count():  # the form may sit in a collapsed block (the theme decides)
        compose.first.click()
    form = page.locator("#feedback form[data-feedback-form]").first
    form.locator("input[name=type][value=frage]").check()
    form.locator("textarea[name=text]").fill(TEXT)
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/feedback/status/"))
    status_url = page.url.split("?")[0]
    assert "Danke für Ihre Rückmeldung" in page.inner_text("main")

    editor = browser.new_context(locale="de-DE")
    admin = editor.new_page()
    admin.goto(served.url + "/admin/login")
    admin.fill("#admin-password", PASSWORD)
    admin.click("button[type=submit]")
    wait_for_worker(served.url, admin)
    admin.click(f"tr:has-text('{TEXT}') a")
    admin.click("button:has-text('Veröffentlichen')")
    admin.wait_for_url(re.compile(r"ok=approve"))
    assert "in wenigen Sekunden" in admin.inner_text(".fb-ok")

    seconds = _seconds_until(page, served.url + ARTICLE, present=True)
    assert seconds <= 5.0, f"not on the page after {seconds:.1f} s"  # nobody ran a build

    page.goto(status_url)
    page.click("a:has-text('Rückmeldung löschen')")
    assert "endgültig löschen?" in page.inner_text("main")
    assert "innerhalb weniger Sekunden" in page.inner_text("main")
    page.click("button:has-text('Ja, endgültig löschen')")
    page.wait_for_url(re.compile(r"/feedback/geloescht"))
    assert "innerhalb weniger Sekunden von der Seite entfernt" in page.inner_text("main")
    seconds = _seconds_until(page, served.url + ARTICLE, present=False)
    assert seconds <= 5.0, f"still on the page after {seconds:.1f} s"
    page.goto(status_url)
    assert "gibt es nicht" in page.inner_text("main")
    reader.close()
    editor.close()

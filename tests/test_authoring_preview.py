"""Live preview: one-document render with the kept Pelican context, background build, reload."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from servicekultur.authoring.preview.changes import ChangeLog
from servicekultur.authoring.preview.session import PreviewSession
from servicekultur.publishing.incremental import (
    IncrementalSite,
    NeedsFullBuild,
    load_settings,
)
from tests.conftest import MINIMAL, ROOT, LiveServer

ARTICLE = "artikel/erster-artikel.md"


@pytest.fixture
def site(tmp_path):
    content = tmp_path / "content"
    for rel, text in MINIMAL.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(text, encoding="utf-8")
    settings = load_settings(
        ROOT / "pelicanconf.py",
        content,
        tmp_path / "output",
        THEME=str(ROOT / "theme"),
        PLUGIN_PATHS=[str(ROOT / "plugins")],
    )
    site = IncrementalSite(settings)
    site.full_build()
    return site


def read(site: IncrementalSite, url: str) -> str:
    return (Path(site.settings["OUTPUT_PATH"]) / url / "index.html").read_text("utf-8")


def edit(site: IncrementalSite, rel: str, old: str, new: str) -> None:
    path = site.content / rel
    path.write_text(path.read_text("utf-8").replace(old, new), encoding="utf-8")


def test_changelog_tells_each_page_whether_to_reload():
    log = ChangeLog()
    assert log.needs_reload(-1, "/artikel/a/") is False
    first = log.pages(["artikel/a/"])
    assert log.needs_reload(0, "/artikel/a/") and log.needs_reload(0, "/artikel/a/index.html")
    assert not log.needs_reload(0, "/artikel/b/")
    assert not log.needs_reload(first, "/artikel/a/")
    log.site(fresh={"artikel/a/"})
    assert log.needs_reload(first, "/artikel/") and not log.needs_reload(first, "/artikel/a/")


def test_render_one_document_with_the_kept_context(site):
    edit(site, ARTICLE, "Ein Angebot verdient eine Antwort.", "Frisch geänderter Satz.")
    assert site.render(ARTICLE) == "artikel/erster-artikel/"
    html = read(site, "artikel/erster-artikel")
    assert "Frisch geänderter Satz." in html
    # the site-wide steps ran for this page: cross-reference and glossary link
    assert 'class="kb-ref" href="/checklisten/checkliste-test/#antwort-geben"' in html
    assert 'class="kb-term" href="/glossar/#service-excellence"' in html
    # listings are left to the background build
    assert "Frisch geänderter Satz." not in read(site, "artikel")


def test_render_new_checklist_and_draft(site):
    checklist = MINIMAL["checklisten/checkliste-test.md"].replace("Checkliste Test", "Neue Liste")
    (site.content / "checklisten/neue-liste.md").write_text(checklist, "utf-8")
    assert site.render("checklisten/neue-liste.md") == "checklisten/neue-liste/"
    assert 'id="frist-nennen"' in read(site, "checklisten/neue-liste")
    edit(site, ARTICLE, "Summary:", "Status: draft\nSummary:")
    assert site.render(ARTICLE) == "entwuerfe/erster-artikel/"


def test_glossary_and_deleted_files_need_the_full_build(site):
    with pytest.raises(NeedsFullBuild):
        site.render("glossar/service-excellence.md")
    with pytest.raises(NeedsFullBuild):
        site.render("artikel/gibt-es-nicht.md")


def test_background_build_brings_listings_up_and_keeps_newer_saves(site):
    session = PreviewSession(site, ROOT / "pelicanconf.py", ROOT)
    edit(site, ARTICLE, "Title: Erster Artikel", "Title: Umbenannter Artikel")
    session.handle({(_modified(), str(site.content / ARTICLE))})
    assert session.changes.needs_reload(0, "/artikel/erster-artikel/")
    assert session.busy
    assert session.regenerate()
    assert "Umbenannter Artikel" in read(site, "artikel")
    assert session.changes.needs_reload(1, "/artikel/")
    assert not session.changes.needs_reload(1, "/artikel/erster-artikel/")


def _settings(site):
    """The preview's service settings, with a state folder of the test's own (never the
    checkout's ``var/``)."""
    from servicekultur.config import Settings

    output = Path(site.settings["OUTPUT_PATH"])
    return Settings(output_dir=output, state_dir=output.parent / "state")


def _modified():
    from watchfiles import Change

    return Change.modified


@pytest.mark.browser
def test_browser_sees_the_page_change_after_save(site, page):
    from servicekultur.authoring.preview.server import create_preview_app

    session = PreviewSession(site, ROOT / "pelicanconf.py", ROOT)
    session.start()
    app = create_preview_app(
        _settings(site),
        session.changes,
        lambda: session.busy,
    )
    try:
        with LiveServer(app) as server:
            page.goto(f"{server.url}/artikel/erster-artikel/")
            assert page.locator("h1").inner_text() == "Erster Artikel"
            page.wait_for_function(
                "() => performance.getEntriesByType('resource')"
                ".some(e => e.name.includes('/__preview/state'))"
            )
            time.sleep(0.3)  # watcher ready
            edit(site, ARTICLE, "Title: Erster Artikel", "Title: Im Browser geändert")
            page.wait_for_function(
                "() => document.querySelector('h1').textContent.includes('Im Browser geändert')",
                timeout=15000,
            )
            # the built site itself never contains the preview script
            built = read(site, "artikel/erster-artikel")
            assert "__preview" not in built
    finally:
        session.stop()


def test_preview_server_injects_the_script_only_into_html(site):
    from starlette.testclient import TestClient

    from servicekultur.authoring.preview.server import SCRIPT_URL, create_preview_app

    log = ChangeLog()
    app = create_preview_app(_settings(site), log)
    with TestClient(app) as client:
        page = client.get("/artikel/erster-artikel/")
        assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
        assert page.text.count(SCRIPT_URL) == 1 and page.text.rstrip().endswith("</html>")
        assert int(page.headers["content-length"]) == len(page.content)
        assert client.head("/artikel/erster-artikel/").status_code == 200
        css = client.get("/theme/css/site.css")
        assert css.status_code == 200 and SCRIPT_URL not in css.text
        assert client.get(SCRIPT_URL).headers["content-type"].startswith("text/javascript")
        assert client.get("/__preview/state?since=-1&path=/").json() == {
            "version": 0,
            "reload": False,
            "busy": False,
        }
        log.pages(["artikel/erster-artikel/"])
        state = client.get("/__preview/state?since=0&path=/artikel/erster-artikel/").json()
        assert state["reload"] is True

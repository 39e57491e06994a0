"""Media of an import land in content/ by default; failures are reported per post; nothing the
site's Content-Security-Policy would block is left behind (and the linter flags it when it is).

The old blog is a local HTTP server serving tests/fixtures/importing/site (no internet needed);
an unreachable blog is a closed port on 127.0.0.1.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from servicekultur.authoring.lint import lint
from servicekultur.authoring.lint.media import blocked_by_csp, img_sources
from servicekultur.importing.pages import import_page
from servicekultur.importing.wordpress import import_wordpress
from tests.conftest import MINIMAL, ROOT, build_site, free_port, write_content

FIXTURES = ROOT / "tests" / "fixtures" / "importing"
SITE = FIXTURES / "site"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest's output clean
        pass


@pytest.fixture
def old_blog():
    """The old blog's server: serves wp-content/uploads from the fixtures."""
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def gone_blog():
    """An address where nothing answers any more (a port that was just closed)."""
    return f"http://127.0.0.1:{free_port()}"


@pytest.fixture
def content(tmp_path):
    return write_content(tmp_path / "content", MINIMAL)


def closing_table(stdout: str) -> dict[str, int]:
    """The rows of the table an importer prints last: label → count."""
    rows = re.findall(r"^│ (.+?) +│ +(\d+) │$", stdout, re.M)
    return {label.strip(): int(count) for label, count in rows}


def _export(tmp_path, base: str):
    path = tmp_path / "export.xml"
    text = (FIXTURES / "media.xml").read_text("utf-8").replace("{base}", base)
    path.write_text(text, encoding="utf-8")
    return path


def test_media_are_fetched_into_content_and_failures_named(tmp_path, content, old_blog):
    export = _export(tmp_path, old_blog)
    env = {**os.environ, "KB_DATABASE_URL": f"sqlite:///{tmp_path / 'fb.sqlite3'}"}
    command = [sys.executable, "-m", "invoke", "import-wordpress", str(export)]
    run = subprocess.run(
        [*command, "--content", str(content)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    uploads = SITE / "wp-content" / "uploads" / "2024" / "05"
    image = content / "images/wordpress/2024/05/theke-morgens.png"
    assert image.read_bytes() == (uploads / "theke-morgens.png").read_bytes()
    assert (content / "dateien/wordpress/2024/05/preisliste.pdf").is_file()
    assert (content / "images/wordpress/2024/05/werkbank.png").is_file()

    post = (content / "artikel" / "die-theke-am-morgen.md").read_text("utf-8")
    assert (
        "![Die aufgeräumte Theke der Werkstatt am Morgen]"
        "({static}/images/wordpress/2024/05/theke-morgens.png)"
    ) in post  # alt text from the media library
    assert "[Unsere Preisliste]({static}/dateien/wordpress/2024/05/preisliste.pdf)" in post
    gone = f"{old_blog}/wp-content/uploads/2024/05/verschwunden.png"
    assert f"[Bild: Ein Foto, das es nicht mehr gibt]({gone})" in post  # a link, not an image
    assert f"Medium nicht geholt: {gone}: Server antwortet mit HTTP 404" in run.stdout
    table = closing_table(run.stdout)
    assert (table["importiert"], table["Medien geholt"], table["Medien fehlgeschlagen"]) == (
        2,
        3,
        1,
    )

    assert lint(content).errors == []
    result = build_site(content, tmp_path / "output", KB_STRICT=True)
    assert result.error is None, result.messages
    assert (tmp_path / "output/images/wordpress/2024/05/theke-morgens.png").is_file()
    assert (tmp_path / "output/dateien/wordpress/2024/05/preisliste.pdf").is_file()


def test_unreachable_blog_is_reported_per_post_and_nothing_is_blocked(tmp_path, content, gone_blog):
    report = import_wordpress(_export(tmp_path, gone_blog), content)
    assert report.summary() == "importiert 2, übersprungen 0"
    failed = {r.title: r.media_failed for r in report.imported}
    assert len(failed["Die Theke am Morgen"]) == 3 and len(failed["Die Werkbank"]) == 1
    assert all("nicht erreichbar" in f for fails in failed.values() for f in fails)
    assert dict(report.table())["Medien fehlgeschlagen"] == 4
    text = (content / "artikel" / "die-werkbank.md").read_text("utf-8")
    assert f"[Bild: Die Werkbank mit Hobeln und Zwingen]({gone_blog}/" in text
    assert not [i for i in lint(content).issues if i.rule == "image-remote"]
    result = build_site(content, tmp_path / "output", KB_STRICT=True)
    assert result.error is None, result.messages


def test_no_media_keeps_links_and_the_linter_flags_what_the_csp_blocks(tmp_path, content, old_blog):
    import_wordpress(_export(tmp_path, old_blog), content, fetch_media=False)
    assert not (content / "images").exists()
    remote = [i for i in lint(content).issues if i.rule == "image-remote"]
    assert sorted((i.path, i.line) for i in remote) == [
        ("artikel/die-theke-am-morgen.md", 9),
        ("artikel/die-theke-am-morgen.md", 15),
        ("artikel/die-werkbank.md", 9),
    ]
    assert "img-src 'self' data:" in remote[0].message
    assert remote[0].severity == "error"


def test_saved_page_brings_its_images_along(tmp_path, content, old_blog):
    saved = tmp_path / "gespeichert"
    shutil.copytree(FIXTURES / "saved", saved)
    page = saved / "Rueckruf.html"
    page.write_text(page.read_text("utf-8").replace("{base}", old_blog), encoding="utf-8")
    path, draft = import_page(page, content)
    assert (draft.title, draft.author, str(draft.date)) == (
        "Rückrufe, die ankommen",
        "Tobias Krause",
        "2024-05-08",
    )
    text = path.read_text("utf-8")
    assert "({static}/images/import/rueckruf/liste.png)" in text  # from Rueckruf_files/
    assert "({static}/images/import/rueckruf/wp-content/uploads/2024/05/werkbank.png)" not in text
    assert "({static}/images/import/rueckruf/2024/05/werkbank.png)" in text  # downloaded
    assert (content / "images/import/rueckruf/2024/05/werkbank.png").is_file()
    assert lint(content).errors == []


@pytest.mark.parametrize(
    ("src", "blocked"),
    [
        ("https://alter-blog.example/bild.png", True),
        ("//cdn.example/bild.png", True),
        ("{static}/images/bild.png", False),
        ("/images/bild.png", False),
        ("data:image/png;base64,iVBORw0KGgo=", False),
    ],
)
def test_csp_of_the_site_decides_what_counts_as_blocked(src, blocked):
    sources = img_sources()
    assert sources == ["'self'", "data:"]
    assert blocked_by_csp(src, sources) is blocked
    assert blocked_by_csp(src, ["'self'", "https:"]) is False

"""Each plugin builds a tiny site with only itself and what it declares it needs.

Pelican's signals live as long as the process, so a plugin once registered stays connected: each
build here runs in a fresh Python process, where only the listed plugins exist.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINIMAL, write_content

TESTS = Path(__file__).resolve().parent
ALIAS = MINIMAL["checklisten/checkliste-test.md"].replace(
    "Title: Checkliste Test", "Title: Checkliste Test\nAliases: alte-checkliste"
)
SCRIPT = """
import json, sys
sys.path.insert(0, {tests!r})
from conftest import build_site
from pathlib import Path
site = build_site(Path({content!r}), Path({output!r}), PLUGINS={plugins!r}, **{extra!r})
print(json.dumps({{"error": str(site.error or ""), "messages": site.messages}}))
"""


@pytest.fixture
def content(tmp_path):
    return write_content(tmp_path / "content", {**MINIMAL, "checklisten/checkliste-test.md": ALIAS})


def _build(content: Path, output: Path, plugins: list[str], **extra) -> dict:
    code = SCRIPT.format(
        tests=str(TESTS), content=str(content), output=str(output), plugins=plugins, extra=extra
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_kb_content_alone_reads_checks_and_links(content, tmp_path):
    out = tmp_path / "output"
    built = _build(content, out, ["kb_content"], KB_STRICT=True)
    assert built == {"error": "", "messages": []}
    article = (out / "artikel" / "erster-artikel" / "index.html").read_text()
    assert 'href="/checklisten/checkliste-test/#antwort-geben"' in article  # [[…]] resolved
    assert "/glossar/#service-excellence" in article  # glossary link
    assert (out / "fallgeschichten" / "branche" / "handwerk" / "index.html").is_file()
    assert not (out / "workshop").exists() and not (out / "c").exists()
    headers = (out / "_headers").read_text()  # for static hosts: the service's security headers
    assert "Content-Security-Policy: default-src 'self'" in headers
    assert (out / ".htaccess").is_file() and (out / "nginx-headers.conf").is_file()


def test_kb_workshop_with_kb_content_writes_workshop_pages(content, tmp_path):
    out = tmp_path / "output"
    assert _build(content, out, ["kb_content", "kb_workshop"], KB_STRICT=True)["error"] == ""
    assert (out / "checklisten" / "checkliste-test" / "workshop" / "index.html").is_file()
    assert (out / "checklisten" / "checkliste-test" / "qr.svg").is_file()
    assert not (out / "c").exists()  # short links belong to kb_redirects


def test_kb_redirects_with_kb_content_writes_aliases_and_short_links(content, tmp_path):
    out = tmp_path / "output"
    assert _build(content, out, ["kb_content", "kb_redirects"], KB_STRICT=True)["error"] == ""
    old = (out / "checklisten" / "alte-checkliste" / "index.html").read_text()
    assert "/checklisten/checkliste-test/" in old
    assert len([p for p in (out / "c").iterdir() if p.is_dir()]) == 3  # checklist + 2 items
    assert (content / "kurzlinks.txt").is_file()


def test_kb_feedback_with_kb_content_writes_the_feedback_page(content, tmp_path):
    out = tmp_path / "output"
    url = f"sqlite:///{tmp_path / 'keine.sqlite3'}"
    built = _build(content, out, ["kb_content", "kb_feedback"], KB_DATABASE_URL=url)
    assert built["error"] == ""
    assert "<h1" in (out / "feedback" / "index.html").read_text()


@pytest.mark.parametrize("plugin", ["kb_workshop", "kb_redirects", "kb_feedback", "kb_search"])
def test_a_plugin_without_what_it_needs_says_so(content, tmp_path, plugin):
    built = _build(content, tmp_path / "output", [plugin])
    assert f"{plugin} braucht das Plugin kb_content" in built["error"]


def test_kb_search_with_kb_content_writes_the_index(content, tmp_path):
    out = tmp_path / "output"
    assert _build(content, out, ["kb_content", "kb_search"], KB_STRICT=True)["error"] == ""
    assert (tmp_path / "var" / "index").is_symlink()
    assert (out / "suche" / "index.html").is_file()

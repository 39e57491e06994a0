"""`invoke new`: German slug, valid front matter, skeleton body, never overwrites."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from servicekultur.authoring.lint import lint
from servicekultur.authoring.scaffold import KINDS, ScaffoldError, scaffold
from tests.conftest import ROOT, build_site

TODAY = dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("kind", "title", "path"),
    [
        (
            "artikel",
            "Größere Rückmeldungen für Bäckereien",
            "artikel/groessere-rueckmeldungen-fuer-baeckereien.md",
        ),
        ("fallgeschichte", "Der übersehene Anruf", "fallgeschichten/der-uebersehene-anruf.md"),
        ("checkliste", "Fairness im Angebot", "checklisten/fairness-im-angebot.md"),
        ("glossar", "Straßenbau-Koordination", "glossar/strassenbau-koordination.md"),
    ],
)
def test_new_text_has_german_slug_and_valid_front_matter(tmp_path, kind, title, path):
    content = tmp_path / "content"
    written = scaffold(kind, title, content, today=TODAY, author="Lea Brandt")
    assert written == content / path
    text = written.read_text("utf-8")
    assert text.startswith(f"Title: {title}\n")
    report = lint(content, today=dt.datetime(2025, 6, 2))
    assert report.errors == [], report.as_text()


def test_all_kinds_together_build_strict(tmp_path):
    content = tmp_path / "content"
    for kind in KINDS:
        scaffold(kind, f"Neuer Text {kind}", content, today=TODAY)
    result = build_site(content, tmp_path / "output", KB_STRICT=True)
    assert result.error is None, result.messages
    checklist = result.read("/entwuerfe/neuer-text-checkliste/")
    assert 'id="erster-checkpunkt"' in checklist
    assert "Erstes Ereignis" in result.read("/entwuerfe/neuer-text-fallgeschichte/")


def test_refuses_to_overwrite(tmp_path):
    content = tmp_path / "content"
    first = scaffold("artikel", "Doppelt", content)
    first.write_text("meine Arbeit", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="existiert schon"):
        scaffold("artikel", "Doppelt", content)
    assert first.read_text("utf-8") == "meine Arbeit"


@pytest.mark.parametrize(
    ("kind", "title", "message"),
    [
        ("roman", "Titel", "unbekannter Typ „roman“"),
        ("artikel", "  „“ ", "Titel fehlt"),
    ],
)
def test_bad_input(tmp_path, kind, title, message):
    with pytest.raises(ScaffoldError, match=message):
        scaffold(kind, title, tmp_path)


def test_invoke_new_refuses_existing_file_with_a_clear_message():
    existing = ROOT / "content" / "artikel" / "mehr-als-der-preis.md"
    before = existing.read_text("utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "new", "artikel", "Mehr als der Preis"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "existiert schon" in result.stderr and "Traceback" not in result.stderr
    assert existing.read_text("utf-8") == before

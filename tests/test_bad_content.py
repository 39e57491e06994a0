"""Bad input in content files: one clear message with file and line, strict builds fail."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from servicekultur.content.diagnostics import ContentCheckFailed
from tests.conftest import MINIMAL

ARTICLE = MINIMAL["artikel/erster-artikel.md"]
CHECKLIST = MINIMAL["checklisten/checkliste-test.md"]
STORY = MINIMAL["fallgeschichten/fall-test.md"]

CASES = [
    (
        "artikel/x.md",
        ARTICLE.replace("Date: 2025-03-14", "Date: 14.03.2025"),
        "artikel/x.md:2:",
        "kein gültiges Datum",
    ),
    (
        "artikel/x.md",
        ARTICLE.replace("Summary: Ein kurzer Artikel für Tests.\n", ""),
        "artikel/x.md:1:",
        "Pflichtfeld „Summary“ fehlt",
    ),
    (
        "artikel/x.md",
        ARTICLE.replace("Tags: Angebot", "Tags Angebot"),
        "artikel/x.md:4:",
        "kein „Schlüssel: Wert“-Paar",
    ),
    (
        "fallgeschichten/x.md",
        STORY.replace("Phase: Betreuung", "Phase: Nachsorge"),
        "fallgeschichten/x.md:8:",
        "unbekannte Phase „Nachsorge“",
    ),
    (
        "fallgeschichten/x.md",
        STORY.replace("2025-03-05 (E-Mail)", "2025-13-05 (E-Mail)"),
        "fallgeschichten/x.md:16:",
        "Datum „2025-13-05“ nicht lesbar",
    ),
    (
        "checklisten/x.md",
        CHECKLIST.replace("{#antwort-geben weight=2}", "{#frist-nennen}"),
        "checklisten/x.md:14:",
        "doppelte Checkpunkt-ID „frist-nennen“",
    ),
    (
        "checklisten/x.md",
        CHECKLIST.replace("{#antwort-geben weight=2}", "{#antwort-geben weight=viel}"),
        "checklisten/x.md:14:",
        "Gewicht „viel“ ist keine Zahl",
    ),
    (
        "checklisten/x.md",
        CHECKLIST.replace("- [ ] Antwort geben {#antwort-geben weight=2}", "- [ ] {#leer}"),
        "checklisten/x.md:14:",
        "Checkpunkt ohne Text",
    ),
    (
        "artikel/x.md",
        ARTICLE.replace("[[checkliste-test#antwort-geben]]", "[[checkliste-test#gibt-es-nicht]]"),
        "artikel/x.md:11:",
        "hat keinen Punkt „gibt-es-nicht“",
    ),
    (
        "artikel/x.md",
        ARTICLE.replace("#frist-nennen)", "#fehlt)"),
        "artikel/x.md:11:",
        "Anker „#fehlt“ existiert nicht",
    ),
    (
        "artikel/x.md",
        ARTICLE.replace("/checklisten/checkliste-test/#frist-nennen", "/nirgendwo/"),
        "artikel/x.md:11:",
        "Seite existiert nicht",
    ),
    (
        "artikel/x.md",
        ARTICLE.replace("Title: Erster Artikel", "Title: Erster Artikel\nTitle: Doppelt"),
        "artikel/x.md:2:",
        "Feld „Title“ ist doppelt",
    ),
]


@pytest.mark.parametrize(("path", "text", "where", "what"), CASES, ids=[c[3][:30] for c in CASES])
def test_bad_file_gives_one_message_with_file_and_line(make_site, path, text, where, what):
    site = make_site({path: text})
    matching = [m for m in site.messages if m.startswith(where) and what in m]
    assert len(matching) == 1, site.messages
    # valid files are unaffected: they are still written
    assert "Erster Artikel" in site.read("artikel/erster-artikel/")


def test_strict_build_fails_with_the_errors(make_site):
    site = make_site(
        {"artikel/x.md": ARTICLE.replace("Date: 2025-03-14", "Date: gestern")}, KB_STRICT=True
    )
    assert site.error is not None
    assert "Strict" in str(site.error)
    assert getattr(site.error, "exitcode", 0) == 1


def test_non_utf8_file_is_reported(make_site):
    site = make_site({"artikel/x.md": ARTICLE.replace("für", "f\xfcr").encode("latin-1")})
    # the line of the first wrong byte (ü in Tags); the page is still built from a Windows-1252 reading
    assert any("nicht UTF-8" in m and m.startswith("artikel/x.md:4:") for m in site.messages)
    assert "Ein kurzer Artikel für Tests." in site.read("artikel/x/")


def test_valid_site_has_no_issues_in_strict_mode(make_site):
    site = make_site(KB_STRICT=True)
    assert site.error is None and site.issues == []


# -- Every kind of broken file: the same datei:zeile message from `check` (linter) and `build` --
FOOTNOTES_BUG = ARTICLE + "\nText[^a] und[^b] und[^c].\n\n[^a]: [^b]: Fußnote.\n\n[^c]: Drei.\n"
BROKEN = [
    # (name, path, content, line, message part, page built?)
    ("empty", "artikel/x.md", b"", 1, "Datei ist leer", False),
    (
        "encoding",
        "artikel/x.md",
        ARTICLE.encode("cp1252"),
        4,
        "nicht UTF-8-kodiert (Byte 0xFC)",
        True,
    ),
    ("binary", "artikel/x.md", bytes(range(256)) * 40, 1, "Binärdatei", False),
    (
        "control-title",
        "artikel/x.md",
        ARTICLE.replace("Title: Erster Artikel", "Title: Erster\x00 Artikel"),
        1,
        "Steuerzeichen U+0000",
        True,
    ),
    (
        "control-summary",
        "artikel/x.md",
        ARTICLE.replace("Ein kurzer", "Ein\x01 kurzer"),
        6,
        "Steuerzeichen U+0001",
        True,
    ),
    (
        "control-body",
        "artikel/x.md",
        ARTICLE.replace("Zuhören.", "Zu\x0bhören."),
        10,
        "Steuerzeichen U+000B",
        True,
    ),
    ("no-metadata", "artikel/x.md", "Nur Text.\n", 1, "Kopfdaten fehlen", True),
    (
        "garbage-metadata",
        "artikel/x.md",
        ARTICLE.replace("Author: Katrin Albers", "Author Katrin ::: Albers"),
        5,
        "kein „Schlüssel: Wert“-Paar",
        True,
    ),
    (
        "bad-date",
        "artikel/x.md",
        ARTICLE.replace("2025-03-14", "2025-02-30"),
        2,
        "kein gültiges Datum",
        True,
    ),
    (
        "broken-checklist",
        "checklisten/x.md",
        CHECKLIST.replace("{#frist-nennen}", "{#Frist nennen!}"),
        12,
        "",
        True,
    ),
    (
        "duplicate-slug",
        "artikel/x.md",
        ARTICLE.replace("Title: Erster Artikel", "Title: Anderer\nSlug: erster-artikel"),
        2,
        "Slug „erster-artikel“ schon vergeben an artikel/erster-artikel.md",
        False,
    ),
    (
        "duplicate-glossary-slug",
        "glossar/y.md",
        "Title: Noch einmal\nSlug: service-excellence\nSummary: Doppelt.\n\nText.\n",
        2,
        "Slug „service-excellence“ schon vergeben an glossar/service-excellence.md",
        False,
    ),
    (
        "scoring",
        "checklisten/x.md",
        CHECKLIST.replace(
            "Summary:", "Scoring:\n    0-49: Anfang\n    kaputt\n    50-100: gut\nSummary:"
        ),
        8,
        "Bewertungsstufe „kaputt“ nicht lesbar",
        True,
    ),
]


def _build_messages(site, path):
    return [m for m in site.messages if m.startswith(f"{path}:")]


@pytest.mark.parametrize(
    ("name", "path", "text", "line", "what", "page"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_file_same_message_in_check_and_build(make_site, name, path, text, line, what, page):
    from servicekultur.authoring.lint import lint

    site = make_site({path: text})
    assert site.error is None  # a development build goes on
    built = [
        m for m in _build_messages(site, path) if m.startswith(f"{path}:{line}:") and what in m
    ]
    assert len(built) == 1, site.messages
    linted = [str(i) for i in lint(site.content).errors if i.path == path]
    assert built[0] in linted  # `check` says the same
    url = "artikel/x/" if path.startswith("artikel") else "checklisten/x/"
    assert (site.output / url / "index.html").is_file() is page
    assert "Erster Artikel" in site.read("artikel/erster-artikel/")  # the rest is built
    ElementTree.parse(site.output / "feeds" / "alle.atom.xml")  # feeds stay valid XML
    strict = make_site({path: text}, KB_STRICT=True)
    assert isinstance(strict.error, ContentCheckFailed)
    assert any(m.startswith(f"{path}:{line}:") for m in strict.messages)


def test_a_20_mb_file_is_reported_not_built(make_site, tmp_path):
    big = ARTICLE + ("Ein langer Satz über Service. " * 40 + "\n\n") * 18_000
    assert len(big.encode()) > 20 * 2**20
    site = make_site({"artikel/x.md": big})
    (message,) = _build_messages(site, "artikel/x.md")
    assert message.startswith("artikel/x.md:1: Datei ist 2") and "höchstens 5 MB" in message
    from servicekultur.authoring.lint import lint

    assert message in [str(i) for i in lint(site.content).errors]


def test_footnotes_bug_of_python_markdown_is_named_and_the_page_built(make_site):
    """Regression: Python-Markdown 3.11's footnotes extension raises on a footnote definition
    that starts with another one (RuntimeError: OrderedDict mutated during iteration)."""
    site = make_site({"artikel/x.md": FOOTNOTES_BUG})
    (message,) = _build_messages(site, "artikel/x.md")
    assert message.startswith("artikel/x.md:15: Markdown-Erweiterung „footnotes“ fehlgeschlagen")
    assert "bekannter Fehler in Python-Markdown 3.11" in message
    html = site.read("artikel/x/")
    assert "Drei." in html and "Ein Angebot verdient eine Antwort." in html
    strict = make_site({"artikel/x.md": FOOTNOTES_BUG}, KB_STRICT=True)
    assert isinstance(strict.error, ContentCheckFailed) and strict.messages == [message]


@pytest.mark.parametrize("nested", ["- " * 3000 + "tief", "*" * 4000 + "x" + "*" * 4000])
def test_deep_nesting_is_reported_and_shown_as_text(make_site, nested):
    site = make_site({"artikel/x.md": ARTICLE + "\n" + nested + "\n"})
    (message,) = _build_messages(site, "artikel/x.md")
    assert message.startswith("artikel/x.md:13: zu tief verschachtelt")
    assert "Ein Angebot verdient" in site.read("artikel/x/")


def test_strict_failure_prints_no_traceback(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT, write_content

    content = write_content(
        tmp_path / "content",
        {**MINIMAL, "artikel/x.md": ARTICLE.replace("Date: 2025-03-14", "Date: gestern")},
    )
    cmd = [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py")]
    cmd += ["-o", str(tmp_path / "out"), "-e", "KB_STRICT=true"]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    output = done.stdout + done.stderr
    assert done.returncode == 1
    assert "artikel/x.md:2:" in output and "Abbruch im Strict-Modus" in output
    assert "Traceback" not in output

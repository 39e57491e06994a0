"""Bad input in content files: one clear message with file and line, strict builds fail."""

from __future__ import annotations

import pytest

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

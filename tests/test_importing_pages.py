"""Saved pages and copied text: titles found or guessed (and marked), slugs and titles of a
sensible length, author and date from bylines and page metadata, a folder in one go."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest

from servicekultur.importing.bylines import parse_byline
from servicekultur.importing.pages import import_page
from servicekultur.importing.scraped import from_html, from_text
from servicekultur.importing.titles import short_slug
from tests.conftest import ROOT
from tests.test_importing_media import closing_table

OPENING = (
    "Als die Kundin am Dienstag zum dritten Mal anrief, um nach dem Stand ihrer Reparatur zu "
    "fragen, wusste bei uns niemand, wer den Auftrag eigentlich angenommen hatte. Der Zettel "
    "lag unter einem Stapel Lieferscheine."
)
MORE = (
    "Seitdem schreiben wir jeden Auftrag in eine gemeinsame Liste. Wer ihn annimmt, setzt "
    "seinen Namen dazu, und wer anruft, bekommt noch am selben Tag eine Antwort."
)


def _invoke(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "120"},
    )


def test_text_without_a_title_line_gets_a_short_guessed_title(tmp_path):
    source = tmp_path / "kopiert.txt"
    source.write_text(f"Von Petra Weber | 18.09.2024\n\n{OPENING}\n\n{MORE}\n", encoding="utf-8")
    content = tmp_path / "content"
    run = _invoke("import-page", str(source), "--content", str(content))
    assert run.returncode == 0, run.stderr
    (draft,) = (content / "artikel").glob("*.md")
    title = "Als die Kundin am Dienstag zum dritten Mal anrief, um nach dem Stand ihrer…"
    assert len(title) <= 80 and len(draft.stem) <= 60
    assert draft.stem == "als-die-kundin-am-dienstag-zum-dritten-mal-anrief-um-nach"
    head, _, body = draft.read_text("utf-8").partition("\n\n")
    assert f"Title: {title}" in head
    assert "Author: Petra Weber" in head and "Date: 2024-09-18" in head
    assert "Summary: Als die Kundin" in head  # not the byline
    assert body.startswith("<!-- Titel beim Import geraten (Anfang des ersten Satzes)")
    assert "Petra Weber |" not in body
    assert "Titel geraten (Anfang des ersten Satzes) – bitte prüfen" in run.stdout
    assert closing_table(run.stdout)["Titel geraten"] == 1


def test_a_whole_copied_page_menu_title_byline_and_all():
    text = (
        "Startseite\nLeistungen\nTeam\nBlog\nKontakt\n\nDer verlorene Zettel\n"
        f"Veröffentlicht am 18. September 2024 von Petra Weber\n\n{OPENING}\n\n{MORE}\n\n"
        "Teilen mit: Facebook, LinkedIn\n\nÄhnliche Beiträge\nOrdnung im Posteingang\n"
        "Wie wir Angebote schreiben\n\nKommentar verfassen\n\n© 2024 Werkstattnotizen\n"
    )
    draft = from_text(text)
    assert (draft.title, draft.author, str(draft.date)) == (
        "Der verlorene Zettel",
        "Petra Weber",
        "2024-09-18",
    )
    assert draft.body == f"{OPENING}\n\n{MORE}\n"
    assert [r.rule for r in draft.removed] == [
        "navigation",
        "teilen",
        "aehnliche-beitraege",
        "byline",
    ]


def test_a_quoted_phrase_makes_a_better_title(tmp_path):
    text = f"Die Kundin sagte: „Ich warte seit drei Wochen auf Ihre Antwort.“ {OPENING}\n\n{MORE}"
    draft = from_text(text)
    assert (draft.title, draft.title_guess) == (
        "Ich warte seit drei Wochen auf Ihre Antwort",
        "Zitat aus dem ersten Absatz",
    )


def test_title_option_overrides_the_guess(tmp_path):
    source = tmp_path / "kopiert.txt"
    source.write_text(f"{OPENING}\n\n{MORE}\n", encoding="utf-8")
    path, draft = import_page(source, tmp_path / "content", title="Der verlorene Zettel")
    assert path.name == "der-verlorene-zettel.md" and draft.title_guess == ""
    assert "Titel beim Import geraten" not in path.read_text("utf-8")


@pytest.mark.parametrize(
    ("line", "date", "author"),
    [
        ("Veröffentlicht am 18. September 2024 von Petra Weber", "2024-09-18", "Petra Weber"),
        ("Von Petra Weber | 18.09.2024", "2024-09-18", "Petra Weber"),
        ("Petra Weber · 18. Sep. 2024 · 4 Min. Lesezeit", "2024-09-18", "Petra Weber"),
        ("18. September 2024 in Kundenservice", "2024-09-18", ""),
        ("Autorin: Petra Weber", None, "Petra Weber"),
        ("Geschrieben von Tobias Krause am 2024-05-08 um 09:15", "2024-05-08", "Tobias Krause"),
        ("Posted on September 18, 2024 by Petra Weber", "2024-09-18", "Petra Weber"),
        ("Aktualisiert am 3. März 2025 · 2 Kommentare", "2025-03-03", ""),
    ],
)
def test_bylines_give_author_and_date(line, date, author):
    byline = parse_byline(line)
    assert byline is not None
    assert (str(byline.date) if byline.date else None, byline.author) == (date, author)


@pytest.mark.parametrize(
    "line",
    [
        "Von Anfang an war klar, dass wir jede Anfrage beantworten.",
        "Am 18. September 2024 rief die Kundin zum dritten Mal an und fragte nach.",
        "Die Reparatur dauerte von Montag bis Freitag.",
        "Bei uns gilt: Wer fragt, bekommt eine Antwort.",
    ],
)
def test_sentences_are_not_bylines(line):
    assert parse_byline(line) is None


def test_page_metadata_gives_title_author_and_date():
    page = (
        "<html><head><title>Rückrufe ohne Umweg – Werkstattnotizen | Tipps</title>"
        '<meta property="article:published_time" content="2024-05-08T09:15:00+02:00">'
        "</head><body><article><div class='entry-meta'>Von Tobias Krause</div>"
        f"<p>{OPENING}</p><p>{MORE}</p></article></body></html>"
    )
    draft = from_html(page)
    assert (draft.title, draft.author, draft.date) == (
        "Rückrufe ohne Umweg",
        "Tobias Krause",
        dt.date(2024, 5, 8),
    )
    assert "Tobias Krause" not in draft.body and draft.title_guess == ""
    json_ld = page.replace(
        "</head>",
        '<script type="application/ld+json">{"@graph":[{"@type":"BlogPosting",'
        '"headline":"Der Zettel","datePublished":"2024-06-01","author":[{"name":"Petra Weber"}]}'
        "]}</script></head>",
    ).replace('<meta property="article:published_time" content="2024-05-08T09:15:00+02:00">', "")
    draft = from_html(json_ld.replace("<div class='entry-meta'>Von Tobias Krause</div>", ""))
    assert (draft.title, draft.author, draft.date) == (
        "Der Zettel",
        "Petra Weber",
        dt.date(2024, 6, 1),
    )


def test_subheadings_in_plain_text_long_ones_and_questions_too():
    long_heading = "Warum eine schnelle Antwort auch dann zählt, wenn sie eine Absage ist"
    text = f"Der Zettel\n\n{OPENING}\n\n{long_heading}\n\n{MORE}\n\nWas sagen Sie dazu?\n\n{MORE}"
    body = from_text(text).body
    assert f"## {long_heading}" in body and "## Was sagen Sie dazu?" in body
    assert f"## {OPENING[:20]}" not in body


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Der Zettel", "der-zettel"),
        (OPENING, "als-die-kundin-am-dienstag-zum-dritten-mal-anrief-um-nach"),
        ("Kundenservicequalitätsverbesserungsmaßnahmenkatalogentwurf" * 2, None),
    ],
)
def test_slugs_are_cut_at_a_word_boundary(text, slug):
    cut = short_slug(text)
    assert len(cut) <= 60 and not cut.endswith("-")
    if slug is not None:
        assert cut == slug


def test_a_folder_of_pages_with_a_progress_bar_and_a_closing_table(tmp_path):
    folder = tmp_path / "alter-blog"
    (folder / "2024").mkdir(parents=True)
    (folder / "Seite_files").mkdir()
    (folder / "2024" / "zettel.txt").write_text(f"Der Zettel\n\n{OPENING}\n\n{MORE}\n", "utf-8")
    (folder / "ohne-titel.txt").write_text(f"{OPENING}\n\n{MORE}\n", "utf-8")
    (folder / "rueckruf.html").write_text(
        f"<html><head><title>Rückrufe | Blog</title></head><body><article><h1>Rückrufe</h1>"
        f"<p>{MORE}</p><p>{MORE}</p><div class='sharedaddy'>Teilen</div></article></body></html>",
        "utf-8",
    )
    (folder / "leer.txt").write_text("Nur ein Satz.\n", "utf-8")
    (folder / "Seite_files" / "frame.html").write_text("<p>gehört zur gespeicherten Seite</p>")
    content = tmp_path / "content"
    run = _invoke("import-page", str(folder), "--content", str(content), "--no-media")
    assert run.returncode == 0, run.stderr
    table = closing_table(run.stdout)
    assert (table["importiert"], table["übersprungen"], table["Titel geraten"]) == (3, 1, 1)
    assert table["Blöcke entfernt"] == 1
    assert re.search(r"– leer\.txt \(.*leer\.txt\): kaum Text gefunden \(3 Wörter\)", run.stdout)
    assert "frame" not in run.stdout
    assert sorted(p.name for p in (content / "artikel").iterdir()) == [
        "als-die-kundin-am-dienstag-zum-dritten-mal-anrief-um-nach.md",
        "der-zettel.md",
        "rueckrufe.md",
    ]
    again = _invoke("import-page", str(folder), "--content", str(content), "--no-media")
    assert closing_table(again.stdout)["davon: existiert schon (--force überschreibt)"] == 3

    refused = _invoke("import-page", str(folder), "--content", str(content), "--title", "X")
    assert refused.returncode == 1
    assert "--title geht nur für eine einzelne Seite" in refused.stderr
    assert "Traceback" not in refused.stderr

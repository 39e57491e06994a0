"""The small things a reader notices: counts in German, German time, page titles by name, the
moderation buttons that must not look alike."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from test_feedback_service import body, make_client

from servicekultur.content.dates import format_date
from servicekultur.web.feedback.context import local_time

TITLED = (
    '<!DOCTYPE html><html lang="de"><body><h1>Warum ein <em>Angebot</em> eine Antwort verdient'
    '</h1><section id="feedback"><input type="hidden" name="form_token" value="__KB_FORM_TOKEN__">'
    "</section></body></html>"
)


def test_one_entry_is_one_entry(make_site):
    built = make_site()
    assert "1 Eintrag<" in built.read("/kategorie/bestandskunden/")
    assert "1 Eintrag<" in built.read("/fallgeschichten/")
    assert not re.search(r"\b1 Einträge", built.read("/schlagwort/wartung/"))


def test_times_are_german_time_summer_and_winter():
    assert local_time(datetime(2026, 11, 30, 23, 30, tzinfo=UTC)) == "01.12.2026, 00:30 Uhr"
    assert local_time(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "01.07.2026, 12:00 Uhr"
    assert format_date(datetime(2026, 11, 30, 23, 30, tzinfo=UTC)) == "1. Dezember 2026"


def test_status_page_names_the_page_by_its_title_and_in_german_time(tmp_path):
    with make_client(tmp_path) as client:
        (tmp_path / "output" / "artikel" / "x" / "index.html").write_text(TITLED, "utf-8")
        reply = client.post("/api/feedback", json=body(client)).json()
        page = client.get(reply["status_url"]).text
    assert "Warum ein Angebot eine Antwort verdient</a>" in page
    assert "UTC" not in page and re.search(r"\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr", page)


def test_reject_button_does_not_look_like_publish():
    from pathlib import Path

    css = (Path(__file__).parents[1] / "theme" / "static" / "css" / "site.css").read_text()
    rule = re.search(r"button\.danger \{([^}]*)\}", css).group(1)
    assert "var(--danger)" in rule and "transparent" in rule  # outlined red, not filled blue


def test_no_stray_space_after_inline_links_in_text_and_snippets(real_site, tmp_path):
    from fastapi.testclient import TestClient

    from servicekultur.config import Settings
    from servicekultur.content.text import strip_tags
    from servicekultur.web import create_app

    assert strip_tags('<p>Mit <a href="/g/#k">Kunden</a>, <em>klar</em>.</p><p>Neu</p>') == (
        "Mit Kunden, klar. Neu"
    )
    settings = Settings(output_dir=real_site.output, state_dir=tmp_path / "var")
    with TestClient(create_app(settings)) as client:
        hits = client.get("/api/search", params={"q": "Beschwerdemanagement"}).json()["results"]
    snippets = [re.sub(r"<[^>]+>", "", hit["snippet"] or "") for hit in hits]
    assert snippets and not [s for s in snippets if re.search(r"\w [.,;:!?](\s|$)", s)]

"""Import from WordPress (WXR) and from a scraped page: end to end, built strict, bad input."""

from __future__ import annotations

import json
import shutil
from datetime import datetime

import pytest

from servicekultur.importing.comments import read_comments
from servicekultur.importing.pages import import_page
from servicekultur.importing.scraped import ScrapeError
from servicekultur.importing.textutil import rebuild_paragraphs
from servicekultur.importing.wordpress import import_wordpress
from servicekultur.importing.writer import TargetExists
from servicekultur.importing.wxr import WxrError, parse_bytes
from servicekultur.redirects.mapfile import load_map
from tests.conftest import MINIMAL, ROOT, build_site, write_content

FIXTURES = ROOT / "tests" / "fixtures" / "importing"
WXR = FIXTURES / "wordpress.xml"


@pytest.fixture
def content(tmp_path):
    return write_content(tmp_path / "content", MINIMAL)


def test_wordpress_export_imported_end_to_end_and_built_strict(content, tmp_path):
    comments = tmp_path / "kommentare.json"
    report = import_wordpress(WXR, content, FIXTURES / "uploads", comments)
    assert report.summary() == "importiert 4, übersprungen 1"
    assert [r.reason for r in report.skipped] == ["im Papierkorb"]

    post = (content / "artikel" / "warum-wir-jede-anfrage-beantworten.md").read_text("utf-8")
    head, _, body = post.partition("\n\n")
    assert "Title: Warum wir jede Anfrage beantworten" in head
    assert "Date: 2024-03-12 09:30" in head
    assert "Category: Kundschaft" in head and "Tags: Anfrage, Absage" in head
    assert "Author: Martina Hoffmann" in head
    assert "Summary: Jede Anfrage verdient eine Antwort – auch eine Absage." in head
    assert "## Eine Absage ist auch eine Antwort" in body
    # boilerplate gone: share buttons, comment form, login prompt, channel promo, block comments
    for clutter in (
        "Teilen mit",
        "Kommentar verfassen",
        "angemeldet",
        "WhatsApp",
        "wp:",
        "[caption",
    ):
        assert clutter not in body
    # image copied, alt text from the attachment, link to the other post rewritten
    assert (
        "![Die Verkaufstheke der Werkstatt am Morgen]"
        "({static}/images/wordpress/2024/03/werkstatt-theke.png)"
    ) in body
    assert (content / "images/wordpress/2024/03/werkstatt-theke.png").is_file()
    assert "(/artikel/angebote-die-man-vergleichen-kann/)" in body

    other = (content / "artikel" / "angebote-die-man-vergleichen-kann.md").read_text("utf-8")
    assert "Category: Allgemein" in other  # „Uncategorized“
    assert "## Was in jedes Angebot gehört" in other  # <h1> in the text shifted to ##
    assert "Ähnliche Beiträge" not in other and "Gefällt mir" not in other
    draft = (content / "artikel" / "notizen-zur-winterpause.md").read_text("utf-8")
    assert "Status: draft" in draft
    page = (content / "pages" / "ueber-die-werkstatt.md").read_text("utf-8")
    assert "Slug: ueber-die-werkstatt" in page and "Melde dich an" not in page

    old, new = "/2024/03/12/", "/artikel/"
    assert load_map(content / "redirects.json") == {
        f"{old}warum-wir-jede-anfrage-beantworten/": f"{new}warum-wir-jede-anfrage-beantworten/",
        "/2024/05/02/angebote-die-man-vergleichen-kann/": (
            f"{new}angebote-die-man-vergleichen-kann/"
        ),
    }
    saved = json.loads(comments.read_text("utf-8"))
    assert [c["id"] for c in saved] == ["101", "102", "103"]

    result = build_site(content, tmp_path / "output", KB_STRICT=True)
    assert result.error is None, result.messages
    html = result.read("/artikel/warum-wir-jede-anfrage-beantworten/")
    assert "Eine Absage ist auch eine Antwort" in html
    assert (tmp_path / "output/images/wordpress/2024/03/werkstatt-theke.png").is_file()
    redirect = result.read("/2024/03/12/warum-wir-jede-anfrage-beantworten/")
    assert "url=/artikel/warum-wir-jede-anfrage-beantworten/" in redirect
    assert 'rel="canonical"' in redirect


def test_read_comments_gives_plain_dicts_for_the_feedback_store():
    comments = read_comments(WXR)
    assert len(comments) == 3  # spam and pingback left out
    first, reply, pending = comments
    assert first == {
        "id": "101",
        "post_url": "https://werkstatt-blog.example/2024/03/12/warum-wir-jede-anfrage-beantworten/",
        "page_url": "/artikel/warum-wir-jede-anfrage-beantworten/",
        "post_title": "Warum wir jede Anfrage beantworten",
        "author": "Sabine Ludwig",
        "email": "sabine.ludwig@mail.example",
        "date": "2024-03-13T18:04:00",
        "text": "Genau so habe ich es mir immer gewünscht. "
        "Danke für die schnelle Absage letzte Woche!",
        "approved": True,
        "parent": None,
    }
    assert reply["parent"] == "101"
    assert reply["text"] == "Gern geschehen!\n\nWir melden uns, sobald wieder Termine frei sind."
    assert pending["approved"] is False


def test_nothing_overwritten_without_force(content, tmp_path):
    target = content / "artikel" / "warum-wir-jede-anfrage-beantworten.md"
    target.write_text("meine Fassung", encoding="utf-8")
    report = import_wordpress(WXR, content, fetch_media=False)
    assert target.read_text("utf-8") == "meine Fassung"
    skipped = {r.title: r.reason for r in report.skipped}
    assert "existiert schon" in skipped["Warum wir jede Anfrage beantworten"]
    assert report.summary() == "importiert 3, übersprungen 2"
    forced = import_wordpress(WXR, content, force=True, fetch_media=False)
    assert target.read_text("utf-8").startswith("Title: Warum wir")
    assert forced.summary() == "importiert 4, übersprungen 1"


def test_no_media_keeps_image_links_and_says_so(content):
    report = import_wordpress(WXR, content, fetch_media=False)
    notes = [n for r in report.imported for n in r.notes]
    assert any("bleibt auf dem alten Server (--no-media)" in note for note in notes)
    page = (content / "pages" / "ueber-die-werkstatt.md").read_text("utf-8")
    assert (
        "](https://werkstatt-blog.example/wp-content/uploads/2024/03/werkstatt-theke.png)" in page
    )


GOOD_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (GOOD_HEAD + b"<rss><channel><item><title>offen</channel></rss>", "kein gültiges XML"),
        (
            b'<?xml version="1.0" encoding="KLINGONISCH-8"?><rss/>',
            "unbekannte Zeichenkodierung „KLINGONISCH-8“",
        ),
        (
            GOOD_HEAD + b'<!DOCTYPE rss [<!ENTITY a "aaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
            b"<rss><channel>&b;</channel></rss>",
            "DTD",
        ),
        (GOOD_HEAD + b"<html><body>kein Export</body></html>", "kein WordPress-Export"),
        (GOOD_HEAD + b"<rss><channel><title>Blog</title></channel></rss>", "wxr_version"),
    ],
    ids=["malformed", "encoding", "entities", "not-rss", "not-wordpress"],
)
def test_bad_exports_get_a_clear_error(data, message):
    with pytest.raises(WxrError, match=message):
        parse_bytes(data, "export.xml")


def test_malformed_xml_error_names_the_line():
    with pytest.raises(WxrError, match=r"export.xml:4: kein gültiges XML"):
        parse_bytes(GOOD_HEAD + b"<rss>\n<channel>\n<item></chanel>", "export.xml")


def test_huge_export_refused_before_reading(tmp_path, content):
    big = tmp_path / "gross.xml"
    big.write_bytes(GOOD_HEAD + b" " * 3000)
    with pytest.raises(WxrError, match="zu groß"):
        import_wordpress(big, content, max_bytes=1000)
    assert not (content / "redirects.json").exists()


def test_invoke_task_reports_errors_without_traceback(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "kaputt.xml"
    bad.write_bytes(GOOD_HEAD + b"<rss><channel>")
    result = subprocess.run(
        [sys.executable, "-m", "invoke", "import-wordpress", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "kein gültiges XML" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_scraped_html_page_becomes_a_clean_draft_built_strict(content, tmp_path):
    path, draft = import_page(FIXTURES / "scraped-page.html", content)
    assert path == content / "artikel" / "die-rueckrufbitte-die-niemand-las.md"
    text = path.read_text("utf-8")
    head, _, body = text.partition("\n\n")
    assert "Title: Die Rückrufbitte, die niemand las" in head  # site name stripped
    assert "Author: Petra Weber" in head and "Date: 2024-09-18" in head
    assert "Status: draft" in head
    assert "Summary: Am Montagmorgen lag eine Rückrufbitte auf dem Anrufbeantworter." in head
    assert "Rückrufbitte" in draft.tags
    assert body.startswith("Am Montagmorgen lag eine Rückrufbitte")
    assert "## Was wir geändert haben" in body
    for clutter in (
        "Cookies",
        "Startseite",
        "Teilen mit",
        "Newsletter",
        "Kommentar verfassen",
        "Beliebte Beiträge",
        "©",
        "Veröffentlicht am",
        "dataLayer",
    ):
        assert clutter not in body
    result = build_site(content, tmp_path / "output", KB_STRICT=True)
    assert result.error is None, result.messages
    assert (tmp_path / "output/entwuerfe/die-rueckrufbitte-die-niemand-las/index.html").is_file()
    with pytest.raises(TargetExists):
        import_page(FIXTURES / "scraped-page.html", content)


def test_scraped_plain_text_gets_title_and_paragraphs(content):
    path, draft = import_page(FIXTURES / "scraped-page.txt", content)
    body = path.read_text("utf-8").partition("\n\n")[2]
    assert draft.title == "Die Rückrufbitte, die niemand las"
    assert (draft.author, str(draft.date)) == ("Petra Weber", "2024-09-18")
    assert "auf dem Anrufbeantworter. Eine Kundin fragte nach dem Stand ihrer Reparatur." in body
    assert "hatte inzwischen zweimal angerufen." in body
    assert "## Was wir geändert haben" in body
    for clutter in ("Menü", "Teilen mit", "Kommentar verfassen", "©", "====="):
        assert clutter not in body


def test_rebuild_paragraphs_keeps_compound_hyphens():
    text = "Das Service-\nLevel gilt für den Kunden-\nservice.\n\n- eins\n- zwei"
    assert rebuild_paragraphs(text) == (
        "Das Service-Level gilt für den Kundenservice.\n\n- eins\n- zwei\n"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"\x00\x01\x02binary", "keine Text"), (b"Titel\n\nzu kurz.", "kaum Text")],
)
def test_scraped_bad_input(tmp_path, content, data, message):
    source = tmp_path / "seite.txt"
    source.write_bytes(data)
    with pytest.raises(ScrapeError, match=message):
        import_page(source, content)


def test_redirect_never_replaces_a_real_page(content, tmp_path):
    (content / "redirects.json").write_text(
        json.dumps({"/datenschutz/": "/artikel/erster-artikel/", "/?p=1": "/x/"}), "utf-8"
    )
    result = build_site(content, tmp_path / "output")
    assert "data-redirect" not in result.read("/datenschutz/")
    hints = [m for m in result.messages if m.startswith("redirects.json:")]
    assert any("kollidiert mit einer bestehenden Seite" in m for m in hints)
    assert any("ohne ?/#" in m for m in hints)
    shutil.rmtree(tmp_path / "output")


def test_invoke_import_wordpress_puts_comments_into_the_feedback_store(tmp_path, content):
    import os
    import subprocess
    import sys

    from servicekultur.feedback.store import FeedbackStore
    from servicekultur.importing.comments import import_wxr

    database = f"sqlite:///{tmp_path / 'feedback.sqlite3'}"
    exported = tmp_path / "kommentare.json"
    command = [sys.executable, "-m", "invoke", "import-wordpress", str(WXR)]
    command += ["--content", str(content), "--comments", str(exported)]
    command += ["--media", str(FIXTURES / "uploads")]  # all images there: no network needed
    env = {**os.environ, "KB_DATABASE_URL": database}
    run = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert (
        "Kommentare: 2 importiert, 1 als Antwort, 0 schon vorhanden, 2 übersprungen (1 Spam, 1 Pingback)"
        in run.stdout
    )
    assert "importiert 4, übersprungen 1" in run.stdout
    assert [c["id"] for c in json.loads(exported.read_text("utf-8"))] == ["101", "102", "103"]

    store = FeedbackStore.open(database)
    try:
        page = "/artikel/warum-wir-jede-anfrage-beantworten/"
        thanks, question = sorted(store.items(), key=lambda item: item.id)
        assert (thanks.page, thanks.name, thanks.status) == (page, "Sabine Ludwig", "beantwortet")
        assert thanks.answer_text.startswith("Gern geschehen!")  # the blog author's reply
        assert thanks.answer_author == "Martina Hoffmann" and thanks.email == ""
        # the comment's and the reply's own dates, not the day of the import
        assert thanks.created.replace(tzinfo=None) == datetime(2024, 3, 13, 18, 4)
        assert thanks.answered.replace(tzinfo=None) == datetime(2024, 3, 14, 7, 45)
        assert (question.page, question.type, question.status) == (page, "frage", "neu")

        again = subprocess.run(
            [*command, "--force"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
        )
        assert "Kommentare: 0 importiert, 0 als Antwort, 2 schon vorhanden" in again.stdout
        # the store-only path knows the same comments: nothing twice
        assert import_wxr(store, WXR).already == 2 and store.count() == 2
    finally:
        store.close()

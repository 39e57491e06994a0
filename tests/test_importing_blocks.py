"""Gutenberg blocks and classic shortcodes become sensible Markdown; unknown blocks keep their
HTML and are named in the report, dynamic blocks are listed as removed. Fixture of our own:
tests/fixtures/importing/blocks.xml (media from the local uploads copy: no network)."""

from __future__ import annotations

import pytest

from servicekultur.importing.blocks import parse_blocks
from servicekultur.importing.gutenberg import render_blocks
from servicekultur.importing.htmlmd import html_to_markdown
from servicekultur.importing.wordpress import import_wordpress
from tests.conftest import MINIMAL, ROOT, build_site, write_content

FIXTURES = ROOT / "tests" / "fixtures" / "importing"


@pytest.fixture
def content(tmp_path):
    return write_content(tmp_path / "content", MINIMAL)


def test_block_post_becomes_markdown_and_builds_strict(content, tmp_path):
    report = import_wordpress(FIXTURES / "blocks.xml", content, FIXTURES / "uploads")
    assert report.summary() == "importiert 2, übersprungen 0"
    body = (content / "artikel" / "so-arbeiten-wir.md").read_text("utf-8").partition("\n\n")[2]
    static = "({static}/images/wordpress/2024/03/werkstatt-theke.png)"
    for expected in (
        "## Was wir anbieten",  # heading
        "- Reparaturen an Möbeln\n- Einbauten nach Maß",  # list of list-item blocks
        "> Eine Absage ist auch eine Antwort.\n>\n> Martina Hoffmann",  # quote with citation
        "| Leistung | Dauer |\n| --- | --- |\n| Kostenvoranschlag | 2 Tage |\n| Summe | 2 Tage |",
        "*Unsere Fristen*",  # table caption
        f"![Die Theke der Werkstatt]{static}",  # image
        f"![Die Theke von links]{static}\n![Die Theke von rechts]{static}",  # gallery
        "*Zwei Ansichten*",
        "[Termin vereinbaren](https://termine.werkstatt-blog.example/)",  # button
        "Links: Wir melden uns binnen zwei Tagen.\n\nRechts: Wir nennen einen festen Termin.",
        "[YouTube: Ein Rundgang durch die Werkstatt](https://www.youtube.com/watch?v=werkstatt01)",
        "\n---\n",  # separator
        "Dies ist der Text eines Sliders.",  # unknown block: its HTML kept
    ):
        assert expected in body
    assert "wp:" not in body and "<div" not in body
    post = report.imported[0]
    assert post.unknown_blocks == ["wp:acme/slider"]
    assert [(r.rule, r.text) for r in post.removed] == [("block", "wp:latest-posts")]
    table = dict(report.table())
    assert (table["Blöcke entfernt"], table["unbekannte Blöcke (als HTML übernommen)"]) == (1, 1)
    assert any("Unbekannter Block wp:acme/slider" in line for line in report.lines())

    classic = (content / "artikel" / "bilder-aus-der-werkstatt.md").read_text("utf-8")
    assert f"![Die Verkaufstheke der Werkstatt]{static}\n\n*Die Theke am Morgen*" in classic
    assert "[Vimeo: https://vimeo.com/werkstatt02](https://vimeo.com/werkstatt02)" in classic
    assert "[Audio: begruessung.mp3]({static}/dateien/wordpress/2024/03/begruessung.mp3)" in classic
    assert "[gallery" not in classic and "[audio" not in classic

    result = build_site(content, tmp_path / "output", KB_STRICT=True)
    assert result.error is None, result.messages
    html = result.read("/artikel/so-arbeiten-wir/")
    assert "<table>" in html and "<blockquote>" in html and "<hr" in html


def test_a_slug_taken_twice_in_one_export_gets_its_own(content, tmp_path):
    export = tmp_path / "doppelt.xml"
    text = (FIXTURES / "blocks.xml").read_text("utf-8")
    export.write_text(text.replace("[bilder-aus-der-werkstatt]", "[so-arbeiten-wir]"), "utf-8")
    report = import_wordpress(export, content, FIXTURES / "uploads")
    assert report.summary() == "importiert 2, übersprungen 0"
    assert (content / "artikel" / "bilder-aus-der-werkstatt.md").is_file()
    assert report.imported[1].notes[0] == (
        "Slug „so-arbeiten-wir“ doppelt im Export – als „bilder-aus-der-werkstatt“ importiert"
    )


def test_block_parser_nests_and_never_fails():
    html = (
        '<!-- wp:columns --><div><!-- wp:column {"width":"50%"} --><p>a</p><!-- /wp:column -->'
        "</div><!-- /wp:columns --> frei <!-- wp:latest-posts /--><!-- /wp:stray -->"
        "<!-- wp:paragraph --><p>offen"
    )
    columns, freeform, latest, paragraph = parse_blocks(html)
    assert columns.name == "core/columns" and columns.children[0].attrs == {"width": "50%"}
    assert freeform.name == "core/freeform" and latest.content == []
    assert paragraph.inner_html == "<p>offen"  # an opener without closer takes the rest


def test_footnotes_verse_and_details():
    html = (
        '<!-- wp:paragraph --><p>Satz<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">1'
        "</a></sup></p><!-- /wp:paragraph --><!-- wp:footnotes /-->"
        '<!-- wp:verse --><pre class="wp-block-verse">Zeile eins\nZeile zwei</pre><!-- /wp:verse -->'
        "<!-- wp:details --><details><summary>Mehr</summary><p>Inhalt</p></details>"
        "<!-- /wp:details -->"
    )
    rendered = render_blocks(html, {"footnotes": '[{"id":"f1","content":"Die Quelle"}]'})
    assert rendered.unknown == [] and rendered.removed == []
    markdown = html_to_markdown(rendered.html).markdown
    assert markdown == (
        "Satz<sup>1</sup>\n\n1. Die Quelle\n\nZeile eins<br>\nZeile zwei\n\n**Mehr**\n\nInhalt\n"
    )

"""Unit tests of the content model: front matter, checklists, timelines, glossary, slugs."""

from __future__ import annotations

import datetime as dt

import markdown
import pytest

from servicekultur.content.checklist import parse_checklist
from servicekultur.content.dates import format_date
from servicekultur.content.glossary import GlossaryLinker, GlossaryTerm
from servicekultur.content.slugs import slugify
from servicekultur.content.source import parse_source
from servicekultur.content.timeline import duration_label, split_timeline, wait_label

_MD = markdown.Markdown(extensions=["extra"])


def render(text: str) -> str:
    """The Markdown the build uses (one instance, reset per call, as in the reader)."""
    _MD.reset()
    return _MD.convert(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Rückmeldung innerhalb von 48 Stunden", "rueckmeldung-innerhalb-von-48-stunden"),
        ("Die gesperrte Straße", "die-gesperrte-strasse"),
        ("„Öffentliche“ Übergabe!", "oeffentliche-uebergabe"),
    ],
)
def test_german_slugs(text, slug):
    assert slugify(text) == slug


def test_front_matter_keeps_line_numbers_and_continuations():
    doc = parse_source(
        "Title: Ein Titel\nSummary: Erste Zeile\n    zweite Zeile\nTags: a, b\n\nText", "x.md"
    )
    assert doc.get("summary") == "Erste Zeile zweite Zeile"
    assert doc.line_of("tags") == 4
    assert doc.body == "Text"
    assert doc.body_line == 6


def test_checklist_items_keep_ids_weights_and_explanations():
    body = "Intro.\n\n## Gruppe\n\n- [ ] Erster Punkt {#erster weight=2,5}\n    Erklärung.\n- [ ] Zweiter {#zweiter}\n"
    checklist, intro, issues = parse_checklist(body, 10, "c.md", render)
    assert issues == []
    assert intro == "Intro."
    first, second = checklist.items
    assert (first.id, first.weight, first.line) == ("erster", 2.5, 14)
    assert first.explanation_html == "<p>Erklärung.</p>"
    assert second.text == "Zweiter"


def test_reordering_items_keeps_their_ids():
    a = "## G\n\n- [ ] Eins {#eins}\n- [ ] Zwei {#zwei}\n"
    b = "## G\n\n- [ ] Zwei, neu formuliert {#zwei}\n- [ ] Eins {#eins}\n"
    ids_a = {i.id: i.text for i in parse_checklist(a, 1, "c.md", render)[0].items}
    ids_b = {i.id: i.text for i in parse_checklist(b, 1, "c.md", render)[0].items}
    assert set(ids_a) == set(ids_b)


def test_timeline_waits_are_computed_and_long_ones_flagged():
    body = "Intro\n\n## Verlauf\n\n- 2025-01-01 (Telefon): A\n- 2025-01-04: B\n- 2025-02-22 (E-Mail): C\n\n## Danach\n\nText"
    timeline, rest, issues = split_timeline(body, 1, "f.md", render, 21)
    assert issues == []
    assert [e.wait_days for e in timeline.events] == [None, 3, 49]
    assert timeline.events[2].long_wait
    assert timeline.events[2].wait_label == "7 Wochen ohne Rückmeldung"
    assert timeline.events[0].channel == "Telefon"
    assert "<!-- kb:timeline -->" in rest and "## Danach" in rest


@pytest.mark.parametrize(
    ("days", "long_wait", "label"),
    [
        (0, False, "am selben Tag"),
        (1, False, "1 Tag später"),
        (14, False, "2 Wochen später"),
        (10, False, "10 Tage später"),
        (49, True, "7 Wochen ohne Rückmeldung"),
    ],
)
def test_wait_labels(days, long_wait, label):
    assert wait_label(days, long_wait) == label


def test_duration_labels():
    assert duration_label(5) == "5 Tage"
    assert duration_label(63) == "9 Wochen"
    assert duration_label(120) == "4 Monate"


def test_german_dates_without_os_locale():
    assert format_date(dt.date(2025, 3, 14)) == "14. März 2025"
    assert format_date(dt.datetime(2025, 12, 1, 10, 0), "short") == "01.12.2025"


def test_glossary_links_only_the_first_mention_outside_links_and_headings():
    terms = [GlossaryTerm("bestandskunde", "Bestandskunde", "Kunde mit Vertrag")]
    linker = GlossaryLinker(terms, "/glossar/")
    html = "<h2>Bestandskunde</h2><p>Jeder <a href='/x'>Bestandskunde</a> zählt. Bestandskunden bleiben. Bestandskunde.</p>"
    out = linker.link(html)
    assert out.count('class="kb-term"') == 1
    assert "<h2>Bestandskunde</h2>" in out
    assert ">Bestandskunden</a> bleiben" in out


def test_fragments_rendered_in_one_pass_equal_single_renders():
    from servicekultur.content.text import render_pieces

    pieces = ["**fett** und *kursiv*", "- eins\n- zwei", "Text mit `code`", "> Zitat", "1. a\n2. b"]
    assert render_pieces(render, pieces) == [render(p).strip() for p in pieces]


def test_taxonomy_lists_answer_in_by_identity_and_stay_right_when_changed():
    from servicekultur.content.site import Members, fast_taxonomy_lists

    class Text:  # Pelican's content objects compare by identity
        pass

    a, b, c = Text(), Text(), Text()
    members = Members([a, b])
    assert a in members and b in members and c not in members and members == [a, b]
    members.append(c)  # changed after it was made: the list answers
    assert c in members
    members.remove(a)
    assert a not in members

    from types import SimpleNamespace

    Generator = SimpleNamespace(
        tags={"angebot": [a, b]},
        categories=[("stadtwerke", [c])],
        authors=[("albers", [a, c])],
        context={"tags": [("angebot", [a, b])]},
    )
    fast_taxonomy_lists(Generator)
    assert isinstance(Generator.tags["angebot"], Members)
    assert Generator.context["tags"] == [("angebot", [a, b])]
    assert Generator.context["tags"][0][1] is Generator.tags["angebot"]
    assert [type(x) for _, x in Generator.categories + Generator.authors] == [Members, Members]
    assert [x for x in [a, b, c] if x in Generator.authors[0][1]] == [a, c]

"""The content linter: every rule with a failing and a passing example, text and JSON output."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from servicekultur.authoring.lint import RULES, lint
from servicekultur.authoring.lint.cli import main as lint_main
from tests.conftest import MINIMAL, write_content

ARTICLE = MINIMAL["artikel/erster-artikel.md"]
CHECKLIST = MINIMAL["checklisten/checkliste-test.md"]
STORY = MINIMAL["fallgeschichten/fall-test.md"]
TODAY = dt.datetime(2026, 1, 15, 12, 0)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def write(tmp_path, files: dict[str, str | bytes | None]):
    return write_content(tmp_path / "content", {**MINIMAL, **files})


def issues_for(tmp_path, files, rule: str, path: str = "artikel/x.md"):
    report = lint(write(tmp_path, files), today=TODAY)
    return [i for i in report.issues if i.rule == rule and i.path == path], report


def with_body(text: str) -> str:
    return ARTICLE + "\n" + text + "\n"


# (rule, file, failing text, passing text, line of the failing issue, text in the message)
CASES = [
    (
        "schema",
        "artikel/x.md",
        ARTICLE.replace("Date: 2025-03-14", "Date: 14.03.2025"),
        ARTICLE,
        2,
        "kein gültiges Datum",
    ),
    (
        "schema",
        "fallgeschichten/x.md",
        STORY.replace("Phase: Betreuung", "Phase: Nachsorge"),
        STORY,
        8,
        "unbekannte Phase",
    ),
    ("encoding", "artikel/x.md", ARTICLE.encode("latin-1"), ARTICLE, 4, "UTF-8"),
    ("file", "artikel/x.md", b"", ARTICLE, 1, "Datei ist leer"),
    ("file", "artikel/x.md", PNG * 100, ARTICLE, 1, "Binärdatei"),
    (
        "control-character",
        "artikel/x.md",
        ARTICLE.replace("Zuhören.", "Zu\x0bhören."),
        ARTICLE,
        10,
        "Steuerzeichen U+000B",
    ),
    (
        "scoring",
        "checklisten/x.md",
        CHECKLIST.replace(
            "Summary:", "Scoring:\n    0-49: Anfang\n    kaputt\n    50-100: gut\nSummary:"
        ),
        CHECKLIST.replace("checkliste-test", "x"),
        8,
        "Bewertungsstufe „kaputt“ nicht lesbar",
    ),
    (
        "checklist",
        "checklisten/x.md",
        CHECKLIST.replace("{#antwort-geben weight=2}", "{#frist-nennen}"),
        CHECKLIST.replace("checkliste-test", "x"),
        14,
        "doppelte Checkpunkt-ID",
    ),
    (
        "timeline",
        "fallgeschichten/x.md",
        STORY.replace("2025-03-05 (E-Mail)", "2025-13-05 (E-Mail)"),
        STORY,
        16,
        "nicht lesbar",
    ),
    (
        "summary",
        "artikel/x.md",
        ARTICLE.replace("Summary: Ein kurzer Artikel für Tests.\n", ""),
        ARTICLE,
        1,
        "Zusammenfassung fehlt",
    ),
    (
        "crossref",
        "artikel/x.md",
        with_body("Siehe [[checkliste-test#gibt-es-nicht]]."),
        with_body("Siehe [[checkliste-test#frist-nennen]]."),
        13,
        "keinen Punkt „gibt-es-nicht“",
    ),
    (
        "crossref",
        "artikel/x.md",
        with_body("Siehe [[keine-solche-seite]]."),
        with_body("Siehe [[checkliste-test]]."),
        13,
        "kein Inhalt mit dem Slug",
    ),
    (
        "link",
        "artikel/x.md",
        with_body("[Anker](/checklisten/checkliste-test/#fehlt)"),
        with_body("[Anker](/checklisten/checkliste-test/#antwort-geben)"),
        13,
        "Anker „#fehlt“",
    ),
    (
        "link",
        "artikel/x.md",
        with_body("[Seite](/nirgendwo/)"),
        with_body("[Seite](/datenschutz/)"),
        13,
        "Seite existiert nicht",
    ),
    (
        "link",
        "artikel/x.md",
        with_body("[Abschnitt](#gibt-es-nicht)"),
        with_body("## Mein Abschnitt\n\n[Abschnitt](#mein-abschnitt)"),
        13,
        "existiert nicht",
    ),
    (
        "glossary-term",
        "artikel/x.md",
        with_body("[Begriff](/glossar/#unbekannt)"),
        with_body("[Begriff](/glossar/#service-excellence)"),
        13,
        "„unbekannt“",
    ),
    (
        "image-missing",
        "artikel/x.md",
        with_body("![Ein Foto]({static}/images/fehlt.png)"),
        with_body("![Ein Foto]({static}/images/da.png)"),
        13,
        "nicht gefunden",
    ),
    (
        "image-alt",
        "artikel/x.md",
        with_body("![]({static}/images/da.png)"),
        with_body("![Ein Foto der Theke]({static}/images/da.png)"),
        13,
        "ohne Alternativtext",
    ),
    (
        "image-alt",
        "artikel/x.md",
        with_body('<img src="{static}/images/da.png">'),
        with_body('<img src="{static}/images/da.png" alt="Theke">'),
        13,
        "ohne Alternativtext",
    ),
    (
        "duplicate-slug",
        "artikel/x.md",
        ARTICLE.replace("Summary:", "Slug: erster-artikel\nSummary:"),
        ARTICLE.replace("Summary:", "Slug: zweiter-artikel\nSummary:"),
        6,
        "schon vergeben",
    ),
    (
        "duplicate-id",
        "artikel/x.md",
        with_body("## Eins {#abschnitt}\n\n## Zwei {#abschnitt}"),
        with_body("## Eins {#abschnitt-1}\n\n## Zwei {#abschnitt-2}"),
        15,
        "doppelt",
    ),
    (
        "future-date",
        "artikel/x.md",
        ARTICLE.replace("Date: 2025-03-14", "Date: 2026-02-01"),
        ARTICLE,
        2,
        "in der Zukunft",
    ),
    (
        "future-date",
        "fallgeschichten/x.md",
        STORY.replace("2025-04-22:", "2026-04-22:"),
        STORY,
        17,
        "in der Zukunft",
    ),
    (
        "quotes",
        "artikel/x.md",
        with_body('Er sagte "bis morgen" und ging.'),
        with_body('Er sagte „bis morgen“ und ging. Code: `a = "b"`'),
        13,
        "„bis morgen“",
    ),
    (
        "dash",
        "artikel/x.md",
        with_body("Fair - und zwar für beide Seiten."),
        with_body("Fair – und zwar für beide Seiten. Ein Service-Level [x](/a-b/)."),
        13,
        "Gedankenstrich",
    ),
    (
        "double-space",
        "artikel/x.md",
        with_body("Ein Satz.  Noch ein Satz."),
        with_body("Ein Satz. Noch ein Satz.\n\n- Liste mit  \n    Einrückung"),
        13,
        "doppeltes",
    ),
]


@pytest.mark.parametrize(
    ("rule", "path", "bad", "good", "line", "message"),
    CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)],
)
def test_rule_fails_and_passes(tmp_path, rule, path, bad, good, line, message):
    extra = {"images/da.png": PNG}
    found, report = issues_for(tmp_path / "bad", {path: bad, **extra}, rule, path)
    assert found, f"{rule}: nothing found in\n{report.as_text()}"
    assert found[0].line == line, str(found[0])
    assert message in found[0].message
    assert found[0].severity == RULES[rule][0] or rule in ("summary", "future-date")
    passed, report = issues_for(tmp_path / "good", {path: good, **extra}, rule, path)
    assert passed == [], report.as_text()


def test_errors_exit_non_zero_hints_do_not(tmp_path, capsys):
    content = write(tmp_path / "hints", {"artikel/x.md": with_body('Er sagte "ja".')})
    assert lint_main(["--content", str(content)]) == 0
    out = capsys.readouterr().out
    assert "artikel/x.md:13: Hinweis [quotes]" in out
    assert "0 Fehler, " in out
    content = write(tmp_path / "errors", {"artikel/x.md": with_body("[[gibt-es-nicht]]")})
    assert lint_main(["--content", str(content)]) == 1
    assert "artikel/x.md:13: Fehler [crossref]" in capsys.readouterr().out


def test_json_format_for_editors(tmp_path, capsys):
    content = write(tmp_path, {"artikel/x.md": with_body("[[gibt-es-nicht]]\n\nA  b.")})
    assert lint_main(["--content", str(content), "--format", "json", "artikel/x.md"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["errors"] == 1 and data["hints"] == 1
    first = data["issues"][0]
    assert first["path"].endswith("content/artikel/x.md")
    assert first == {**first, "line": 13, "rule": "crossref", "severity": "error"}
    assert {issue["path"] for issue in data["issues"]} == {first["path"]}


def test_repeated_heading_text_is_only_a_hint(tmp_path):
    found, _ = issues_for(
        tmp_path, {"artikel/x.md": with_body("## Beispiel\n\n## Beispiel")}, "duplicate-id"
    )
    assert [(i.line, i.severity) for i in found] == [(15, "hint")]


def test_draft_in_the_future_is_only_a_hint(tmp_path):
    draft = ARTICLE.replace("Date: 2025-03-14", "Date: 2026-03-01\nStatus: draft")
    found, _ = issues_for(tmp_path, {"artikel/x.md": draft}, "future-date")
    assert [i.severity for i in found] == ["hint"]


def test_real_content_has_no_errors():
    from tests.conftest import ROOT

    report = lint(ROOT / "content")
    assert report.errors == [], report.as_text()
    assert report.files >= 30


def test_rules_are_listed(capsys):
    assert lint_main(["--rules"]) == 0
    out = capsys.readouterr().out
    for name in RULES:
        assert name in out

"""Rules on each document's shape: front-matter schema, checklists, timelines, missing summary."""

from __future__ import annotations

from collections.abc import Iterator

from servicekultur.authoring.lint.model import Workspace
from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.types import ContentType
from servicekultur.workshop.scoring import parse_scoring

RULES = {
    "file": ("error", "Datei ist leer, binär, zu groß oder nicht lesbar: keine Seite"),
    "encoding": ("error", "Datei ist nicht UTF-8-kodiert"),
    "control-character": ("error", "Steuerzeichen im Text (der Build entfernt sie)"),
    "schema": ("error", "Kopfdaten passen nicht zum Schema des Inhaltstyps"),
    "checklist": ("error", "Checkpunkte ohne Text, ohne gültige oder mit doppelter ID"),
    "timeline": ("error", "Verlauf einer Fallgeschichte nicht lesbar oder unsortiert"),
    "summary": ("error", "Zusammenfassung (Summary) fehlt; bei Seiten nur ein Hinweis"),
    "scoring": ("error", "Bewertungsstufen (Scoring) nicht lesbar oder lückenhaft"),
}
_SUMMARY_MARK = "„Summary“"


def check(workspace: Workspace) -> Iterator[ContentIssue]:
    yield from workspace.unreadable
    for doc in workspace.documents:
        yield from doc.read_issues
        schema_messages = {issue.message for issue in doc.schema_issues}
        for issue in doc.schema_issues:
            if _SUMMARY_MARK not in issue.message:
                yield ContentIssue(issue.path, issue.line, issue.message, rule="schema")
        body_rule = "timeline" if doc.kind is ContentType.CASE_STORY else "checklist"
        for issue in doc.parsed.issues:
            if issue.message not in schema_messages:
                yield ContentIssue(issue.path, issue.line, issue.message, rule=body_rule)
        yield from _summary(doc)
        if doc.kind is ContentType.CHECKLIST:
            for issue in parse_scoring(doc.parsed.header, doc.path)[1]:
                yield ContentIssue(issue.path, issue.line, issue.message, rule="scoring")


def _summary(doc) -> Iterator[ContentIssue]:
    if not doc.source.meta:
        return
    summary = (doc.source.get("summary") or "").strip()
    if summary:
        return
    line = doc.source.line_of("summary")
    if doc.kind is ContentType.PAGE:
        yield ContentIssue(
            doc.path,
            line,
            "Zusammenfassung fehlt („Summary: …“ für Suche und Vorschau)",
            severity="hint",
            rule="summary",
        )
    else:
        yield ContentIssue(
            doc.path,
            line,
            f"Zusammenfassung fehlt: „Summary: …“ ist Pflicht ({doc.kind.label})",
            rule="summary",
        )

"""Front-matter schema of each content type; every problem comes back with its line."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.source import SourceDocument, split_list
from servicekultur.content.types import PHASES, ContentType


@dataclass(frozen=True)
class Field:
    name: str
    required: bool = False
    kind: str = "text"  # text | date | list | phase | version


_COMMON = (
    Field("title", required=True),
    Field("date", required=True, kind="date"),
    Field("modified", kind="date"),
    Field("category", required=True),
    Field("tags", kind="list"),
    Field("author", required=True),
    Field("summary", required=True),
    Field("slug"),
    Field("status"),
    Field("aliases", kind="list"),
    Field("lang"),
)

SCHEMAS: dict[ContentType, tuple[Field, ...]] = {
    ContentType.ARTICLE: _COMMON,
    ContentType.CASE_STORY: (
        *_COMMON,
        Field("branche", required=True),
        Field("phase", required=True, kind="phase"),
        Field("kanal", required=True, kind="list"),
    ),
    ContentType.CHECKLIST: (*_COMMON, Field("version", kind="version"), Field("scoring")),
    ContentType.GLOSSARY: (
        Field("title", required=True),
        Field("summary", required=True),
        Field("aliases", kind="list"),
        Field("slug"),
    ),
    ContentType.PAGE: (
        Field("title", required=True),
        Field("slug"),
        Field("summary"),
        Field("status"),
        Field("date", kind="date"),
        Field("modified", kind="date"),
        Field("template"),
    ),
}

DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S")


def parse_date(value: str) -> dt.datetime | None:
    """Parse the date forms authors may use; ``None`` when it is none of them."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


def _field_problem(spec: Field, value: str) -> str | None:
    if spec.required and not value:
        return f"Pflichtfeld „{spec.name.capitalize()}“ ist leer"
    if not value:
        return None
    if spec.kind == "date" and parse_date(value) is None:
        return f"„{value}“ ist kein gültiges Datum (erwartet JJJJ-MM-TT, z. B. 2025-03-14)"
    if spec.kind == "phase" and value not in PHASES:
        return f"unbekannte Phase „{value}“ (erlaubt: {', '.join(PHASES)})"
    if spec.kind == "list" and spec.required and not split_list(value):
        return f"„{spec.name.capitalize()}“ braucht mindestens einen Eintrag"
    return None


def validate(doc: SourceDocument, kind: ContentType) -> list[ContentIssue]:
    """Check a document's front matter against the schema of its type."""
    issues: list[ContentIssue] = []
    schema = SCHEMAS[kind]
    known = {spec.name for spec in schema}
    if not doc.meta:
        return [
            ContentIssue(doc.path, 1, "Kopfdaten fehlen (z. B. „Title: …“ in der ersten Zeile)")
        ]
    for line in doc.stray_lines:
        issues.append(
            ContentIssue(doc.path, line, "Zeile in den Kopfdaten ist kein „Schlüssel: Wert“-Paar")
        )
    for key, line in doc.duplicate_keys:
        issues.append(ContentIssue(doc.path, line, f"Feld „{key.capitalize()}“ ist doppelt"))
    for spec in schema:
        entry = doc.meta.get(spec.name)
        if entry is None:
            if spec.required:
                issues.append(
                    ContentIssue(
                        doc.path, 1, f"Pflichtfeld „{spec.name.capitalize()}“ fehlt ({kind.label})"
                    )
                )
            continue
        problem = _field_problem(spec, entry.value)
        if problem:
            issues.append(ContentIssue(doc.path, entry.line, problem))
    for key, entry in doc.meta.items():
        if key not in known:
            issues.append(
                ContentIssue(
                    doc.path,
                    entry.line,
                    f"unbekanntes Feld „{key.capitalize()}“ für {kind.label}",
                )
            )
    return issues


def invalid_fields(issues: list[ContentIssue], doc: SourceDocument) -> set[str]:
    """Names of fields whose value must not reach Pelican (they failed validation)."""
    bad_lines = {issue.line for issue in issues}
    return {key for key, entry in doc.meta.items() if entry.line in bad_lines}

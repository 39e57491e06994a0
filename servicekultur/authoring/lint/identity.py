"""Rules on names: two texts must not share a slug, one page must not use an id twice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from servicekultur.authoring.lint.model import Workspace
from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.types import ContentType

RULES = {
    "duplicate-slug": ("error", "zwei Texte haben denselben Slug (dieselbe URL)"),
    "duplicate-id": (
        "error",
        "eine ID kommt auf einer Seite doppelt vor (gleiche Überschriften: Hinweis)",
    ),
}


def check(workspace: Workspace) -> Iterator[ContentIssue]:
    by_url: dict[str, list] = defaultdict(list)
    by_slug: dict[str, list] = defaultdict(list)
    for doc in workspace.documents:
        if doc.kind is ContentType.GLOSSARY:
            by_slug[f"glossar#{doc.slug}"].append(doc)
        else:
            by_url[doc.url].append(doc)
            by_slug[doc.slug].append(doc)
    reported: set[str] = set()
    for groups in (by_url, by_slug):
        for docs in groups.values():
            if len(docs) < 2:
                continue
            first = docs[0]
            for doc in docs[1:]:
                if doc.path in reported:
                    continue
                reported.add(doc.path)
                yield ContentIssue(
                    doc.path,
                    doc.source.line_of("slug") if doc.source.get("slug") else 1,
                    f"Slug „{doc.slug}“ schon vergeben an {first.path}",
                    rule="duplicate-slug",
                )
    for doc in workspace.documents:
        yield from _duplicate_ids(doc)


def _duplicate_ids(doc) -> Iterator[ContentIssue]:
    seen: dict[str, int] = {}
    items = doc.parsed.checklist.items if doc.parsed.checklist is not None else []
    item_ids = {item.id for item in items}
    for anchor, line in doc.heading_ids:
        if anchor in item_ids:
            yield ContentIssue(
                doc.path,
                line,
                f"Überschrift hat dieselbe ID „{anchor}“ wie ein Checkpunkt",
                rule="duplicate-id",
            )
        elif anchor in seen and line in doc.explicit_id_lines:
            yield ContentIssue(
                doc.path,
                line,
                f"ID „{anchor}“ doppelt (schon in Zeile {seen[anchor]}); der Anker wird umbenannt",
                rule="duplicate-id",
            )
        elif anchor in seen:
            yield ContentIssue(
                doc.path,
                line,
                f"Überschrift wie in Zeile {seen[anchor]}: ihr Anker wird „#{anchor}_1“ – "
                "besser eindeutig benennen",
                severity="hint",
                rule="duplicate-id",
            )
        else:
            seen[anchor] = line

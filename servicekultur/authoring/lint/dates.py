"""Rule on dates: a publication date or timeline event in the future is almost always a typo."""

from __future__ import annotations

from collections.abc import Iterator

from servicekultur.authoring.lint.model import Workspace
from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.schema import parse_date

RULES = {
    "future-date": ("error", "Datum liegt in der Zukunft (bei Entwürfen nur ein Hinweis)"),
}


def check(workspace: Workspace) -> Iterator[ContentIssue]:
    now = workspace.today
    for doc in workspace.documents:
        severity = "hint" if doc.is_draft else "error"
        for key in ("date", "modified"):
            value = doc.source.get(key)
            parsed = parse_date(value) if value else None
            if parsed is not None and parsed > now:
                yield ContentIssue(
                    doc.path,
                    doc.source.line_of(key),
                    f"{key.capitalize()} {value} liegt in der Zukunft",
                    severity=severity,
                    rule="future-date",
                )
        timeline = doc.parsed.timeline
        for event in timeline.events if timeline is not None else []:
            if event.date > now.date():
                yield ContentIssue(
                    doc.path,
                    event.line,
                    f"Ereignis am {event.date.isoformat()} liegt in der Zukunft",
                    severity=severity,
                    rule="future-date",
                )

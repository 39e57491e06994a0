"""Case-story timelines: dated events parsed from the „Verlauf“ section, with waiting times."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.text import DeferredRenderer

TIMELINE_HEADING = "Verlauf"
TIMELINE_MARKER = "<!-- kb:timeline -->"
_EVENT = re.compile(r"^[-*]\s+(?P<date>\S+?)(?:\s+\((?P<channel>[^)]+)\))?\s*:\s*(?P<text>.*)$")
_HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*$")


@dataclass(slots=True)
class TimelineEvent:
    date: dt.date
    text_html: str
    channel: str = ""
    line: int = 0
    wait_days: int | None = None
    wait_label: str = ""
    long_wait: bool = False


@dataclass(slots=True)
class Timeline:
    events: list[TimelineEvent] = field(default_factory=list)

    @property
    def total_days(self) -> int:
        if len(self.events) < 2:
            return 0
        return (self.events[-1].date - self.events[0].date).days

    @property
    def longest_wait(self) -> int:
        return max((e.wait_days or 0 for e in self.events), default=0)


def wait_label(days: int, long_wait: bool) -> str:
    """The gap between two events: „3 Tage später“, „7 Wochen ohne Rückmeldung“."""
    if days == 0:
        return "am selben Tag"
    if long_wait:
        weeks = round(days / 7)
        return f"{weeks} Wochen ohne Rückmeldung" if weeks != 1 else "1 Woche ohne Rückmeldung"
    if days == 1:
        return "1 Tag später"
    if days >= 14 and days % 7 == 0:
        return f"{days // 7} Wochen später"
    return f"{days} Tage später"


def duration_label(days: int) -> str:
    """„12 Tage“, „7 Wochen“, „4 Monate“ for a total duration."""
    if days < 14:
        return "1 Tag" if days == 1 else f"{days} Tage"
    if days < 70:
        return f"{round(days / 7)} Wochen"
    return f"{round(days / 30.4)} Monate"


def split_timeline(
    body: str,
    first_line: int,
    path: str,
    render: Callable[[str], str],
    long_wait_days: int,
) -> tuple[Timeline, str, list[ContentIssue]]:
    """Take the ``## Verlauf`` list out of a case story; the body keeps a marker in its place."""
    lines = body.split("\n")
    issues: list[ContentIssue] = []
    start = next(
        (
            i
            for i, raw in enumerate(lines)
            if (m := _HEADING.match(raw)) and m["title"] == TIMELINE_HEADING
        ),
        None,
    )
    if start is None:
        issues.append(
            ContentIssue(path, first_line, f"Fallgeschichte ohne Abschnitt „## {TIMELINE_HEADING}“")
        )
        return Timeline(), body, issues
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    timeline = Timeline()
    deferred = DeferredRenderer()  # all event texts in one Markdown pass
    previous: dt.date | None = None
    for i in range(start + 1, end):
        raw = lines[i]
        if not raw.strip():
            continue
        line_no = first_line + i
        match = _EVENT.match(raw)
        if not match:
            issues.append(
                ContentIssue(
                    path, line_no, "Ereignis nicht lesbar (erwartet „- JJJJ-MM-TT (Kanal): Text“)"
                )
            )
            continue
        try:
            date = dt.date.fromisoformat(match["date"])
        except ValueError:
            issues.append(
                ContentIssue(
                    path, line_no, f"Datum „{match['date']}“ nicht lesbar (erwartet JJJJ-MM-TT)"
                )
            )
            continue
        event = TimelineEvent(
            date, deferred(match["text"]), (match["channel"] or "").strip(), line_no
        )
        if previous is not None:
            days = (date - previous).days
            if days < 0:
                issues.append(
                    ContentIssue(
                        path, line_no, "Ereignisse sind nicht zeitlich aufsteigend sortiert"
                    )
                )
            event.wait_days = max(days, 0)
            event.long_wait = event.wait_days >= long_wait_days
            event.wait_label = wait_label(event.wait_days, event.long_wait)
        previous = date
        timeline.events.append(event)
    deferred.flush(render)
    for event in timeline.events:
        event.text_html = deferred.resolve(event.text_html, inline=True)
    if not timeline.events and not issues:
        issues.append(ContentIssue(path, first_line + start, "Verlauf ohne Ereignisse"))
    rest = [*lines[:start], "", TIMELINE_MARKER, "", *lines[end:]]
    return timeline, "\n".join(rest), issues

"""Figures about feedback: per-page summary and the site-wide answer times."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from servicekultur.feedback.model import TYPES, FeedbackItem


def percentile(values: list[float], share: float) -> float | None:
    """Linear-interpolated percentile (share in 0..1) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * share
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def answer_hours(item: FeedbackItem) -> float | None:
    if item.answered is None:
        return None
    return max((item.answered - item.created).total_seconds() / 3600, 0.0)


def format_duration(hours: float | None) -> str:
    """German, dative, rounded for readers („nach 3 Stunden“, „innerhalb von 2 Tagen“)."""
    if hours is None:
        return "–"
    if hours < 1:
        return "weniger als einer Stunde"
    if hours < 48:
        value = round(hours)
        return "einer Stunde" if value == 1 else f"{value} Stunden"
    return f"{round(hours / 24)} Tagen"


@dataclass
class Summary:
    """Counts by type, share answered and median time to answer of a set of items."""

    total: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    median_hours: float | None = None

    @property
    def share_answered(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 0

    @property
    def median_text(self) -> str:
        return format_duration(self.median_hours)

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "by_type": self.by_type,
            "answered": self.answered,
            "share_answered": self.share_answered,
            "median_hours": self.median_hours,
        }


def summarize(items: Iterable[FeedbackItem]) -> Summary:
    items = list(items)
    hours = [h for h in (answer_hours(i) for i in items) if h is not None]
    by_type = {key: sum(1 for i in items if i.type == key) for key in TYPES}
    return Summary(
        total=len(items),
        by_type={k: v for k, v in by_type.items() if v},
        answered=len(hours),
        median_hours=percentile(hours, 0.5),
    )


@dataclass
class SiteStats:
    """For the site-wide Feedback page: open questions and answer times of the last days."""

    open_questions: list[FeedbackItem]
    days: int
    answered: int
    median_hours: float | None
    p90_hours: float | None
    imported: int = 0  # answered items taken over from the old blog (with their own dates)

    @property
    def median_text(self) -> str:
        return format_duration(self.median_hours)

    @property
    def p90_text(self) -> str:
        return format_duration(self.p90_hours)


def site_stats(items: Iterable[FeedbackItem], now: datetime, days: int = 90) -> SiteStats:
    items = list(items)
    cutoff = now - timedelta(days=days)
    recent = [
        h
        for i in items
        if i.answered and i.answered >= cutoff and (h := answer_hours(i)) is not None
    ]
    open_questions = [i for i in items if i.type == "frage" and i.answered is None]
    return SiteStats(
        open_questions=sorted(open_questions, key=lambda i: i.created),
        days=days,
        answered=len(recent),
        median_hours=percentile(recent, 0.5),
        p90_hours=percentile(recent, 0.9),
        imported=sum(1 for i in items if i.answered and i.source != "formular"),
    )

"""Self-check scoring: score bands with a German interpretation, read from the front matter.

Syntax (one band per line, percent of the reachable weight, integers, 0 to 100 without gaps)::

    Scoring: Auswertung
        0-39: Hier liegt noch ein gutes Stück Weg vor Ihnen …
        40-74: Sie sind auf einem guten Weg …
        75-100: Vorbildlich …

The first line may name the result (default „Auswertung“). The reader's score is the sum of the
weights of the ticked items divided by the sum of all weights, in whole percent (rounded down).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from servicekultur.content.diagnostics import ContentIssue

_KEY = re.compile(r"^scoring\s*:\s*(?P<value>.*)$", re.I)
_BAND = re.compile(r"^(?P<low>[^:]+?)\s*[-–]\s*(?P<high>[^:]+?)\s*%?\s*:\s*(?P<text>.*)$")
_INT = re.compile(r"^\d+$")
DEFAULT_TITLE = "Auswertung"


@dataclass(frozen=True)
class ScoreBand:
    """Scores from ``low`` to ``high`` percent (both included) mean ``text``."""

    low: int
    high: int
    text: str
    line: int = 0


@dataclass
class Scoring:
    title: str = DEFAULT_TITLE
    bands: list[ScoreBand] = field(default_factory=list)

    def band_for(self, percent: int) -> ScoreBand | None:
        return next((b for b in self.bands if b.low <= percent <= b.high), None)


def score_percent(weights: list[float], ticked: list[bool]) -> int:
    """Whole percent of the reachable weight that the ticked items reach (rounded down)."""
    total = sum(weights)
    if total <= 0:
        return 0
    reached = sum(w for w, t in zip(weights, ticked, strict=True) if t)
    return math.floor(reached / total * 100 + 1e-9)


def _scoring_lines(text: str) -> list[tuple[int, str]]:
    """The ``Scoring:`` field of the front matter as (line number, text) pieces."""
    pieces: list[tuple[int, str]] = []
    inside = False
    for number, raw in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if not raw.strip():
            break
        match = _KEY.match(raw)
        if match:
            inside = True
            pieces.append((number, match["value"].strip()))
        elif inside and raw.startswith("    "):
            pieces.append((number, raw.strip()))
        else:
            inside = False
    return pieces


def parse_scoring(text: str, path: str) -> tuple[Scoring | None, list[ContentIssue]]:
    """Read the score bands of a checklist file; ``None`` when it has no ``Scoring`` field."""
    pieces = _scoring_lines(text)
    if not pieces:
        return None, []
    scoring = Scoring()
    issues: list[ContentIssue] = []
    first_line = pieces[0][0]
    for index, (line, piece) in enumerate(pieces):
        for part in [piece] if piece else []:
            match = _BAND.match(part)
            if not match:
                if index == 0 and not scoring.bands:
                    scoring.title = part
                else:
                    issues.append(
                        ContentIssue(
                            path,
                            line,
                            f"Bewertungsstufe „{part}“ nicht lesbar (erwartet „40-74: Deutung“)",
                        )
                    )
                continue
            band = _band(match, path, line, issues)
            if band is not None:
                scoring.bands.append(band)
    if not scoring.bands and not issues:
        issues.append(ContentIssue(path, first_line, "„Scoring“ ohne Bewertungsstufen"))
    issues += _coverage_issues(scoring.bands, path, first_line)
    return (scoring if not issues else None), issues


def _band(
    match: re.Match[str], path: str, line: int, issues: list[ContentIssue]
) -> ScoreBand | None:
    numbers = []
    for raw in (match["low"].strip(), match["high"].strip()):
        if not _INT.match(raw):
            issues.append(
                ContentIssue(
                    path, line, f"Bewertungsstufe: „{raw}“ ist keine ganze Zahl zwischen 0 und 100"
                )
            )
            return None
        numbers.append(int(raw))
    low, high = numbers
    text = match["text"].strip()
    if low > high or high > 100:
        issues.append(
            ContentIssue(
                path,
                line,
                f"Bewertungsstufe {low}-{high}: Bereich muss innerhalb von 0-100 aufsteigen",
            )
        )
        return None
    if not text:
        issues.append(ContentIssue(path, line, f"Bewertungsstufe {low}-{high} ohne Deutung"))
        return None
    return ScoreBand(low, high, text, line)


def _coverage_issues(bands: list[ScoreBand], path: str, first_line: int) -> list[ContentIssue]:
    """Bands must cover 0-100 exactly once: overlaps and gaps are errors."""
    issues: list[ContentIssue] = []
    if not bands:
        return issues
    ordered = sorted(bands, key=lambda b: (b.low, b.high))
    expected = 0
    previous: ScoreBand | None = None
    for band in ordered:
        if previous is not None and band.low <= previous.high:
            issues.append(
                ContentIssue(
                    path,
                    band.line,
                    f"Bewertungsstufe {band.low}-{band.high} überschneidet sich mit "
                    f"{previous.low}-{previous.high} (Zeile {previous.line})",
                )
            )
        elif band.low > expected:
            issues.append(
                ContentIssue(
                    path,
                    band.line,
                    f"Bewertungsstufen lassen eine Lücke: {expected}-{band.low - 1} Prozent "
                    "ohne Deutung",
                )
            )
        expected = max(expected, band.high + 1)
        previous = band if previous is None or band.high > previous.high else previous
    if expected <= 100:
        issues.append(
            ContentIssue(
                path,
                ordered[-1].line,
                f"Bewertungsstufen lassen eine Lücke: {expected}-100 Prozent ohne Deutung",
            )
        )
    return issues

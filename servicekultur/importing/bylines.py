"""Author and date from a byline: „Veröffentlicht am 18. September 2024 von Petra Weber“,
„Von Petra Weber | 18.09.2024“, „Petra Weber · 18. Sep. 2024 · 4 Min. Lesezeit“, „Autorin: …“.

A line is a byline only when nothing but a date, an author, and the usual byline words
(veröffentlicht, am, Lesezeit, Kommentare, a category) is on it, so a sentence that happens to
contain „von“ or a date is never taken for one.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "januar": 1, "jänner": 1, "january": 1, "jan": 1, "februar": 2, "february": 2, "feb": 2,
    "märz": 3, "march": 3, "mär": 3, "mrz": 3, "mar": 3, "april": 4, "apr": 4, "mai": 5,
    "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7, "july": 7, "jul": 7, "august": 8,
    "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "october": 10, "okt": 10,
    "oct": 10, "november": 11, "nov": 11, "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(
    rf"(?P<d1>\d{{1,2}})\.\s*(?P<m1>{_MONTH})\.?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\.\s*(?P<m2>\d{{1,2}})\.\s*(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}})"
    rf"|\b(?P<m4>{_MONTH})\.?\s+(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y4>\d{{4}})"
    rf"|\b(?P<d5>\d{{1,2}})\s+(?P<m5>{_MONTH})\.?\s+(?P<y5>\d{{4}})",
    re.I,
)
_NAME = r"[A-ZÄÖÜ][\w'’.-]*(?:[ \t]+(?:von|van|de|der|zu|[A-ZÄÖÜ][\w'’.-]*)){0,4}"
_AUTHOR = re.compile(
    r"(?i:(?:geschrieben|verfasst|veröffentlicht|erstellt|posted|written)\s+(?:von|by)"
    r"|ein\s+(?:gast)?beitrag\s+von|autor(?:in)?\s*:|author\s*:|text\s*:|von|by)"
    rf"\s+(?P<name>{_NAME})"
)
_FILLER = re.compile(
    r"(?i)\b(?:veröffentlicht|publiziert|geschrieben|erschienen|verfasst|aktualisiert|zuletzt|"
    r"stand|datum|posted|published|updated|on|am|um|uhr|at)\b|\d{1,2}:\d{2}"
    r"|\b\d+\s*(?:min\.?|minuten)(?:\s*(?:lesezeit|lesen))?|lesezeit\s*:?"
    r"|\b\d+\s+(?:kommentare?|comments?)\b|keine\s+kommentare|no\s+comments"
    r"|\b(?:in|kategorie\s*:|abgelegt\s+unter)\s+[A-ZÄÖÜ][\w-]*(?:\s*,\s*[A-ZÄÖÜ][\w-]*)*"
    r"|[|·•,–—/:()\[\]]"
)
MAX_BYLINE = 160


@dataclass(frozen=True)
class Byline:
    date: dt.date | None
    author: str


def parse_date(text: str) -> dt.date | None:
    """The first date in ``text`` (German or English spelling, or ISO)."""
    match = DATE.search(text or "")
    return _date(match) if match else None


def _date(match: re.Match[str]) -> dt.date | None:
    for n in "12345":
        if match[f"y{n}"]:
            day, month, year = match[f"d{n}"], match[f"m{n}"], match[f"y{n}"]
            month_no = int(month) if month.isdigit() else MONTHS.get(month.lower().rstrip("."))
            try:
                return dt.date(int(year), month_no or 0, int(day))
            except ValueError:
                return None
    return None


def parse_byline(line: str) -> Byline | None:
    """The byline on ``line``, or None when the line is anything else."""
    text = " ".join((line or "").split()).strip("*_ ")
    if not text or len(text) > MAX_BYLINE:
        return None
    date_match = DATE.search(text)
    date = _date(date_match) if date_match else None
    rest = text.replace(date_match[0], " ") if date_match else text
    author = ""
    marked = _AUTHOR.search(rest)
    if marked:
        author = marked["name"].strip(" .")
        rest = rest[: marked.start()] + " " + rest[marked.end() :]
    words = _FILLER.sub(" ", rest).split()
    if not author and date and 1 <= len(words) <= 4 and all(w[:1].isupper() for w in words):
        author, words = " ".join(words), []  # „Petra Weber · 18. September 2024“
    if words or not (date or author):
        return None
    if not date and not ((marked and marked.start() == 0) or text.lower().startswith(("autor",))):
        return None  # an author alone only right after the marker: „Von Petra Weber“
    return Byline(date, author)


def find_byline(lines: list[str], limit: int = 15) -> tuple[int, Byline] | None:
    """(index, byline) of the first byline among the first ``limit`` non-empty lines."""
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        byline = parse_byline(line)
        if byline is not None:
            return index, byline
        seen += 1
        if seen >= limit:
            break
    return None

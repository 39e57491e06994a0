"""German dates with Babel, independent of the operating system's locales."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_format_date

LOCALE = "de_DE"
LOCAL_ZONE = ZoneInfo("Europe/Berlin")
FORMATS = {
    "long": "d. MMMM y",  # 14. März 2025
    "short": "dd.MM.y",  # 14.03.2025
    "month": "MMMM y",  # März 2025
    "day": "EEEE, d. MMMM y",  # Freitag, 14. März 2025
}


def format_date(value: dt.date | dt.datetime | None, style: str = "long") -> str:
    """``2025-03-14`` → ``14. März 2025`` (``style`` is a key of ``FORMATS`` or a CLDR pattern)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:  # e.g. feedback, stored in UTC: the day it was in Germany
            value = value.astimezone(LOCAL_ZONE)
        value = value.date()
    return _format(value, style)


@lru_cache(maxsize=8192)
def _format(value: dt.date, style: str) -> str:
    # Pages repeat the same dates many times (lists, bylines); Babel's formatting is not cheap.
    return _babel_format_date(value, format=FORMATS.get(style, style), locale=LOCALE)

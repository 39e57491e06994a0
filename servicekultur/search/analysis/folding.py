"""Case and umlaut folding: „Gebühren“, „Gebuehren“ and „GEBÜHREN“ all become ``gebuehren``."""

from __future__ import annotations

import re
import unicodedata

# Umlauts and ß fold to their ASCII spelling, so both ways of typing meet in one form.
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
# A word: letters/digits, optionally joined by hyphens („E-Mail“, „48-Stunden-Regel“).
WORD = re.compile(r"\w+(?:[-‐‑]\w+)*")


def fold(word: str) -> str:
    """Lower-case, umlauts/ß to ae/oe/ue/ss, other accents dropped (``Café`` → ``cafe``)."""
    text = word.lower().translate(_GERMAN)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words_in(text: str) -> list[str]:
    """The words of a text as written (hyphenated words stay one word)."""
    return WORD.findall(text)


def hyphen_parts(word: str) -> list[str]:
    """``e-mail`` → ``["e", "mail"]``; a word without hyphen → ``[]``."""
    parts = [p for p in re.split(r"[-‐‑_]", word) if p]
    return parts if len(parts) > 1 else []

"""German-aware slugs: ä→ae, ö→oe, ü→ue, ß→ss, then ASCII, lower case, hyphens."""

from __future__ import annotations

import re
import unicodedata

GERMAN_TRANSLITERATION = (
    ("ä", "ae"),
    ("ö", "oe"),
    ("ü", "ue"),
    ("Ä", "Ae"),
    ("Ö", "Oe"),
    ("Ü", "Ue"),
    ("ß", "ss"),
    ("ẞ", "SS"),
)
_TABLE = str.maketrans(dict(GERMAN_TRANSLITERATION))
_NON_WORD = re.compile(r"[^a-z0-9]+")


def transliterate(text: str) -> str:
    """Replace German umlauts and ß by their two-letter spellings."""
    return text.translate(_TABLE)


def slugify(text: str, separator: str = "-") -> str:
    """A URL slug for German text: ``„Rückmeldung in 48 h“`` → ``rueckmeldung-in-48-h``."""
    ascii_text = (
        unicodedata.normalize("NFKD", transliterate(text)).encode("ascii", "ignore").decode()
    )
    return _NON_WORD.sub(separator, ascii_text.lower()).strip(separator)


def markdown_slugify(value: str, separator: str) -> str:
    """Signature expected by python-markdown's ``toc`` extension."""
    return slugify(value, separator)


# Pelican's *_REGEX_SUBSTITUTIONS: German transliteration first, then Pelican's defaults.
PELICAN_SLUG_SUBSTITUTIONS = [(src, dst.lower()) for src, dst in GERMAN_TRANSLITERATION] + [
    (r"[^\w\s-]", ""),
    (r"(?u)\A\s*", ""),
    (r"(?u)\s*\Z", ""),
    (r"[-\s]+", "-"),
]

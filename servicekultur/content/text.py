"""Small text helpers shared by readers and templates."""

from __future__ import annotations

import html
import math
import re

_TAG = re.compile(r"<[^>]+>")
_WORD = re.compile(r"\w+", re.UNICODE)


def inline_html(rendered: str) -> str:
    """Unwrap the single ``<p>`` python-markdown puts around a one-paragraph fragment."""
    rendered = rendered.strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


def strip_tags(markup: str) -> str:
    """Plain text of an HTML fragment (entities decoded, whitespace folded)."""
    return " ".join(html.unescape(_TAG.sub(" ", markup)).split())


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def reading_minutes(words: int, words_per_minute: int) -> int:
    """Reading time in whole minutes, at least one."""
    return max(1, math.ceil(words / max(words_per_minute, 1)))

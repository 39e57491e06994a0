"""Small text helpers shared by readers and templates."""

from __future__ import annotations

import html
import math
import re

_TAG = re.compile(r"<[^>]+>")
# Tags that end a word (blocks, line breaks, cells); inline tags (a, em, code, …) do not:
# "<a>Kunden</a>," is "Kunden," — not "Kunden ,".
_BREAKING_TAG = re.compile(
    r"</?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|table|tr|td|th|thead|tbody|blockquote|pre|"
    r"section|article|aside|header|footer|nav|figure|figcaption|details|summary|img)\b[^>]*>",
    re.I,
)
_WORD = re.compile(r"\w+", re.UNICODE)


def inline_html(rendered: str) -> str:
    """Unwrap the single ``<p>`` python-markdown puts around a one-paragraph fragment."""
    rendered = rendered.strip()
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


PIECE_SEPARATOR = "<!-- kb:piece -->"


def render_pieces(render, pieces: list[str]) -> list[str]:
    """Render many small Markdown fragments with one ``render`` call (Markdown's per-call setup
    costs more than a short fragment); falls back to one call each if the split does not fit."""
    if not pieces:
        return []
    joined = render(f"\n\n{PIECE_SEPARATOR}\n\n".join(pieces))
    parts = joined.split(PIECE_SEPARATOR)
    if len(parts) != len(pieces):
        return [render(piece) for piece in pieces]
    return [part.strip() for part in parts]


class DeferredRenderer:
    """Stands in for ``render`` while a document is parsed; ``resolve`` then renders every
    fragment in one batch and replaces the placeholders it handed out."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.rendered: list[str] = []

    def __call__(self, text: str) -> str:
        self.pieces.append(text)
        return f"\x00{len(self.pieces) - 1}\x00"

    def flush(self, render) -> None:
        self.rendered = render_pieces(render, self.pieces)

    def resolve(self, placeholder: str, inline: bool = False) -> str:
        if not (placeholder.startswith("\x00") and placeholder.endswith("\x00")):
            return placeholder
        html = self.rendered[int(placeholder.strip("\x00"))]
        return inline_html(html) if inline else html


def strip_tags(markup: str) -> str:
    """Plain text of an HTML fragment (entities decoded, whitespace folded)."""
    return " ".join(html.unescape(_TAG.sub("", _BREAKING_TAG.sub(" ", markup))).split())


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def reading_minutes(words: int, words_per_minute: int) -> int:
    """Reading time in whole minutes, at least one."""
    return max(1, math.ceil(words / max(words_per_minute, 1)))

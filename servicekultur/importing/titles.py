"""Titles and slugs of imported texts: found where there is one, guessed (and said so) where not.

A title line is short, stands alone and does not end like a sentence. Text that opens straight
with its first paragraph gets a guessed title: a quoted phrase from the opening, else the first
sentence, cut at a word boundary to at most 80 characters. Slugs are cut at a word boundary to
at most 60 characters.
"""

from __future__ import annotations

import re

from servicekultur.content.slugs import slugify

MAX_TITLE = 80
MAX_SLUG = 60
MAX_TITLE_LINE = 120
_TITLE_SEPARATORS = re.compile(r"(\s+[|–—-]\s+|\s+::\s+|\s+[»·•]\s+)")
_QUOTED = re.compile(r"[„“»\"]([^„“”»«\"\n]{3,80}?)[“”«\"]")
_SENTENCE = re.compile(r"(?<=[.!?…])\s+(?=[„\"»(]?[A-ZÄÖÜ0-9])")
_MARKDOWN = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]*)\]\([^)]*\)|[*_`#>]|<[^>]+>")
_UNDERLINE = re.compile(r"[=\-]{3,}")
GUESSED_NOTE = "<!-- Titel beim Import geraten ({how}) – bitte prüfen, dann diese Zeile löschen -->"


def clean_title(
    title: str, site_name: str = "", heading: str = "", page_title: bool = False
) -> str:
    """The post's title without the blog's name: ``Beitrag – Blogname`` → ``Beitrag``.

    The page's ``<h1>`` wins when the title contains it; parts equal to the site name go; for a
    ``<title>`` (``page_title``) short trailing parts go as well (a site name we do not know).
    """
    title, heading = " ".join(title.split()), " ".join(heading.split())
    if heading and heading in title:
        return heading
    pieces = _TITLE_SEPARATORS.split(title)  # part, separator, part, …
    pairs = [("", pieces[0]), *zip(pieces[1::2], pieces[2::2], strict=True)]
    site = site_name.strip().casefold()
    kept = [pair for pair in pairs if pair[1].strip().casefold() != site] if site else pairs
    if kept and len(kept) < len(pairs):
        pairs = kept
    elif page_title:
        while len(pairs) > 1 and len(pairs[-1][1].split()) <= 4:
            pairs = pairs[:-1]
    return (pairs[0][1] + "".join(sep + part for sep, part in pairs[1:])).strip()


def short_slug(text: str, limit: int = MAX_SLUG) -> str:
    """The slug of ``text``, cut at a word boundary to at most ``limit`` characters."""
    slug = slugify(text)
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    return (cut.rsplit("-", 1)[0] if "-" in cut[1:] else slug[:limit]).strip("-")


def _cut(text: str, limit: int = MAX_TITLE) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–—-")
    return cut + "…"


def _plain(markdown: str) -> str:
    return " ".join(_MARKDOWN.sub(lambda m: m[1] or " ", markdown).split())


def guess_title(body: str) -> tuple[str, str]:
    """(title, how it was found) for a text without a title; ("", "") for no text at all."""
    paragraphs = [
        _plain(p)
        for p in re.split(r"\n\s*\n", body)
        if p.strip() and not p.lstrip().startswith(("<!--", "!["))
    ]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        return "", ""
    first = paragraphs[0]
    for match in _QUOTED.finditer(first[:600]):
        phrase = match[1].strip(" ,.;:")
        if 2 <= len(phrase.split()) <= 10 and len(phrase) <= MAX_TITLE:
            return phrase, "Zitat aus dem ersten Absatz"
    sentence = _SENTENCE.split(first, 1)[0].strip()
    if len(sentence) <= MAX_TITLE:
        return sentence.rstrip("."), "erster Satz"
    return _cut(sentence), "Anfang des ersten Satzes"


def is_title_line(lines: list[str], index: int) -> bool:
    """Whether ``lines[index]`` reads as the title of what follows (see module docstring)."""
    line = lines[index].strip()
    following = next((x.strip() for x in lines[index + 1 :] if x.strip()), "")
    if line.startswith("# ") or (following and _UNDERLINE.fullmatch(following)):
        return True
    alone = index + 1 >= len(lines) or not lines[index + 1].strip()
    return (
        alone
        and bool(following)
        and len(line) <= MAX_TITLE_LINE
        and len(line.split()) <= 16
        and not line.endswith((".", ",", ";", ":", "…"))
        and not line.startswith(("-", "*", "•"))
    )

"""A saved blog page (HTML) or copied text → a draft: title, author, date and the bare text.

HTML: the post is the page's ``<article>``/``<main>``/entry content; title, author and date
come from what the page says about itself (``pagemeta``); boilerplate goes by the rules in
``data/boilerplate.toml``. Text: boilerplate lines go, a byline gives author and date, the first
line is the title if it reads like one, hard-wrapped lines become paragraphs again. A text
without a title gets a guessed one, marked as such.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from servicekultur.importing.boilerplate import Removal, paragraph_rule, strip_lines
from servicekultur.importing.bylines import find_byline, parse_byline
from servicekultur.importing.htmlmd import html_to_markdown
from servicekultur.importing.media import Media
from servicekultur.importing.pagemeta import BYLINE_SELECTORS, page_meta
from servicekultur.importing.textutil import rebuild_paragraphs
from servicekultur.importing.titles import guess_title, is_title_line, short_slug

MAX_BYTES = 5 * 1024 * 1024
HTML_HINT = re.compile(r"<(?:!doctype|html|body|article|p|div|h1)\b", re.I)
BYLINE_REASON = "Zeile mit Autor und Datum (in die Kopfdaten übernommen)"
MENU_REASON = "Menü am Anfang der Seite (kurze Zeilen ohne Satz)"
MENU_LINES = 3


class ScrapeError(ValueError):
    """The page cannot be read (empty, too big, not text)."""


@dataclass
class Draft:
    title: str
    body: str
    summary: str
    tags: list[str] = field(default_factory=list)
    author: str = ""
    date: dt.date | None = None
    removed: list[Removal] = field(default_factory=list)
    title_guess: str = ""  # how the title was guessed; "" when the page had one

    @property
    def slug(self) -> str:
        return short_slug(self.title)


def decode(data: bytes, name: str) -> str:
    if len(data) > MAX_BYTES:
        raise ScrapeError(
            f"{name} ist zu groß ({len(data) // 1024} KiB, höchstens {MAX_BYTES // 1048576} MiB)"
        )
    if b"\x00" in data[:4096]:
        raise ScrapeError(f"{name} ist keine Text- oder HTML-Datei")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ScrapeError(f"{name}: Zeichenkodierung nicht erkannt (erwartet UTF-8 oder Windows-1252)")


def _text_length(element) -> int:
    return sum(len(p.get_text(" ", strip=True)) for p in element.find_all("p"))


def _root(soup: BeautifulSoup):
    """The element holding the post: the ``<article>`` with the most text (themes put teasers
    of other posts in ``<article>`` elements too), else ``<main>`` or the entry content, else
    the block with the most paragraph text."""
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=_text_length)
    root = soup.find("main") or soup.find(
        class_=re.compile(r"entry-content|post-content|article-body|et_pb_post_content")
    )
    if root is None:
        blocks = soup.find_all(["div", "section"]) or [soup]
        root = max(
            blocks, key=lambda el: sum(len(p.get_text()) for p in el.find_all("p", recursive=False))
        )
    return root


def _menu_at_top(lines: list[str]) -> tuple[list[str], list[Removal]]:
    """Three or more short lines in a row before the text starts are a menu, not the title."""
    run: list[int] = []
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            if len(run) >= MENU_LINES:
                break
            run = []
            continue
        if len(text) > 30 or text.endswith((".", "!", "?", ":")) or len(text.split()) > 4:
            break
        if parse_byline(text) is not None:
            break
        run.append(index)
    if len(run) < MENU_LINES:
        return lines, []
    menu = " · ".join(lines[i].strip() for i in run)
    kept = [line for i, line in enumerate(lines) if i not in set(run)]
    return kept, [Removal("navigation", MENU_REASON, menu)]


def _leading_byline(draft: Draft) -> None:
    """A byline among the first paragraphs of the body goes into author and date."""
    paragraphs = re.split(r"\n\s*\n", draft.body)
    for index, paragraph in enumerate(paragraphs[:3]):
        byline = parse_byline(paragraph.strip("#*_ \n")) if "\n" not in paragraph.strip() else None
        if byline is not None:
            draft.author = draft.author or byline.author
            draft.date = draft.date or byline.date
            draft.removed.append(Removal("byline", BYLINE_REASON, paragraph.strip()))
            draft.body = "\n\n".join(paragraphs[:index] + paragraphs[index + 1 :]).strip() + "\n"
            return


def _guess_if_missing(draft: Draft) -> None:
    if not draft.title:
        draft.title, draft.title_guess = guess_title(draft.body)


def from_html(text: str, media: Media | None = None) -> Draft:
    soup = BeautifulSoup(text, "lxml")
    root = _root(soup)
    meta = page_meta(soup, root)
    if media is not None and meta.base_url and not media.base_url:
        media.base_url = meta.base_url
    removed: list[Removal] = []
    heading = root.find("h1")
    if heading is not None:
        heading.decompose()
    for header in root.find_all("header"):
        header.decompose()
    for element in root.select(BYLINE_SELECTORS):
        if not element.decomposed and parse_byline(element.get_text(" ", strip=True)):
            removed.append(Removal("byline", BYLINE_REASON, element.get_text(" ", strip=True)))
            element.decompose()
    converted = html_to_markdown(
        str(root), media.image if media else None, media.link if media else None
    )
    draft = Draft(meta.title, converted.markdown, "", author=meta.author, date=meta.date)
    draft.removed = removed + converted.removed
    _leading_byline(draft)
    _guess_if_missing(draft)
    return draft


def from_text(text: str) -> Draft:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    lines, removed = _menu_at_top(lines)
    lines, more = strip_lines(lines)
    removed += more
    date, author = None, ""
    found = find_byline(lines)
    if found is not None:
        index, byline = found
        removed.append(Removal("byline", BYLINE_REASON, lines.pop(index).strip()))
        date, author = byline.date, byline.author
    while lines and not lines[0].strip():
        lines.pop(0)
    title = ""
    if lines and is_title_line(lines, 0):
        title = " ".join(lines.pop(0).strip().lstrip("#").split())
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines and re.fullmatch(r"[=\-]{3,}", lines[0].strip()):
            lines.pop(0)
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", rebuild_paragraphs("\n".join(lines))):
        rule = paragraph_rule(paragraph.lstrip("# "))
        if rule is not None:
            removed.append(rule.removal(paragraph))
        elif paragraph.strip():
            paragraphs.append(paragraph.strip())
    draft = Draft(title, "\n\n".join(paragraphs) + "\n", "", author=author, date=date)
    draft.removed = removed
    _guess_if_missing(draft)
    return draft


def from_source(text: str, media: Media | None = None) -> Draft:
    return from_html(text, media) if HTML_HINT.search(text[:5000]) else from_text(text)

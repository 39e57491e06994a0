"""Import one scraped blog page (HTML or plain text) as a draft article.

Finds the title, keeps the text and drops the page around it (menus, cookie banners, share and
comment blocks), rebuilds paragraphs from hard-wrapped text and suggests a summary and tags.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup

from servicekultur.content.slugs import slugify
from servicekultur.content.types import ContentType
from servicekultur.importing.htmlmd import BOILERPLATE_TEXT, html_to_markdown, suggest_summary
from servicekultur.importing.textutil import byline, known_tags, rebuild_paragraphs, suggest_tags
from servicekultur.importing.writer import default_author, format_date, header, write_text_file

MAX_BYTES = 5 * 1024 * 1024
_HTML_HINT = re.compile(r"<(?:!doctype|html|body|article|p|div|h1)\b", re.I)
_TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")
_LINE_NOISE = re.compile(
    r"^\s*(menü|menu|startseite|home|kontakt|impressum|datenschutz|suche|suchen|login|anmelden|"
    r"registrieren|weiterlesen|mehr lesen|nach oben|zurück|teilen|drucken|tags?:|kategorien?:|"
    r"veröffentlicht (am|von)|geschrieben von|posted (on|by)|\d+ kommentare?|akzeptieren|"
    r"alle akzeptieren|einstellungen|cookie)\b.{0,40}$",
    re.IGNORECASE,
)


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
    removed: list[str] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return slugify(self.title)


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


def _clean_title(title: str, site_name: str = "") -> str:
    title = " ".join(title.split())
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) > 1:
        parts = [p for p in parts if p.strip() != site_name] or parts
        title = max(parts, key=len)
    return title.strip()


def from_html(text: str) -> Draft:
    soup = BeautifulSoup(text, "lxml")
    meta = {
        (m.get("property") or m.get("name") or "").lower(): m.get("content") or ""
        for m in soup.find_all("meta")
    }
    root = (
        soup.find("article")
        or soup.find("main")
        or soup.find(class_=re.compile(r"entry-content|post-content|article-body"))
    )
    if root is None:
        blocks = soup.find_all(["div", "section"]) or [soup]
        root = max(
            blocks, key=lambda el: sum(len(p.get_text()) for p in el.find_all("p", recursive=False))
        )
    heading = root.find("h1") or soup.find("h1")
    site_name = meta.get("og:site_name", "")
    title = meta.get("og:title") or (heading.get_text(" ", strip=True) if heading else "")
    if not title and soup.title:
        title = soup.title.get_text(" ", strip=True)
    title = _clean_title(title, site_name)
    if heading is not None and heading in root.descendants:
        heading.decompose()
    for header_el in root.find_all("header"):
        header_el.decompose()
    converted = html_to_markdown(str(root))
    date = None
    raw_date = meta.get("article:published_time") or ""
    time_el = soup.find("time")
    if not raw_date and time_el is not None:
        raw_date = time_el.get("datetime") or ""
    try:
        date = dt.date.fromisoformat(raw_date[:10]) if raw_date else None
    except ValueError:
        date = None
    return Draft(
        title,
        converted.markdown,
        "",
        author=meta.get("author", ""),
        date=date,
        removed=converted.removed,
    )


def from_text(text: str) -> Draft:
    date, author = byline(text[:3000])
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    removed = [line for line in lines if _is_noise(line)]
    lines = [line for line in lines if not _is_noise(line)]
    while lines and not lines[0].strip():
        lines.pop(0)
    title = ""
    if lines:
        title = lines.pop(0).strip().lstrip("# ").strip()
        if lines and re.fullmatch(r"[=\-]{3,}", lines[0].strip()):
            lines.pop(0)
    body = rebuild_paragraphs("\n".join(lines))
    return Draft(_clean_title(title), body, "", author=author, date=date, removed=removed)


def _is_noise(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and (
        bool(_LINE_NOISE.match(stripped))
        or (len(stripped) < 200 and bool(BOILERPLATE_TEXT.match(stripped)))
    )


def import_page(
    source: Path, content: Path, force: bool = False, title: str | None = None
) -> tuple[Path, Draft]:
    """Read ``source``, write a draft article into ``content``; returns its path and the draft."""
    try:
        data = Path(source).read_bytes()
    except OSError as error:
        raise ScrapeError(f"{source}: nicht lesbar ({error.strerror})") from error
    text = decode(data, str(source))
    draft = from_html(text) if _HTML_HINT.search(text[:5000]) else from_text(text)
    if title:
        draft.title = title
    if not draft.title or not draft.slug:
        raise ScrapeError(f"{source}: kein Titel erkannt – bitte mit --title angeben")
    if len(draft.body.split()) < 20:
        raise ScrapeError(f"{source}: kaum Text gefunden ({len(draft.body.split())} Wörter)")
    draft.summary = suggest_summary(draft.body)
    draft.tags = suggest_tags(draft.title, draft.body, known_tags(content))
    target = content / ContentType.ARTICLE.value / f"{draft.slug}.md"
    text = (
        header(
            [
                ("Title", draft.title),
                ("Date", format_date(draft.date)),
                ("Category", "Allgemein"),
                ("Tags", ", ".join(draft.tags)),
                ("Author", draft.author or default_author()),
                ("Summary", draft.summary),
                ("Status", "draft"),
            ]
        )
        + "\n"
        + draft.body
    )
    write_text_file(target, text, force)
    return target, draft

"""Title, author and date of a saved blog page, from what the page says about itself.

In this order: Open Graph and article meta tags (``og:title``, ``article:published_time``,
``author``), JSON-LD (``headline``, ``datePublished``, ``author``), microdata (``itemprop``),
the page's ``<h1>`` and ``<title>``, ``<time datetime>``, and finally a byline element.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from bs4 import BeautifulSoup, Tag

from servicekultur.importing.bylines import parse_byline, parse_date
from servicekultur.importing.titles import clean_title

ARTICLE_TYPES = {"article", "blogposting", "newsarticle", "report", "techarticle", "webpage"}
DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.created",
    "pubdate",
    "publish-date",
    "parsely-pub-date",
)
AUTHOR_SELECTORS = (
    '[itemprop="author"] [itemprop="name"]',
    '[itemprop="author"]',
    '[rel="author"]',
)
BYLINE_SELECTORS = ".byline, .entry-meta, .post-meta, .meta, .author, .posted-on, .entry-date"


@dataclass
class PageMeta:
    title: str = ""
    author: str = ""
    date: dt.date | None = None
    site_name: str = ""
    base_url: str = ""  # where the page was published (for relative image addresses)


def _iso(value: str) -> dt.date | None:
    value = (value or "").strip()
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return parse_date(value)


def _json_ld(soup: BeautifulSoup) -> list[dict]:
    found: list[dict] = []
    for script in soup.find_all("script", type="application/ld+json"):
        try:
            data = json.loads(script.string or script.get_text() or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            node = stack.pop(0)
            if isinstance(node, dict):
                found.append(node)
                stack.extend(node.get("@graph") or [])
            elif isinstance(node, list):
                stack.extend(node)
    return found


def _ld_type(node: dict) -> set[str]:
    kinds = node.get("@type") or []
    return {str(k).lower() for k in (kinds if isinstance(kinds, list) else [kinds])}


def _ld_author(node: dict) -> str:
    author = node.get("author")
    for candidate in author if isinstance(author, list) else [author]:
        if isinstance(candidate, dict) and candidate.get("name"):
            return str(candidate["name"])
        if isinstance(candidate, str) and not candidate.startswith("http"):
            return candidate
    return ""


def _text(tag: Tag | None) -> str:
    return " ".join(tag.get_text(" ", strip=True).split()) if tag is not None else ""


def page_meta(soup: BeautifulSoup, root: Tag) -> PageMeta:
    """What the page says about itself; ``root`` is the element holding the post."""
    meta = {
        (m.get("property") or m.get("name") or m.get("itemprop") or "").lower(): (
            m.get("content") or ""
        ).strip()
        for m in soup.find_all("meta")
    }
    ld = [n for n in _json_ld(soup) if _ld_type(n) & ARTICLE_TYPES]
    article = next((n for n in ld if "webpage" not in _ld_type(n)), ld[0] if ld else {})
    found = PageMeta(site_name=meta.get("og:site_name", ""))
    canonical = soup.find("link", rel="canonical")
    found.base_url = meta.get("og:url") or (canonical.get("href", "") if canonical else "")
    heading = _text(root.find("h1"))
    if heading.casefold() == found.site_name.casefold():
        heading = ""  # the blog's name in the page header, not the post's title
    title = meta.get("og:title") or meta.get("twitter:title") or str(article.get("headline", ""))
    if title:
        found.title = clean_title(title, found.site_name, heading)
    else:
        heading = heading or _text(soup.find("h1"))
        found.title = heading or clean_title(_text(soup.title), found.site_name, page_title=True)
    author = meta.get("author") or meta.get("article:author") or _ld_author(article)
    for selector in AUTHOR_SELECTORS:
        author = author or _text(root.select_one(selector) or soup.select_one(selector))
    found.author = "" if author.startswith(("http://", "https://")) else author
    date_value = next((meta[key] for key in DATE_META if meta.get(key)), "")
    date_value = date_value or str(article.get("datePublished", ""))
    published = root.select_one('[itemprop="datePublished"]') or root.find("time")
    if not date_value and published is not None:
        date_value = published.get("content") or published.get("datetime") or _text(published)
    found.date = _iso(date_value) if date_value else None
    if not (found.author and found.date):
        for element in root.select(BYLINE_SELECTORS)[:5]:
            byline = parse_byline(_text(element))
            if byline is not None:
                found.author = found.author or byline.author
                found.date = found.date or byline.date
    return found

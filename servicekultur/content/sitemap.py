"""sitemap.xml: one entry per public page of the build, ``lastmod`` from the sources.

Public pages are the published texts and pages, the overviews, category pages and the pages
plugins register as listed (case-story facets, feedback). Drafts, hidden pages, redirects,
pagination, tag and author pages, workshop tools, the search shell and 404 are left out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from servicekultur.content.urls import LISTING_URLS, normalize_url

# Overviews of thin pages (one per tag or author) stay out, as the pages they list.
UNLISTED = ("schlagwoerter/", "autoren/")
_LISTING_KINDS = {url: url[:-1] for url in ("artikel/", "fallgeschichten/", "checklisten/")}


@dataclass(frozen=True)
class Entry:
    url: str  # relative to the site root, e.g. "artikel/x/"
    lastmod: dt.date | None = None


def _date(doc) -> dt.date | None:
    value = getattr(doc, "modified", None) or getattr(doc, "date", None)
    return value.date() if isinstance(value, dt.datetime) else None


def _newest(docs) -> dt.date | None:
    return max((d for d in map(_date, docs) if d is not None), default=None)


def sitemap_entries(context: dict, listed_pages: set[str]) -> list[Entry]:
    """Every public page of the build, each once, in a stable order."""
    articles = list(context.get("articles", []))
    entries: dict[str, Entry] = {}

    def add(url: str, lastmod: dt.date | None) -> None:
        entries.setdefault(normalize_url(url), Entry(normalize_url(url), lastmod))

    for doc in [*articles, *context.get("pages", [])]:  # published ones only
        add(doc.url, _date(doc))
    for url in LISTING_URLS:
        if url not in UNLISTED:
            kind = _LISTING_KINDS.get(url)
            members = [a for a in articles if kind is None or getattr(a, "kb_type", "") == kind]
            add(url, _newest(members))
    for category, docs in context.get("categories", []) or []:
        add(category.url, _newest(docs))
    for url in sorted(listed_pages):
        add(url, None)
    return sorted(entries.values(), key=lambda e: e.url)


def sitemap_xml(entries: list[Entry], base_url: str) -> str:
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ]
    for entry in entries:
        lastmod = f"<lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
        lines.append(f"<url><loc>{escape(f'{base_url}/{entry.url}')}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(output: Path, entries: list[Entry], base_url: str) -> Path:
    path = Path(output) / "sitemap.xml"
    path.write_text(sitemap_xml(entries, base_url.rstrip("/")), encoding="utf-8")
    return path

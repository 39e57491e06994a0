"""Resolve internal links and anchors across the whole site; report the ones that lead nowhere."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from servicekultur.content.refs import Reference

_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def ids_in(markup: str) -> set[str]:
    """All ``id`` attributes of an HTML fragment."""
    return set(_ID.findall(markup))


KNOWN_PAGES = "kb_known_pages"
# The overview pages the build always writes (kb_content and Pelican's direct templates).
LISTING_URLS = (
    "",
    "artikel/",
    "fallgeschichten/",
    "checklisten/",
    "glossar/",
    "archiv/",
    "kategorien/",
    "schlagwoerter/",
    "autoren/",
)


def register_pages(context: dict, urls, anchors: set[str] | None = None) -> None:
    """Tell the link check about pages a plugin writes itself (``context`` is Pelican's)."""
    known = context.setdefault(KNOWN_PAGES, {})
    for url in urls:
        known.setdefault(normalize_url(url), set()).update(anchors or set())


def normalize_url(url: str) -> str:
    """``/a/b/index.html`` and ``a/b/`` → ``a/b/``; the site root is ``""``."""
    url = url.lstrip("/")
    if url.endswith("index.html"):
        url = url[: -len("index.html")]
    return url


@dataclass
class SiteIndex:
    """What the build knows exists: pages with their anchors, and source files with their URLs."""

    content_root: Path
    anchors: dict[str, set[str]] = field(default_factory=dict)
    by_source: dict[str, str] = field(default_factory=dict)
    # Anchors every content page has through the theme (e.g. the feedback section).
    template_anchors: frozenset[str] = frozenset()

    def add_page(self, url: str, anchors: set[str], source_path: str | None = None) -> None:
        key = normalize_url(url)
        self.anchors.setdefault(key, set()).update(anchors)
        if source_path:
            self.by_source[source_path] = key

    def check(self, source_path: str, page_url: str, ref: Reference) -> str | None:
        """A German message when ``ref`` (written in ``source_path``) leads nowhere, else None."""
        target = ref.target
        path, _, anchor = target.partition("#")
        if target.startswith(("{static}", "{attach}")):
            return self._check_file(source_path, path.split("}", 1)[1], target)
        if target.startswith("{index}"):
            return None
        if target.startswith("{filename}"):
            rel = path[len("{filename}") :]
            src = (
                rel.lstrip("/")
                if rel.startswith("/")
                else posixpath.normpath(posixpath.join(posixpath.dirname(source_path), rel))
            )
            if src not in self.by_source:
                return f"Link auf „{rel}“: Datei nicht gefunden"
            url = self.by_source[src]
        elif not path:
            url = normalize_url(page_url)
        elif path.startswith("/"):
            url = normalize_url(path)
        else:
            url = normalize_url(
                posixpath.normpath(posixpath.join(page_url, path))
                + ("/" if path.endswith("/") else "")
            )
        if url not in self.anchors:
            return f"Link auf „{target}“: Seite existiert nicht"
        if anchor and anchor not in self.anchors[url] and anchor not in self.template_anchors:
            return f"Link auf „{target}“: Anker „#{anchor}“ existiert nicht"
        return None

    def _check_file(self, source_path: str, rel: str, target: str) -> str | None:
        base = (
            self.content_root
            if rel.startswith("/")
            else (self.content_root / posixpath.dirname(source_path))
        )
        if not (base / rel.lstrip("/")).is_file():
            return f"Datei „{target}“ nicht gefunden"
        return None

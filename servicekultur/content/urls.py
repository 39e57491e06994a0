"""Which URLs the site has, worked out once per build (and by the linter from the sources), and
the link check that resolves internal links and anchors against them."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from servicekultur.content.refs import Reference
from servicekultur.content.slugs import slugify
from servicekultur.contract import TEMPLATE_ANCHORS

_ID = re.compile(r"""\sid=["']([^"']+)["']""")


def ids_in(markup: str) -> set[str]:
    """All ``id`` attributes of an HTML fragment."""
    return set(_ID.findall(markup))


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
    redirects: set[str] = field(default_factory=set)  # redirect pages: valid link targets
    # Anchors every content page has through the theme (e.g. the feedback section).
    template_anchors: frozenset[str] = TEMPLATE_ANCHORS

    @property
    def urls(self) -> set[str]:
        """Every real page of the site (redirect pages excluded)."""
        return set(self.anchors)

    def add_page(self, url: str, anchors: set[str], source_path: str | None = None) -> None:
        key = normalize_url(url)
        self.anchors.setdefault(key, set()).update(anchors)
        if source_path:
            self.by_source[source_path] = key

    def check(self, source_path: str, page_url: str, ref: Reference) -> str | None:
        """A German message when ``ref`` (written in ``source_path``) leads nowhere, else None."""
        target = ref.target
        path, _, anchor = target.partition("#")
        if ref.kind == "image":
            path = path.split("?", 1)[0]
            rel = path.split("}", 1)[1] if path.startswith("{") else path
            return self._check_file(source_path, rel, target, "Bild „{}“ nicht gefunden")
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
            if url in self.redirects and not anchor:
                return None
            return f"Link auf „{target}“: Seite existiert nicht"
        if anchor and anchor not in self.anchors[url] and anchor not in self.template_anchors:
            return f"Link auf „{target}“: Anker „#{anchor}“ existiert nicht"
        return None

    def _check_file(
        self, source_path: str, rel: str, target: str, message: str = "Datei „{}“ nicht gefunden"
    ) -> str | None:
        base = (
            self.content_root
            if rel.startswith("/")
            else (self.content_root / posixpath.dirname(source_path))
        )
        if not (base / rel.lstrip("/")).is_file():
            return message.format(target)
        return None


def facet_url(label: str, value: str) -> str:
    """The page of one case-story facet value: ``fallgeschichten/branche/energie/``."""
    return f"fallgeschichten/{label}/{slugify(value)}/"


@dataclass(frozen=True)
class PageFacts:
    """What the site index needs of one document."""

    url: str
    anchors: set[str]
    source: str | None = None


def site_index(
    content_root: Path,
    documents,
    glossary: list[tuple[str, str]],
    listing_urls=(),
    registered: dict[str, set[str]] | None = None,
    redirects=(),
) -> SiteIndex:
    """Every URL the build writes, with its anchors: documents (:class:`PageFacts`), the glossary
    (``(slug, source)`` pairs), overviews and taxonomies, pages plugins register, redirects."""
    index = SiteIndex(content_root=Path(content_root))
    for doc in documents:
        index.add_page(doc.url, doc.anchors, doc.source)
    index.add_page("glossar/", {slug for slug, _ in glossary})
    for _, source in glossary:
        index.by_source[source] = "glossar/"
    for url in (*LISTING_URLS, *listing_urls):
        index.add_page(url, set())
    for url, anchors in (registered or {}).items():
        index.add_page(url, anchors)
    index.redirects = {normalize_url(url) for url in redirects}
    return index

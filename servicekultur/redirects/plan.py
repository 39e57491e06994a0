"""All redirect pages of one build: collected from aliases, short links and the imported URL
map, checked once against the site's real URLs, written by one writer after every real page."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from servicekultur.content.diagnostics import ContentIssue
from servicekultur.redirects.aliases import Redirect
from servicekultur.redirects.mapfile import normalize_old_path
from servicekultur.redirects.pages import is_redirect_page, redirect_page
from servicekultur.redirects.shortlinks import ShortLinks

logger = logging.getLogger(__name__)


@dataclass
class RedirectPlan:
    """``source`` → ``target`` for every old URL the build keeps alive."""

    redirects: list[Redirect] = field(default_factory=list)

    @property
    def sources(self) -> set[str]:
        return {redirect.source for redirect in self.redirects}

    def add(self, redirect: Redirect) -> None:
        self.redirects.append(redirect)

    def add_map(self, mapping: dict[str, str], origin: str, text: str = "") -> list[ContentIssue]:
        """Entries of the imported map (``redirects.json``); ``text`` finds their lines."""
        issues = []
        for old, new in mapping.items():
            line = _line_of(text, f'"{old}"')
            source = normalize_old_path(old)
            if source is None:
                message = f"Weiterleitung „{old}“: nur Pfade ohne ?/# möglich, übersprungen"
                issues.append(ContentIssue(origin, line, message, "hint", "redirect"))
                continue
            self.add(Redirect(source, new.lstrip("/"), origin, line, "", kind="import"))
        return issues

    def add_short_links(self, registry: ShortLinks, targets: dict[str, tuple[str, str]]) -> None:
        """``/c/<code>`` for every registered key that still has a target."""
        by_key = registry.by_key  # built once: it is a new dict on every access
        for key, (url, title) in targets.items():
            code = by_key.get(key)
            if code is not None:
                self.add(Redirect(f"c/{code}/", url, registry.path, 0, title, kind="short"))

    def check(self, site_urls: set[str]) -> list[ContentIssue]:
        """The one collision check: an old URL must not shadow a real page, nor another old URL
        pointing elsewhere. Colliding entries are dropped (imported ones only with a hint)."""
        issues: list[ContentIssue] = []
        seen: dict[str, Redirect] = {}
        kept: list[Redirect] = []
        for redirect in self.redirects:
            problem = None
            other = seen.get(redirect.source)
            if redirect.source in site_urls or redirect.source.rstrip("/") == redirect.target.split(
                "#"
            )[0].rstrip("/"):
                problem = f"„/{redirect.source}“ kollidiert mit einer bestehenden Seite"
            elif other is not None and other.target != redirect.target:
                problem = f"„/{redirect.source}“ ist schon vergeben ({other.origin}:{other.line})"
            if problem:
                severity = "hint" if redirect.kind == "import" else "error"
                label = "Weiterleitung" if redirect.kind == "import" else "Alias"
                issues.append(
                    ContentIssue(
                        redirect.origin, redirect.line, f"{label} {problem}", severity, "alias"
                    )
                )
                continue
            if other is None:
                seen[redirect.source] = redirect
                kept.append(redirect)
        self.redirects = kept
        return issues

    def write(self, output: Path, siteurl: str, since: float = 0.0) -> int:
        """One static page per old URL; a page this build wrote (since ``since``, a time stamp)
        is never replaced, a leftover of an earlier build is. Returns the pages written."""
        written = 0
        for redirect in self.redirects:
            path = redirect.source
            target = output / (path + "index.html" if path.endswith("/") else path)
            if _written_since(target, since) and not is_redirect_page(
                target.read_text(encoding="utf-8", errors="replace")
            ):
                logger.warning("Weiterleitung /%s: dort liegt eine Seite, übersprungen", path)
                continue
            url = redirect.target
            if not url.startswith(("http://", "https://")):
                url = f"{siteurl}/{url.lstrip('/')}"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(redirect_page(url, redirect.title, siteurl), encoding="utf-8")
            written += 1
        return written


def _written_since(path: Path, since: float) -> bool:
    try:
        return path.stat().st_mtime >= since
    except OSError:
        return False


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 0

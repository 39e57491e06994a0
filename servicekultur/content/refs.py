"""References written in a body: ``[[checkliste#punkt]]`` cross-references and Markdown links."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from servicekultur.content.text import strip_tags

CROSSREF = re.compile(r"\[\[(?P<slug>[a-z0-9][a-z0-9-]*)(?:#(?P<anchor>[a-z0-9][a-z0-9-]*))?\]\]")
_INLINE_LINK = re.compile(r"\]\(\s*<?(?P<target>[^)\s>]+)")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<target>\S+?)>?(?:\s|$)")
_HTML_HREF = re.compile(r"""<a\s[^>]*href=["'](?P<target>[^"']+)["']""", re.I)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass(frozen=True)
class Reference:
    """A link target as written, with the line it is on."""

    target: str
    line: int


def find_crossrefs(body: str, first_line: int) -> list[Reference]:
    """All ``[[slug]]`` / ``[[slug#item]]`` references with their file lines."""
    return [
        Reference(m.group(0)[2:-2], first_line + body.count("\n", 0, m.start()))
        for m in CROSSREF.finditer(body)
    ]


def find_links(body: str, first_line: int) -> list[Reference]:
    """Internal link targets (Markdown, reference definitions, raw ``<a href>``) with lines."""
    found: list[Reference] = []
    in_code = False
    for offset, raw in enumerate(body.split("\n")):
        if raw.lstrip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        targets = [m["target"] for m in _INLINE_LINK.finditer(raw)]
        targets += [m["target"] for m in _HTML_HREF.finditer(raw)]
        ref = _REF_DEF.match(raw)
        if ref:
            targets.append(ref["target"])
        for target in targets:
            if is_internal(target):
                found.append(Reference(target, first_line + offset))
    return found


def is_internal(target: str) -> bool:
    """Whether a link points into this site (not http:, mailto:, tel: …)."""
    if target.startswith(("{filename}", "{static}", "{attach}", "{index}")):
        return True
    if target.startswith(("{", "#")):
        return target.startswith("#")
    return not _EXTERNAL.match(target)


def crossref_resolver(
    by_slug: dict, siteurl: str
) -> Callable[[str, str | None], tuple[str, str] | None]:
    """``[[slug#item]]`` → (url, link text) over the site's documents (Pelican content objects
    or anything with ``url``, ``title`` and an optional ``checklist``)."""

    def resolve(slug: str, anchor: str | None) -> tuple[str, str] | None:
        target = by_slug.get(slug)
        if target is None:
            return None
        if not anchor:
            return f"{siteurl}/{target.url}", target.title
        checklist = getattr(target, "checklist", None)
        item = checklist.item(anchor) if checklist else None
        title = item.text_html if item else html.escape(strip_tags(target.title))
        return f"{siteurl}/{target.url}#{anchor}", title

    return resolve


def replace_crossrefs(
    markup: str, resolve: Callable[[str, str | None], tuple[str, str] | None]
) -> str:
    """Turn ``[[slug#item]]`` in rendered HTML into links; ``resolve`` gives (url, title)."""

    def substitute(match: re.Match[str]) -> str:
        target = resolve(match["slug"], match["anchor"])
        if target is None:
            return match.group(0)
        url, title = target
        return f'<a class="kb-ref" href="{html.escape(url)}">{title}</a>'

    return CROSSREF.sub(substitute, markup)

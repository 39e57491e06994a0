"""References written in a body: ``[[checkliste#punkt]]`` cross-references and Markdown links.

Links are found line by line the way Python-Markdown reads them: a link's text is a bracket pair,
footnotes (``[^1]``, ``[^1]: …``) are no links, nor is anything in code (fenced blocks, code
spans), escaped, or inside a raw HTML block — where only HTML tags (``<a href>``, ``<img src>``)
count. Images are references of their own kind: a missing file, not a missing page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from servicekultur.content.text import strip_tags

CROSSREF = re.compile(r"\[\[(?P<slug>[a-z0-9][a-z0-9-]*)(?:#(?P<anchor>[a-z0-9][a-z0-9-]*))?\]\]")
_ESCAPED = re.compile(r"\\.")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_IMAGE = re.compile(r"!\[[^\[\]]*\]\(\s*<?(?P<target>[^)\s>]+)")
_INLINE_LINK = re.compile(r"\[(?!\^)(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?(?P<target>[^)\s>]+)")
_REF_DEF = re.compile(r"^ {0,3}\[(?!\^)[^\]]+\]:[ \t]*<?(?P<target>[^\s>]+)>?(?:\s|$)")
_HTML_HREF = re.compile(r"""<a\s[^>]*href=["'](?P<target>[^"']+)["']""", re.I)
_HTML_SRC = re.compile(r"""<img\s[^>]*src=["'](?P<target>[^"']+)["']""", re.I)
_HTML_BLOCK = re.compile(r"^<(?:div|table|p|pre|section|figure|[uod]l|blockquote|h[1-6])\b", re.I)
_FENCE = re.compile(r"^\s*(```|~~~)")
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


@dataclass(frozen=True)
class Reference:
    """A link target as written, with the line it is on; ``kind`` is ``link`` or ``image``."""

    target: str
    line: int
    kind: str = "link"


def find_crossrefs(body: str, first_line: int) -> list[Reference]:
    """All ``[[slug]]`` / ``[[slug#item]]`` references with their file lines."""
    return [
        Reference(m.group(0)[2:-2], first_line + body.count("\n", 0, m.start()))
        for m in CROSSREF.finditer(body)
    ]


def _blank(match: re.Match) -> str:
    return " " * len(match.group(0))


def _line_targets(raw: str, in_html: bool) -> list[tuple[str, str]]:
    """``(target, kind)`` of what Python-Markdown makes a link or an image on one line."""
    found = [(m["target"], "link") for m in _HTML_HREF.finditer(raw)]
    found += [(m["target"], "image") for m in _HTML_SRC.finditer(raw)]
    if in_html:
        return found
    text = _CODE_SPAN.sub(_blank, _ESCAPED.sub("  ", raw))
    found += [(m["target"], "image") for m in _IMAGE.finditer(text)]
    text = _IMAGE.sub(lambda m: "x" * len(m.group(0)), text)  # an image inside a link's text
    found += [(m["target"], "link") for m in _INLINE_LINK.finditer(text)]
    if ref := _REF_DEF.match(text):
        found.append((ref["target"], "link"))
    return found


def find_links(body: str, first_line: int) -> list[Reference]:
    """Internal link and image targets (Markdown, reference definitions, raw HTML) with lines."""
    found: list[Reference] = []
    in_code = in_html = False
    previous_blank = True
    for offset, raw in enumerate(body.split("\n")):
        if _FENCE.match(raw):
            in_code = not in_code
            continue
        blank = not raw.strip()
        if in_code or blank:
            in_html = in_html and not blank
            previous_blank = blank
            continue
        in_html = in_html or (previous_blank and bool(_HTML_BLOCK.match(raw)))
        previous_blank = False
        for target, kind in _line_targets(raw, in_html):
            if is_internal(target):
                found.append(Reference(target, first_line + offset, kind))
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

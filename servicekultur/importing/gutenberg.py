"""WordPress blocks → plain HTML that converts well to Markdown.

Text blocks (paragraphs, headings, lists, quotes, tables, code, images, media and text) keep
their HTML; layout blocks (columns, groups, rows, covers) give up their wrappers; buttons, files,
audio, video and embeds become links; galleries a sequence of images; separators a rule.
Dynamic blocks that WordPress fills at page view (latest posts, search, navigation, query loops…)
have nothing to import and are listed as removed; blocks we do not know keep their inner HTML
and are named, so the author can look at them.
"""

from __future__ import annotations

import html as htmllib
import json
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from servicekultur.importing.blocks import FREEFORM, Block, parse_blocks
from servicekultur.importing.htmlmd import KEEP_BREAKS
from servicekultur.importing.urls import parse_url

# Blocks whose HTML is used as it is (children rendered in place).
TEXT_BLOCKS = {
    "paragraph", "heading", "list", "list-item", "quote", "pullquote", "table", "code",
    "preformatted", "html", "image", "media-text", "columns", "column", "group", "row", "stack",
    "buttons", "separator", "shortcode", "missing", "freeform",
}  # fmt: skip
SILENT = {"spacer", "more", "nextpage"}  # layout only: nothing to keep, nothing to report
DYNAMIC_PREFIXES = (
    "query", "post-", "comment", "site-", "navigation", "template-part", "loginout", "search",
    "archives", "calendar", "categories", "latest-", "page-list", "rss", "tag-cloud", "avatar",
    "read-more", "term-description", "home-link", "social-link", "pattern", "widget",
)  # fmt: skip
PROVIDERS = {
    "youtube": "YouTube", "vimeo": "Vimeo", "twitter": "Twitter", "facebook": "Facebook",
    "instagram": "Instagram", "wordpress-tv": "WordPress.tv", "spotify": "Spotify",
    "soundcloud": "SoundCloud", "flickr": "Flickr", "slideshare": "SlideShare",
}  # fmt: skip
DYNAMIC_REASON = "dynamischer WordPress-Block (wird erst in WordPress gefüllt)"


@dataclass
class Rendered:
    html: str
    removed: list[tuple[str, str]] = field(default_factory=list)  # (reason, block name)
    unknown: list[str] = field(default_factory=list)  # block names kept as HTML


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _link(url: str, text: str) -> str:
    return f'<p><a href="{htmllib.escape(url)}">{htmllib.escape(text)}</a></p>\n'


def _caption(html: str) -> str:
    caption = _soup(html).find("figcaption")
    return caption.get_text(" ", strip=True) if caption else ""


class _Renderer:
    def __init__(self, meta: dict[str, str], reusable: dict[str, str], autop) -> None:
        self.meta, self.reusable, self.autop = meta, reusable, autop
        self.out = Rendered("")
        self.depth = 0

    def render(self, block: Block) -> str:
        name = block.short_name
        if name == "freeform" and block.name == FREEFORM:
            return self.autop(block.inner_html)
        if name in SILENT:
            return ""
        if name.startswith(DYNAMIC_PREFIXES) or (
            name not in TEXT_BLOCKS and not block.content and name not in _SPECIAL
        ):
            self.out.removed.append((DYNAMIC_REASON, f"wp:{name}"))
            return ""
        special = _SPECIAL.get(name) or (_embed if block.name.startswith("core-embed/") else None)
        if special is not None:
            return special(self, block)
        if name not in TEXT_BLOCKS:
            self.out.unknown.append(f"wp:{name}")
        return self.inner(block)

    def inner(self, block: Block) -> str:
        return "".join(p if isinstance(p, str) else self.render(p) for p in block.content)


def _embed(r: _Renderer, block: Block) -> str:
    url = block.attrs.get("url") or _soup(block.inner_html).get_text(" ", strip=True)
    if not url.startswith(("http://", "https://")):
        r.out.unknown.append(f"wp:{block.short_name}")
        return r.inner(block)
    slug = block.attrs.get("providerNameSlug") or block.name.rpartition("/")[2]
    provider = PROVIDERS.get(slug) or (slug.title() if slug != "embed" else parse_url(url).netloc)
    return _link(url, f"{provider}: {_caption(block.inner_html) or url}")


def _file(r: _Renderer, block: Block) -> str:
    link = _soup(block.inner_html).find("a", href=True)
    href = block.attrs.get("href") or (link["href"] if link else "")
    if not href:
        return ""
    text = link.get_text(" ", strip=True) if link else ""
    return _link(href, text or parse_url(href).path.rpartition("/")[2])


def _media(kind: str, label: str):
    def convert(r: _Renderer, block: Block) -> str:
        element = _soup(block.inner_html).find(kind)
        source = element.find("source") if element is not None else None
        src = (element.get("src") if element is not None else "") or (
            source.get("src") if source is not None else ""
        )
        if not src:
            r.out.removed.append((DYNAMIC_REASON, f"wp:{block.short_name}"))
            return ""
        caption = _caption(block.inner_html) or parse_url(src).path.rpartition("/")[2]
        return _link(src, f"{label}: {caption}")

    return convert


def _button(r: _Renderer, block: Block) -> str:
    link = _soup(block.inner_html).find("a")
    if link is None or not link.get_text(strip=True):
        return ""
    href = link.get("href") or ""
    if not href or href == "#":
        return f"<p>{htmllib.escape(link.get_text(' ', strip=True))}</p>\n"
    return _link(href, link.get_text(" ", strip=True))


def _cover(r: _Renderer, block: Block) -> str:
    soup = _soup(r.inner(block))
    backgrounds = ".wp-block-cover__image-background, .wp-block-cover__video-background"
    for media in soup.select(backgrounds):
        source = media.get("src") or block.attrs.get("url") or f"<{media.name}>"
        r.out.removed.append(("Hintergrundbild eines Cover-Blocks", source))
        media.decompose()
    for dim in soup.select(".wp-block-cover__background"):
        dim.decompose()
    return str(soup)


def _gallery(r: _Renderer, block: Block) -> str:
    """Images one after the other (older galleries wrap them in a list)."""
    soup = _soup(r.inner(block))
    for wrapper in soup.select("ul, ol, li"):
        wrapper.unwrap()
    return str(soup)


def _verse(r: _Renderer, block: Block) -> str:
    soup = _soup(r.inner(block))
    text = soup.get_text()
    lines = [htmllib.escape(line.strip()) for line in text.strip("\n").split("\n")]
    return f'<p class="{KEEP_BREAKS}">' + "<br>".join(lines) + "</p>\n"


def _details(r: _Renderer, block: Block) -> str:
    soup = _soup(r.inner(block))
    summary = soup.find("summary")
    if summary is not None:
        summary.name = "strong"
        summary.wrap(soup.new_tag("p"))
    details = soup.find("details")
    if details is not None:
        details.unwrap()
    return str(soup)


def _footnotes(r: _Renderer, block: Block) -> str:
    try:
        notes = json.loads(r.meta.get("footnotes") or "[]")
    except ValueError:
        notes = []
    items = [f"<li>{n.get('content', '')}</li>" for n in notes if isinstance(n, dict)]
    return f"<ol>{''.join(items)}</ol>\n" if items else ""


def _reusable(r: _Renderer, block: Block) -> str:
    ref = str(block.attrs.get("ref", ""))
    if ref not in r.reusable or r.depth > 3:
        r.out.removed.append(("wiederverwendbarer Block nicht im Export", f"wp:block {ref}"))
        return ""
    r.depth += 1
    try:
        return "".join(r.render(child) for child in parse_blocks(r.reusable[ref]))
    finally:
        r.depth -= 1


_SPECIAL = {
    "embed": _embed,
    "gallery": _gallery,
    "file": _file,
    "audio": _media("audio", "Audio"),
    "video": _media("video", "Video"),
    "button": _button,
    "cover": _cover,
    "verse": _verse,
    "details": _details,
    "footnotes": _footnotes,
    "block": _reusable,
}


def render_blocks(
    html: str,
    meta: dict[str, str] | None = None,
    reusable: dict[str, str] | None = None,
    autop=lambda text: text,
) -> Rendered:
    """Plain HTML of a post in block markup; ``autop`` formats classic parts between blocks."""
    renderer = _Renderer(meta or {}, reusable or {}, autop)
    renderer.out.html = "".join(renderer.render(block) for block in parse_blocks(html))
    if "data-fn" in renderer.out.html:  # footnote marks: the number stays, the anchor link goes
        soup = _soup(renderer.out.html)
        for link in soup.select("sup[data-fn] a"):
            link.unwrap()
        renderer.out.html = str(soup)
    return renderer.out

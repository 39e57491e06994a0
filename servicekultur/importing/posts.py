"""One WordPress post or page → Markdown with front matter.

Block markup is rendered to plain HTML first (``gutenberg``), classic shortcodes expanded
(``classic``); then Pelican's own ``decode_wp_content`` (WordPress' ``wpautop``: blank lines
become paragraphs, ``[caption]`` becomes a figure) and our cleaning and markdownify.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pelican.tools.pelican_import import decode_wp_content

from servicekultur.content.types import ContentType
from servicekultur.importing.blocks import has_blocks
from servicekultur.importing.boilerplate import Removal
from servicekultur.importing.classic import expand_shortcodes
from servicekultur.importing.fetch import Fetcher
from servicekultur.importing.gutenberg import render_blocks
from servicekultur.importing.htmlmd import html_to_markdown, plain_text, suggest_summary
from servicekultur.importing.media import Media, uploads_rest
from servicekultur.importing.titles import GUESSED_NOTE, guess_title
from servicekultur.importing.urls import parse_url
from servicekultur.importing.writer import default_author, format_date, header
from servicekultur.importing.wxr import WxrExport, WxrItem, new_url

UNCATEGORIZED = {"uncategorized", "allgemein", "unkategorisiert", "ohne kategorie"}
DEFAULT_CATEGORY = "Allgemein"


@dataclass
class Post:
    markdown: str  # front matter, blank line, body
    title_guess: str = ""
    removed: list[Removal] = field(default_factory=list)
    unknown_blocks: list[str] = field(default_factory=list)


def export_media(export: WxrExport, content: Path, fetcher: Fetcher, enabled: bool) -> Media:
    """The media of an export: alt texts from its attachments, its own hosts for file links."""
    alts, hosts = {}, {parse_url(export.base_url).netloc}
    for item in export.items:
        if item.post_type == "attachment" and item.attachment_url:
            alt = item.meta.get("_wp_attachment_image_alt") or ""
            alts[uploads_rest(item.attachment_url) or item.attachment_url] = alt
            hosts.add(parse_url(item.attachment_url).netloc)
    hosts.discard("")
    return Media(content, fetcher, enabled, export.base_url, hosts, alts)


def link_rewriter(export: WxrExport) -> Callable[[str], str]:
    """Links between imported posts point to their new URLs."""
    by_link = {}
    for item in export.items:
        if item.post_type in ("post", "page") and item.link:
            by_link[item.link.rstrip("/")] = new_url(item)
            by_link[f"{export.base_url.rstrip('/')}/?p={item.post_id}"] = new_url(item)

    def rewrite(markdown: str) -> str:
        def replace(match: re.Match[str]) -> str:
            target = match[1]
            return f"]({by_link.get(target.rstrip('/'), target)}"

        return re.sub(r"\]\((https?://[^)\s]+)", replace, markdown)

    return rewrite


def target_path(item: WxrItem, content: Path) -> Path:
    folder = ContentType.PAGE if item.post_type == "page" else ContentType.ARTICLE
    return content / folder.value / f"{item.slug}.md"


def _front_matter(item: WxrItem, export: WxrExport, title: str, body: str) -> str:
    summary = plain_text(item.excerpt) if item.excerpt else ""
    summary = suggest_summary(summary or body)
    draft = item.status != "publish"
    if item.post_type == "page":
        fields = [("Title", title), ("Slug", item.slug), ("Summary", summary)]
        if draft:
            fields.append(("Status", "draft"))
        return header(fields)
    categories = [c for c in item.categories if c.casefold() not in UNCATEGORIZED]
    category = categories[0] if categories else DEFAULT_CATEGORY
    tags = list(dict.fromkeys([*categories[1:], *item.tags]))
    return header(
        [
            ("Title", title),
            ("Date", format_date(item.date)),
            ("Category", category),
            ("Tags", ", ".join(tags)),
            ("Author", export.author_name(item.creator) or default_author()),
            ("Summary", summary),
            ("Status", "draft" if draft else ""),
        ]
    )


def convert_post(
    item: WxrItem,
    export: WxrExport,
    media: Media,
    rewrite_links: Callable[[str], str],
    reusable: dict[str, str],
) -> Post:
    """The Markdown file of ``item``, with what the report should say about it."""
    html, removed, unknown = item.content, [], []
    if has_blocks(html):
        rendered = render_blocks(html, item.meta, reusable)
        html, unknown = rendered.html, rendered.unknown
        removed = [Removal("block", reason, name) for reason, name in rendered.removed]
    html = decode_wp_content(expand_shortcodes(html, item, export))
    converted = html_to_markdown(html, media.image, media.link)
    body = rewrite_links(converted.markdown)
    title, how = item.title, ""
    if not title:
        title, how = guess_title(body)
        title, how = title or f"Ohne Titel ({item.post_id})", how or "Ersatztitel"
    front = _front_matter(item, export, title, body)
    if how:
        body = GUESSED_NOTE.format(how=how) + "\n\n" + body
    return Post(front + "\n" + body, how, removed + converted.removed, unknown)

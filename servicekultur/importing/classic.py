"""Shortcodes and auto-embeds of classic WordPress posts → plain HTML.

``[gallery]`` becomes the gallery's images (from ``ids=…`` or the post's attached images),
``[audio]``, ``[video]`` and ``[embed]`` become links, and a URL alone on its line (which
WordPress shows as an embedded video or post) becomes a link. ``[caption]`` is left to
Pelican's ``decode_wp_content``.
"""

from __future__ import annotations

import html as htmllib
import re
import shlex

from servicekultur.importing.urls import parse_url
from servicekultur.importing.wxr import WxrExport, WxrItem

_GALLERY = re.compile(r"\[gallery(?P<attrs>[^\]]*)\]", re.I)
_MEDIA = re.compile(r"\[(?P<kind>audio|video)(?P<attrs>[^\]]*)\](?:\s*\[/(?:audio|video)\])?", re.I)
_EMBED = re.compile(r"\[embed[^\]]*\]\s*(?P<url>https?://[^\s\[]+)\s*\[/embed\]", re.I)
_BARE_URL = re.compile(r"^[ \t]*(?P<url>https?://[^\s<>\"]+)[ \t]*$", re.M)
_PRE = re.compile(r"(<pre\b.*?</pre>)", re.S | re.I)
_MEDIA_SUFFIXES = (".mp3", ".m4a", ".ogg", ".wav", ".mp4", ".m4v", ".mov", ".webm", ".ogv")


def _shortcode_attrs(text: str) -> dict[str, str]:
    try:
        parts = shlex.split(text.strip())
    except ValueError:
        parts = text.split()
    attrs = {}
    for part in parts:
        key, sep, value = part.partition("=")
        attrs[key.lower() if sep else ""] = value if sep else key
    return attrs


def _link(url: str, text: str) -> str:
    return f'\n<p><a href="{htmllib.escape(url)}">{htmllib.escape(text)}</a></p>\n'


_HOSTS = {
    "youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "vimeo.com": "Vimeo",
    "twitter.com": "Twitter",
    "x.com": "X",
    "facebook.com": "Facebook",
    "instagram.com": "Instagram",
    "wordpress.tv": "WordPress.tv",
}


def _embed_link(url: str) -> str:
    """A URL WordPress would embed (video, post) → a link saying where it leads."""
    host = parse_url(url).netloc.lower().removeprefix("www.").removeprefix("m.")
    provider = _HOSTS.get(host)
    return _link(url, f"{provider}: {url}" if provider else url)


def _file_name(url: str) -> str:
    return parse_url(url).path.rpartition("/")[2] or url


def _gallery(match: re.Match[str], item: WxrItem, export: WxrExport) -> str:
    attrs = _shortcode_attrs(match["attrs"])
    by_id = {i.post_id: i for i in export.items if i.post_type == "attachment"}
    if attrs.get("ids"):
        chosen = [by_id[i.strip()] for i in attrs["ids"].split(",") if i.strip() in by_id]
    else:
        chosen = [a for a in by_id.values() if a.parent == item.post_id]
    figures = []
    for attachment in chosen:
        if not attachment.attachment_url:
            continue
        alt = attachment.meta.get("_wp_attachment_image_alt", "")
        caption = attachment.excerpt.strip()
        figures.append(
            f'<figure><img src="{htmllib.escape(attachment.attachment_url)}" '
            f'alt="{htmllib.escape(alt)}">'
            + (f"<figcaption>{htmllib.escape(caption)}</figcaption>" if caption else "")
            + "</figure>"
        )
    return "\n" + "\n".join(figures) + "\n"


def _media(match: re.Match[str], item: WxrItem, export: WxrExport) -> str:
    attrs = _shortcode_attrs(match["attrs"])
    kind = match["kind"].lower()
    url = (
        attrs.get("src")
        or attrs.get("")
        or next(
            (v for k, v in attrs.items() if k in {"mp3", "mp4", "m4a", "ogg", "wav", "webm"}), ""
        )
    )
    if not url:  # [audio] without a source plays the post's attached files
        url = next(
            (
                a.attachment_url
                for a in export.items
                if a.post_type == "attachment"
                and a.parent == item.post_id
                and a.attachment_url.lower().endswith(_MEDIA_SUFFIXES)
            ),
            "",
        )
    if not url:
        return ""
    return _link(url, f"{'Audio' if kind == 'audio' else 'Video'}: {_file_name(url)}")


def expand_shortcodes(content: str, item: WxrItem, export: WxrExport) -> str:
    """``content`` with galleries, media shortcodes and auto-embeds as plain HTML."""
    content = _GALLERY.sub(lambda m: _gallery(m, item, export), content)
    content = _MEDIA.sub(lambda m: _media(m, item, export), content)
    content = _EMBED.sub(lambda m: _embed_link(m["url"]), content)
    parts = _PRE.split(content)  # a URL alone on a line of code stays code
    for index in range(0, len(parts), 2):
        parts[index] = _BARE_URL.sub(lambda m: _embed_link(m["url"]), parts[index])
    return "".join(parts)

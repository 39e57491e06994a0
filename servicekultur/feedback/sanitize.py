"""Reader text → safe HTML: a small Markdown subset, raw HTML escaped, the result cleaned by nh3."""

from __future__ import annotations

import html
import re
import threading
from urllib.parse import urlsplit

import nh3

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "code", "ul", "ol", "li", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

_local = threading.local()  # a Markdown object is not safe to share between threads


def _markdown():
    """This thread's Markdown converter (made on first use: the service starts without it)."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        import markdown

        converter = markdown.Markdown(extensions=["nl2br", "sane_lists"], output_format="html")
        _local.markdown = converter
    return converter


def clean_html(fragment: str) -> str:
    """Whatever HTML comes in, only the allowed tags and safe links come out."""
    return nh3.clean(
        fragment,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc noopener",
        strip_comments=True,
    )


def render_markdown(text: str) -> str:
    """Markdown subset (paragraphs, emphasis, links, lists, quotes, code) → sanitised HTML.

    Raw HTML typed by the reader is shown as text, never interpreted.
    """
    escaped = html.escape(text, quote=False)
    converter = _markdown()
    converter.reset()
    return clean_html(converter.convert(escaped)).strip()


def plain_text(value: str) -> str:
    """Drop control characters except newlines and tabs; normalise line ends."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


LINK_SCHEMES = {"http", "https"}
_UNSAFE_IN_LINK = re.compile(r"[\x00-\x20\x7f\\]")


def safe_link(url: str, max_length: int = 500) -> str:
    """``url`` if it is an http(s) address or a path of this site, else "" (never
    ``javascript:``, ``data:``, ``//other.host`` or anything a browser might read as such)."""
    url = (url or "").strip()
    if not url or len(url) > max_length or _UNSAFE_IN_LINK.search(url):
        return ""
    if url.startswith("/"):
        return "" if url.startswith("//") else url
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else ""

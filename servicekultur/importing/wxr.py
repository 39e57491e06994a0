"""Reading a WordPress export (WXR): safely, with clear errors, into plain Python objects.

lxml parses with entity expansion, DTD loading and network access switched off and the huge-tree
limits on; a document type declaration is refused outright (no entity tricks). Element names are
matched by namespace family, so WXR 1.0, 1.1 and 1.2 all read the same.
"""

from __future__ import annotations

import codecs
import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from servicekultur.importing.htmlmd import plain_text
from servicekultur.importing.titles import short_slug
from servicekultur.importing.urls import parse_url

logger = logging.getLogger(__name__)

MAX_BYTES = 100 * 1024 * 1024
_CONTENT_NS = "purl.org/rss/1.0/modules/content"
_EXCERPT_NS = "/excerpt/"
_WP_NS = "wordpress.org/export/"
_DC_NS = "purl.org/dc/elements"
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


class WxrError(ValueError):
    """The file is not a WordPress export we can read; the message says why, in German."""


@dataclass
class WxrComment:
    id: str
    author: str
    email: str
    date: dt.datetime | None  # aware (UTC) when the export has comment_date_gmt
    text: str
    approved: bool
    parent: str | None
    kind: str = ""
    user_id: str = ""  # set when a registered blog user wrote it


@dataclass
class WxrItem:
    post_id: str
    title: str
    link: str
    slug: str
    post_type: str
    status: str
    date: dt.datetime | None
    creator: str
    content: str
    excerpt: str
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    comments: list[WxrComment] = field(default_factory=list)
    attachment_url: str = ""
    meta: dict[str, str] = field(default_factory=dict)
    line: int = 0
    parent: str = ""  # the post an attachment belongs to (wp:post_parent)

    @property
    def old_path(self) -> str | None:
        """The path a redirect can answer (None for ``/?p=12`` links and the site root)."""
        parsed = parse_url(self.link)
        if parsed.query or parsed.path in ("", "/"):
            return None
        return parsed.path


@dataclass
class WxrExport:
    title: str
    base_url: str
    authors: dict[str, str]  # login → display name
    items: list[WxrItem]
    author_emails: set[str] = field(default_factory=set)  # casefolded

    def author_name(self, login: str) -> str:
        return self.authors.get(login) or login


def _local(el) -> tuple[str, str]:
    qname = etree.QName(el)
    return qname.namespace or "", qname.localname


def _find(el, name: str, ns: str | None = None):
    for child in el:
        if not isinstance(child.tag, str):
            continue
        namespace, local = _local(child)
        if local == name and (ns is None or ns in namespace):
            return child
    return None


def _text(el, name: str, ns: str | None = None) -> str:
    child = _find(el, name, ns)
    return (child.text or "").strip() if child is not None else ""


def _date(value: str) -> dt.datetime | None:
    if not value or value.startswith("0000"):
        return None
    try:
        return dt.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None


def parse_bytes(data: bytes, name: str = "WXR-Datei", max_bytes: int = MAX_BYTES) -> WxrExport:
    """Parse a WXR export from bytes; raises ``WxrError`` with a German message."""
    if len(data) > max_bytes:
        raise WxrError(
            f"{name} ist zu groß ({len(data) / 1048576:.0f} MiB, höchstens "
            f"{max_bytes / 1048576:.0f} MiB) – bitte in kleineren Teilen exportieren"
        )
    declared = _ENCODING.match(data.lstrip()[:200])
    if declared:
        encoding = declared.group(1).decode("ascii")
        try:
            codecs.lookup(encoding)
        except LookupError as error:
            raise WxrError(f"{name}: unbekannte Zeichenkodierung „{encoding}“") from error
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_pis=True,
        strip_cdata=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        line = error.lineno or (error.position[0] if error.position else 0)
        raise WxrError(f"{name}:{line}: kein gültiges XML ({error.msg})") from error
    except (LookupError, ValueError) as error:
        raise WxrError(f"{name}: nicht lesbar ({error})") from error
    if root.getroottree().docinfo.internalDTD is not None:
        raise WxrError(f"{name}: enthält eine DTD/Entitäten – aus Sicherheitsgründen abgelehnt")
    channel = _find(root, "channel")
    if _local(root)[1] != "rss" or channel is None:
        raise WxrError(f"{name}: kein WordPress-Export (erwartet <rss><channel>…)")
    authors, emails = {}, set()
    for el in channel:
        if not isinstance(el.tag, str):
            continue
        namespace, local = _local(el)
        if local == "author" and _WP_NS in namespace:
            login = _text(el, "author_login", _WP_NS)
            authors[login] = _text(el, "author_display_name", _WP_NS) or login
            emails.add(_text(el, "author_email", _WP_NS).casefold())
    items = [_item(el) for el in channel if isinstance(el.tag, str) and _local(el)[1] == "item"]
    if _find(channel, "wxr_version", _WP_NS) is None and not any(i.post_type for i in items):
        raise WxrError(f"{name}: kein WordPress-Export (wp:wxr_version fehlt)")
    emails.discard("")
    return WxrExport(_text(channel, "title"), _text(channel, "link"), authors, items, emails)


def _comment(el) -> WxrComment:
    approved = _text(el, "comment_approved", _WP_NS)
    parent = _text(el, "comment_parent", _WP_NS)
    user_id = _text(el, "comment_user_id", _WP_NS)
    gmt = _date(_text(el, "comment_date_gmt", _WP_NS))
    return WxrComment(
        id=_text(el, "comment_id", _WP_NS),
        author=_text(el, "comment_author", _WP_NS),
        email=_text(el, "comment_author_email", _WP_NS),
        date=gmt.replace(tzinfo=dt.UTC) if gmt else _date(_text(el, "comment_date", _WP_NS)),
        text=plain_text(_text(el, "comment_content", _WP_NS)),
        approved=approved == "1",
        parent=parent if parent not in ("", "0") else None,
        kind=approved if approved in ("spam", "trash") else _text(el, "comment_type", _WP_NS),
        user_id=user_id if user_id not in ("", "0") else "",
    )


def _item(el) -> WxrItem:
    categories, tags = [], []
    for child in el:
        if isinstance(child.tag, str) and _local(child) == ("", "category"):
            value = " ".join((child.text or "").split())
            if child.get("domain") == "category":
                categories.append(value)
            elif child.get("domain") == "post_tag":
                tags.append(value)
    meta = {}
    comments = []
    for child in el:
        if not isinstance(child.tag, str) or _WP_NS not in _local(child)[0]:
            continue
        if _local(child)[1] == "postmeta":
            meta[_text(child, "meta_key", _WP_NS)] = _text(child, "meta_value", _WP_NS)
        elif _local(child)[1] == "comment":
            comments.append(_comment(child))
    post_id, parent = _text(el, "post_id", _WP_NS), _text(el, "post_parent", _WP_NS)
    title = " ".join(_text(el, "title").split())
    slug = _text(el, "post_name", _WP_NS)
    return WxrItem(
        post_id=post_id,
        title=title,
        link=_text(el, "link"),
        slug=short_slug(unquote(slug) if slug else title) or f"beitrag-{post_id}",
        post_type=_text(el, "post_type", _WP_NS),
        status=_text(el, "status", _WP_NS),
        date=_date(_text(el, "post_date", _WP_NS)),
        creator=_text(el, "creator", _DC_NS),
        content=_text(el, "encoded", _CONTENT_NS),
        excerpt=_text(el, "encoded", _EXCERPT_NS),
        categories=categories,
        tags=tags,
        comments=comments,
        attachment_url=_text(el, "attachment_url", _WP_NS),
        meta=meta,
        line=el.sourceline or 0,
        parent=parent if parent != "0" else "",
    )


def read_export(path: Path, max_bytes: int = MAX_BYTES) -> WxrExport:
    """Read and parse a WXR file, checking its size before reading it."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise WxrError(f"{path}: nicht lesbar ({error.strerror})") from error
    if size > max_bytes:
        raise WxrError(
            f"{path} ist zu groß ({size / 1048576:.0f} MiB, höchstens "
            f"{max_bytes / 1048576:.0f} MiB) – bitte in kleineren Teilen exportieren"
        )
    return parse_bytes(path.read_bytes(), str(path), max_bytes)


def new_url(item: WxrItem) -> str:
    """Where an imported post or page lives on our site."""
    return f"/{item.slug}/" if item.post_type == "page" else f"/artikel/{item.slug}/"

"""Rules on images: the file must exist, every image needs an alternative text, and an image
from another server must be one the site's Content-Security-Policy lets the browser load."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlparse

from servicekultur.authoring.lint.model import LintDocument, Workspace
from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.refs import is_internal
from servicekultur.contract import CSP

RULES = {
    "image-missing": ("error", "Bilddatei nicht gefunden"),
    "image-alt": ("error", "Bild ohne Alternativtext (Barrierefreiheit)"),
    "image-remote": ("error", "Bild von einem fremden Server, das die CSP der Site blockiert"),
}
_MD_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\s*<?(?P<src>[^)\s>]+)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>", re.I)
_ATTR = re.compile(r"""(?P<name>[a-zA-Z-]+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""")


@dataclass(frozen=True)
class Image:
    line: int
    src: str
    alt: str | None


def images(doc: LintDocument) -> list[Image]:
    found: list[Image] = []
    for line, raw in doc.prose_lines:
        for match in _MD_IMAGE.finditer(raw):
            found.append(Image(line, match["src"], match["alt"]))
        for tag in _HTML_IMAGE.finditer(raw):
            attrs = {
                m["name"].lower(): m["dq"] if m["dq"] is not None else m["sq"]
                for m in _ATTR.finditer(tag.group(0))
            }
            found.append(Image(line, attrs.get("src", ""), attrs.get("alt")))
    return found


def _local_file(workspace: Workspace, doc: LintDocument, src: str):
    path = src.split("#", 1)[0].split("?", 1)[0]
    for prefix in ("{static}", "{attach}", "{filename}"):
        if path.startswith(prefix):
            path = path[len(prefix) :]
            break
    if path.startswith("/"):
        return workspace.root / path.lstrip("/")
    return workspace.root / posixpath.normpath(posixpath.join(posixpath.dirname(doc.path), path))


def img_sources(csp: str = CSP) -> list[str]:
    """The sources the policy allows for images (``img-src``, else ``default-src``)."""
    directives = {}
    for part in csp.split(";"):
        name, *values = part.split()
        if name:
            directives[name.lower()] = values
    return directives.get("img-src", directives.get("default-src", ["*"]))


def blocked_by_csp(src: str, sources: list[str]) -> bool:
    """Whether the browser refuses to load the image ``src`` (an address on another server)."""
    try:
        url = urlparse("https:" + src if src.startswith("//") else src)
    except ValueError:  # a broken address no browser loads either
        return False
    if url.scheme not in ("http", "https") or not url.netloc:
        return False
    for source in sources:
        source = source.lower()
        host = source.split("://", 1)[-1].split("/", 1)[0]
        if source in ("*", f"{url.scheme}:") or host == url.netloc.lower():
            return False
        if host.startswith("*.") and url.netloc.lower().endswith(host[1:]):
            return False
    return True


def check(workspace: Workspace) -> Iterator[ContentIssue]:
    sources = img_sources()
    for doc in workspace.documents:
        for image in images(doc):
            if image.alt is None or not image.alt.strip():
                yield ContentIssue(
                    doc.path,
                    image.line,
                    f"Bild „{image.src}“ ohne Alternativtext: ![Was das Bild zeigt]({image.src})",
                    rule="image-alt",
                )
            if blocked_by_csp(image.src, sources):
                yield ContentIssue(
                    doc.path,
                    image.line,
                    f"Bild „{image.src}“ liegt auf einem fremden Server; die Site erlaubt nur "
                    f"eigene Bilder (CSP img-src {' '.join(sources)}) – Datei nach "
                    f"content/images/ legen und mit {{static}}/images/… einbinden",
                    rule="image-remote",
                )
            local = image.src and is_internal(image.src) and not image.src.startswith("#")
            if local and not _local_file(workspace, doc, image.src).is_file():
                yield ContentIssue(
                    doc.path,
                    image.line,
                    f"Bild „{image.src}“ nicht gefunden",
                    rule="image-missing",
                )

"""Images and files of imported posts: into the content folder, so the site serves them itself.

The site's Content-Security-Policy (``img-src 'self' data:``) blocks images from other servers,
so by default every image and every file link to the old blog's uploads is fetched (from a local
copy of ``wp-content/uploads`` when given, else over HTTP). An image that cannot be fetched
becomes a link to its old address and is reported with its post; with ``--no-media`` links stay
as they are (and the linter flags the images the CSP will block).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from servicekultur.importing.fetch import Fetcher, FetchError
from servicekultur.importing.urls import join_url, parse_url

IMAGE_FOLDER = "images/wordpress"
FILE_FOLDER = "dateien/wordpress"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif", ".bmp"}
FILE_SUFFIXES = IMAGE_SUFFIXES | {
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".rtf",
    ".txt", ".csv", ".epub", ".zip", ".mp3", ".m4a", ".ogg", ".wav", ".mp4", ".m4v", ".mov",
    ".webm", ".ogv",
}  # fmt: skip
_UPLOADS = re.compile(r"/wp-content/uploads/(?P<rest>[^?#]+)")
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[a-z0-9]+$)", re.I)
_UNSAFE = re.compile(r"[^\w.-]+")


def uploads_rest(url: str) -> str | None:
    """``2024/03/bild.png`` of an uploads URL (also WordPress.com's ``*.files.wordpress.com``)."""
    parsed = parse_url(url)
    match = _UPLOADS.search(unquote(parsed.path))
    if match:
        return match["rest"]
    if parsed.netloc.endswith(".files.wordpress.com") and parsed.path.strip("/"):
        return unquote(parsed.path).strip("/")
    return None


def local_name(url: str) -> str:
    """A safe relative file name for ``url`` (uploads keep their year/month folders)."""
    parsed = parse_url(url)
    rest = uploads_rest(url) or f"{parsed.netloc}/{unquote(parsed.path).strip('/')}"
    return "/".join(_safe_parts(rest)) or "datei"


def _safe_parts(path: str) -> list[str]:
    parts = [_UNSAFE.sub("-", part).strip("-.") for part in PurePosixPath(path).parts]
    return [part for part in parts if part]


@dataclass
class MediaLog:
    """What became of one post's media."""

    fetched: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # "address: reason"
    notes: list[str] = field(default_factory=list)


class Media:
    """Rewrites image sources and file links of imported HTML to files in ``content``."""

    def __init__(
        self,
        content: Path,
        fetcher: Fetcher,
        enabled: bool = True,
        base_url: str = "",
        own_hosts: set[str] | None = None,
        alts: dict[str, str] | None = None,
        folders: tuple[str, str] = (IMAGE_FOLDER, FILE_FOLDER),
        page_dir: Path | None = None,
    ) -> None:
        self.content, self.fetcher, self.enabled = content, fetcher, enabled
        self.base_url, self.own_hosts = base_url, own_hosts or set()
        self.alts = alts or {}
        self.image_folder, self.file_folder = folders
        self.page_dir = page_dir
        self.log = MediaLog()

    def begin(self) -> MediaLog:
        self.log = MediaLog()
        return self.log

    def _absolute(self, src: str) -> str | None:
        src = src.strip()
        if not src or src.startswith(("data:", "{", "#", "mailto:", "tel:")):
            return None
        if src.startswith("//"):
            return "https:" + src
        if parse_url(src).scheme in ("http", "https"):
            return src
        if self.page_dir is not None:
            local = (self.page_dir / unquote(src.split("?")[0].split("#")[0])).resolve()
            try:
                if local.is_file() and self.page_dir.resolve() in local.parents:
                    return local.as_uri()
            except OSError:  # a name the file system cannot even look up
                pass
        return join_url(self.base_url, src) if self.base_url else None

    def _fill_alt(self, img, name: str, url: str) -> None:
        if (img.get("alt") or "").strip():
            return
        rest = uploads_rest(url) or name
        alt = self.alts.get(rest) or self.alts.get(_SIZE_SUFFIX.sub("", rest), "")
        if alt:
            img["alt"] = alt
        else:
            self.log.notes.append(f"Bild „{name}“ ohne Alternativtext – bitte ergänzen")

    def _get(self, url: str, folder: str, images_only: bool) -> str:
        fetcher = self.fetcher
        if url.startswith("file:"):  # next to a saved page (its „…_files“ folder)
            path = Path(unquote(parse_url(url).path))
            name, names = _UNSAFE.sub("-", path.name), [path.name]
            fetcher = Fetcher(path.parent, download=False, force=self.fetcher.force)
        else:
            rest = uploads_rest(url)
            names = [rest, _SIZE_SUFFIX.sub("", rest)] if rest else []
            found = fetcher.local_copy(names)  # the full size when the copy lacks the small one
            name = local_name(url) if found is None else "/".join(_safe_parts(found))
        try:
            fetcher.fetch(url, self.content / folder / name, names, images_only)
        except FetchError as error:
            if f"{url}: {error}" not in self.log.failed:
                self.log.failed.append(f"{url}: {error}")
            raise
        self.log.fetched.append(f"{folder}/{name}")
        return f"{{static}}/{folder}/{name}"

    def image(self, src: str, img) -> str | None:
        """The new source of an image; None when it could not be fetched (→ a link)."""
        url = self._absolute(src)
        if url is None:
            return src
        self._fill_alt(img, local_name(url), url)
        if not self.enabled:
            self.log.notes.append(
                f"Bild „{url}“ bleibt auf dem alten Server (--no-media); die Site blockiert es"
            )
            return url
        try:
            return self._get(url, self.image_folder, images_only=True)
        except FetchError:
            return None

    def link(self, href: str) -> str:
        """A link to a file of the old blog → the file in ``content``; other links unchanged."""
        url = self._absolute(href)
        if url is None or not self.enabled:
            return href
        parsed = parse_url(url)
        suffix = PurePosixPath(unquote(parsed.path)).suffix.lower()
        own = url.startswith("file:") or uploads_rest(url) or parsed.netloc in self.own_hosts
        if suffix not in FILE_SUFFIXES or not own:
            return href
        folder = self.image_folder if suffix in IMAGE_SUFFIXES else self.file_folder
        try:
            return self._get(url, folder, images_only=False)
        except FetchError:
            return href

"""Images of a WordPress import: found in a local copy of ``wp-content/uploads``, copied in."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

from servicekultur.importing.wxr import WxrExport

IMAGE_FOLDER = "images/wordpress"
_UPLOADS = re.compile(r"/wp-content/uploads/(?P<rest>[^?#]+)")
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[a-z]+$)", re.I)


class Images:
    """Finds uploads in a local copy of ``wp-content/uploads`` and copies them into content."""

    def __init__(self, export: WxrExport, content: Path, media: Path | None, force: bool):
        self.content, self.media, self.force = content, media, force
        self.alts = {}
        for item in export.items:
            if item.post_type == "attachment" and item.attachment_url:
                alt = item.meta.get("_wp_attachment_image_alt") or ""
                self.alts[_uploads_rest(item.attachment_url) or item.attachment_url] = alt
        self.notes: list[str] = []

    def rewrite(self, src: str, img) -> str:
        rest = _uploads_rest(src)
        if rest is None:
            return src
        if not (img.get("alt") or "").strip():
            alt = self.alts.get(rest) or self.alts.get(_SIZE_SUFFIX.sub("", rest), "")
            if alt:
                img["alt"] = alt
            else:
                self.notes.append(f"Bild „{rest}“ ohne Alternativtext – bitte ergänzen")
        if self.media is None:
            self.notes.append(f"Bild „{rest}“ bleibt extern (kein --media-Ordner angegeben)")
            return src
        for candidate in (rest, _SIZE_SUFFIX.sub("", rest)):
            found = self.media / candidate
            if found.is_file():
                target = self.content / IMAGE_FOLDER / candidate
                if not target.exists() or self.force:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(found, target)
                return f"{{static}}/{IMAGE_FOLDER}/{candidate}"
        self.notes.append(f"Bild „{rest}“ nicht im --media-Ordner gefunden, bleibt extern")
        return src


def _uploads_rest(url: str) -> str | None:
    match = _UPLOADS.search(urlparse(url).path or url)
    return match["rest"] if match else None

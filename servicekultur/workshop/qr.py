"""QR codes as SVG (segno), scalable for screen, print and PDF.

Choosing the best of the eight masks is 95 % of segno's work; the chosen mask depends only on the
URL, so builds keep it in a small cache (``MaskCache``) and later builds make the same code in a
fraction of the time.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import segno

logger = logging.getLogger(__name__)


class MaskCache:
    """URL → best mask number, kept as JSON between builds (optional: ``path=None``)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.masks: dict[str, int] = {}
        self.changed = False
        if path is not None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.masks = {k: v for k, v in data.items() if isinstance(v, int) and 0 <= v < 8}
            except (OSError, ValueError, AttributeError) as error:
                logger.warning("QR mask cache %s unreadable (%s), starting afresh", path, error)

    def make(self, url: str) -> segno.QRCode:
        mask = self.masks.get(url)
        code = segno.make(url, error="m", micro=False, mask=mask)
        if mask is None:
            self.masks[url] = code.mask
            self.changed = True
        return code

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.masks, sort_keys=True), encoding="utf-8")
            tmp.replace(self.path)
        except OSError as error:
            logger.warning("QR mask cache %s not written: %s", self.path, error)


def svg_inline(code: segno.QRCode, label: str) -> str:
    """An ``<svg role="img">`` element, sized by CSS (no width/height), with a title."""
    svg = code.svg_inline(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff", svgclass="qr", title=label
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)

"""QR codes as SVG (segno), scalable for screen, print and PDF.

Every code uses one fixed mask pattern (``MASK``). Choosing the best of the eight masks by their
penalty scores was 85 % of segno's work (about 10 ms a code, a second for 150 checklists in every
build) and only makes large same-coloured areas a little rarer; any of the eight masks gives a
valid code, and scanners read ours alike (``tests/test_workshop.py`` decodes them). Mask 4 is the
one segno's scoring picks for most of our checklist URLs, so most codes look as they always did.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from xml.sax.saxutils import escape

import segno

MASK = 4


def qr_code(url: str) -> segno.QRCode:
    """The QR code of ``url``: error correction level M, never a Micro QR code, mask ``MASK``."""
    return segno.make(url, error="m", micro=False, mask=MASK)


BORDER = 4  # the quiet zone, in modules
_DARK_RUN = re.compile(rb"\x01+")


def _path_data(code: segno.QRCode) -> str:
    """The dark modules as SVG path data, one horizontal line per run, each move relative to
    the end of the last: what segno's SVG writer draws, found with one regular expression per
    row instead of a Python step per module (its writer took 3–4 ms a code, twice per
    checklist in every build)."""
    parts = []
    last_x, last_y = 0, 0.0
    for number, row in enumerate(code.matrix):
        y = BORDER + number + 0.5
        for run in _DARK_RUN.finditer(row):
            x1, x2 = BORDER + run.start(), BORDER + run.end()
            dy = y - last_y
            move = "m" if parts else "M"
            parts.append(f"{move}{x1 - last_x} {int(dy) if dy.is_integer() else dy}h{x2 - x1}")
            last_x, last_y = x2, y
    return "".join(parts)


class QrImage(NamedTuple):
    """What both SVGs of a code draw, worked out once: its side in modules (quiet zone
    included) and the path data of its dark modules."""

    size: int
    path: str


def qr_image(code: segno.QRCode) -> QrImage:
    return QrImage(code.symbol_size(scale=1, border=BORDER)[0], _path_data(code))


def svg_inline(image: QrImage, label: str) -> str:
    """An ``<svg role="img">`` element, sized by CSS (no width/height), with a title."""
    size = image.size
    return (
        f'<svg role="img" viewBox="0 0 {size} {size}" class="qr"><title>{escape(label)}</title>'
        f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
        f'<path class="qrline" stroke="#000" d="{image.path}"/></svg>'
    )


def svg_document(image: QrImage, label: str, scale: int = 4) -> str:
    """A standalone SVG file (``qr.svg`` beside a checklist), ``scale`` pixels per module."""
    size = image.size * scale
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" class="segno">'
        f'<title>{escape(label)}</title><path transform="scale({scale})" class="qrline" '
        f'stroke="#000" d="{image.path}"/></svg>\n'
    )

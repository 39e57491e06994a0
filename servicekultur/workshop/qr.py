"""QR codes as SVG (segno), scalable for screen, print and PDF.

Every code uses one fixed mask pattern (``MASK``). Choosing the best of the eight masks by their
penalty scores was 85 % of segno's work (about 10 ms a code, a second for 150 checklists in every
build) and only makes large same-coloured areas a little rarer; any of the eight masks gives a
valid code, and scanners read ours alike (``tests/test_workshop.py`` decodes them). Mask 4 is the
one segno's scoring picks for most of our checklist URLs, so most codes look as they always did.
"""

from __future__ import annotations

import segno

MASK = 4


def qr_code(url: str) -> segno.QRCode:
    """The QR code of ``url``: error correction level M, never a Micro QR code, mask ``MASK``."""
    return segno.make(url, error="m", micro=False, mask=MASK)


def svg_inline(code: segno.QRCode, label: str) -> str:
    """An ``<svg role="img">`` element, sized by CSS (no width/height), with a title."""
    svg = code.svg_inline(
        scale=1, border=4, omitsize=True, dark="#000", light="#fff", svgclass="qr", title=label
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)

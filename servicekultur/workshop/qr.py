"""QR codes as inline SVG (segno), scalable for screen, print and PDF."""

from __future__ import annotations

import segno


def qr_svg(url: str, label: str | None = None) -> str:
    """An ``<svg>`` element encoding ``url``; sized by CSS (no width/height), with a title."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        dark="#000",
        light="#fff",
        svgclass="qr",
        title=label or f"QR-Code: {url}",
    )
    return svg.replace("<svg ", '<svg role="img" ', 1)

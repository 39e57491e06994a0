"""`invoke screenshots`: every page type at 1280 and 390 px, light mode, for review."""

from __future__ import annotations

from pathlib import Path

from servicekultur.bench.served import chromium, served_site

PAGES = {
    "startseite": "/",
    "artikel": "/artikel/warum-ein-angebot-eine-antwort-verdient/",
    "fallgeschichte": "/fallgeschichten/die-gesperrte-strasse/",
    "checkliste": "/checklisten/faires-angebotsverfahren/",
    "suche": "/suche?q=Angebot",
    "glossar": "/glossar/",
    "feedback": "/feedback/",
}
WIDTHS = {1280: 900, 390: 844}  # width → viewport height (a phone: 390 × 844)
MAX_HEIGHT = 2000  # long pages are cut here: the top is what a review looks at first
COLOURS = 64  # the pictures go into the repository: a palette keeps them small, text stays sharp


def take_screenshots(output: Path, target: Path, scheme: str = "light") -> list[Path]:
    """Write ``<page>-<width>.png`` for every page and width into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with served_site(output) as base, chromium() as browser:
        for width, height in WIDTHS.items():
            context = browser.new_context(
                viewport={"width": width, "height": height},
                device_scale_factor=1,
                locale="de-DE",
                color_scheme=scheme,
            )
            page = context.new_page()
            for name, url in PAGES.items():
                page.goto(base + url, wait_until="networkidle")
                page.evaluate("document.fonts.ready")
                full = page.evaluate("document.documentElement.scrollHeight")
                path = target / f"{name}-{width}.png"
                page.screenshot(
                    path=str(path),
                    clip={"x": 0, "y": 0, "width": width, "height": min(full, MAX_HEIGHT)},
                    full_page=True,
                )
                _shrink(path)
                written.append(path)
            context.close()
    return written


def _shrink(path: Path) -> None:
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(COLOURS, dither=Image.Dither.NONE)
    small.save(path, optimize=True)

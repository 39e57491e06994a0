"""Serving the built site: directory URLs, our 404 page, cache headers."""

from __future__ import annotations

import html
from pathlib import Path

from starlette.staticfiles import StaticFiles

_FALLBACK = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>{title}</title></head><body><main><h1>{title}</h1><p>{message}</p>
<p><a href="/">Zur Startseite</a></p></main></body></html>"""


class SiteFiles:
    """The static output folder, served with ``index.html`` for directory URLs."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def app(self) -> StaticFiles:
        self.root.mkdir(parents=True, exist_ok=True)
        return StaticFiles(directory=self.root, html=True, check_dir=False)

    def not_found_page(self) -> str:
        page = self.root / "404.html"
        if page.is_file():
            return page.read_text(encoding="utf-8")
        return self.error_page(404, "Diese Seite gibt es nicht.")

    def error_page(self, status: int, message: str) -> str:
        title = "Seite nicht gefunden" if status == 404 else f"Fehler {status}"
        return _FALLBACK.format(title=html.escape(title), message=html.escape(message))

"""Serving the built site: directory URLs, our 404 page, cache headers."""

from __future__ import annotations

from pathlib import Path

from starlette.staticfiles import StaticFiles

from servicekultur.web.errors import error_page


class SiteFiles:
    """The static output folder, served with ``index.html`` for directory URLs."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def app(self) -> StaticFiles:
        return StaticFiles(directory=self.root, html=True, check_dir=False)

    def not_found_page(self) -> str:
        page = self.root / "404.html"
        if page.is_file():
            return page.read_text(encoding="utf-8")
        return self.error_page(404, "Diese Seite gibt es nicht.")

    def error_page(self, status: int, message: str) -> str:
        return error_page(status, message)

"""App factory: one ASGI app serving the static site plus the dynamic parts (search, feedback)."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from servicekultur.config import Settings
from servicekultur.web.feedback import install_feedback
from servicekultur.web.search import search_router
from servicekultur.web.static import SiteFiles

logger = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service; routers of each capability are included here, the site is mounted last."""
    settings = settings or Settings.from_env()
    app = FastAPI(title="Servicekultur-Wissensbasis", docs_url=None, redoc_url=None)
    app.state.settings = settings
    site = SiteFiles(settings.output_dir)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        if exc.status_code == 404:
            return HTMLResponse(site.not_found_page(), status_code=404)
        return HTMLResponse(site.error_page(exc.status_code, str(exc.detail)), exc.status_code)

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception):
        logger.exception("unexpected error on %s", request.url.path)
        message = "Interner Fehler. Bitte versuchen Sie es später noch einmal."
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=500)
        return HTMLResponse(site.error_page(500, message), status_code=500)

    app.include_router(search_router(settings, site))
    install_feedback(app, settings)  # feedback API, forms, /admin, security headers

    @app.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    async def api_not_found(rest: str):
        raise StarletteHTTPException(404, "Diese Schnittstelle gibt es nicht.")

    # Routers of each capability are included above this line; the site answers everything else.
    app.mount("/", site.app(), name="site")
    return app

"""App factory: one ASGI app serving the static site plus the dynamic parts (search, feedback).

``create_app`` only wires things together; the start-up jobs (key file, migrations, purge,
index warm-up) are explicit functions in ``startup.py`` run by the lifespan.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.exceptions import HTTPException

from servicekultur.config import Settings
from servicekultur.search.serve.service import SearchService
from servicekultur.web import startup
from servicekultur.web.errors import install_error_handlers
from servicekultur.web.feedback import install_feedback
from servicekultur.web.feedback.edge import FeedbackEdge
from servicekultur.web.search import search_router
from servicekultur.web.security import SecurityMiddleware
from servicekultur.web.static import CompressionMiddleware, SiteFiles
from servicekultur.web.workshop import install_workshop


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service; routers of each capability are included here, the site is mounted last."""
    settings = settings or Settings.from_env()
    app = FastAPI(title="Servicekultur-Wissensbasis", docs_url=None, redoc_url=None)
    app.router.lifespan_context = startup.lifespan_of(app)
    app.state.settings = settings
    app.state.site = site = SiteFiles(settings.output_dir)
    app.state.search = SearchService(settings.search_index)
    install_error_handlers(app)
    app.include_router(search_router(settings, site, app.state.search))
    install_feedback(app, settings)  # feedback API, forms, /admin
    install_workshop(app, settings)  # live rounds: /workshop/neu, /runde/<code>

    @app.api_route(
        "/api/{rest:path}",
        methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
        include_in_schema=False,
    )
    async def api_not_found(rest: str):
        raise HTTPException(404, "Diese Schnittstelle gibt es nicht.")

    # Routers of each capability are included above this line; the site answers everything else.
    app.mount("/", site.app(), name="site")
    app.add_middleware(FeedbackEdge)  # feedback reads (cached 2 s) and JSON submissions
    app.add_middleware(SecurityMiddleware, max_body=settings.max_body_bytes)
    # outermost: compresses what the security layer finished (pages with their form tokens)
    app.add_middleware(CompressionMiddleware, enabled=settings.compress)
    return app

"""Search views: ``GET /api/search`` (JSON) and ``GET /suche`` (results page without JavaScript)."""

from __future__ import annotations

import logging
import math
from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from servicekultur.config import Settings
from servicekultur.search.documents import TYPE_LABELS
from servicekultur.search.serve.query import QueryError, clean
from servicekultur.search.serve.searcher import MAX_LIMIT, MAX_OFFSET, SearchRequest
from servicekultur.search.serve.service import IndexUnavailable, SearchService
from servicekultur.web.static import SiteFiles

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
FACET_TITLES = {"type": "Inhaltstyp", "category": "Kategorie", "tag": "Schlagwort"}
UNAVAILABLE = "Die Suche ist gerade nicht verfügbar: Der Suchindex wurde noch nicht gebaut."
_templates = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=select_autoescape(default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _number(raw: str | None, name: str, default: int, low: int, high: int) -> int:
    """A whole number from the query string; out of range is capped, garbage is a 400."""
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise HTTPException(400, f"„{name}“ muss eine ganze Zahl sein.") from None
    if value < 0:
        raise HTTPException(400, f"„{name}“ darf nicht negativ sein.")
    return max(low, min(value, high))


def _filters(**values: str | None) -> dict[str, str]:
    filters = {}
    for name, raw in values.items():
        value = clean(raw or "")
        if len(value) > 100:
            raise HTTPException(400, f"Der Filter „{name}“ ist zu lang.")
        if value:
            filters[name] = value
    return filters


def search_router(settings: Settings, site: SiteFiles, service: SearchService) -> APIRouter:
    # The index is opened at start-up (servicekultur/web/startup.py: warm_search).
    router = APIRouter()

    @router.get("/api/search")
    async def api_search(
        q: str | None = None,
        limit: str | None = None,
        offset: str | None = None,
        type: str | None = None,
        category: str | None = None,
        tag: str | None = None,
    ) -> dict:
        request = SearchRequest(
            q=q or "",
            limit=_number(limit, "limit", 10, 1, MAX_LIMIT),
            offset=_number(offset, "offset", 0, 0, MAX_OFFSET),
            filters=_filters(type=type, category=category, tag=tag),
        )
        try:
            return service.search(request).as_json()
        except QueryError as error:
            raise HTTPException(400, str(error)) from None
        except IndexUnavailable:
            raise HTTPException(503, UNAVAILABLE) from None

    @router.get("/suche", response_class=HTMLResponse)
    @router.get("/suche/", response_class=HTMLResponse, include_in_schema=False)
    async def search_page(
        q: str | None = None,
        seite: str | None = None,
        type: str | None = None,
        category: str | None = None,
        tag: str | None = None,
    ) -> HTMLResponse:
        status, error, response = 200, None, None
        query = clean(q or "")
        page, filters = 1, {}
        try:
            page = _number(seite, "seite", 1, 1, MAX_OFFSET // PAGE_SIZE)
            filters = _filters(type=type, category=category, tag=tag)
            if query:
                response = service.search(
                    SearchRequest(query, PAGE_SIZE, (page - 1) * PAGE_SIZE, filters)
                )
        except HTTPException as problem:
            status, error = problem.status_code, problem.detail
        except QueryError as problem:
            status, error = 400, str(problem)
        except IndexUnavailable:
            status, error = 503, UNAVAILABLE
        body = _templates.get_template("search_page.html").render(
            query=query,
            response=response,
            error=error,
            filters=filters,
            page=page,
            pages=math.ceil(min(response.total, MAX_OFFSET) / PAGE_SIZE) if response else 0,
            facet_titles=FACET_TITLES,
            type_labels=TYPE_LABELS,
            link=lambda **changes: _link(query, filters, changes),
        )
        return HTMLResponse(_in_shell(site, body, query), status_code=status)

    return router


def _link(query: str, filters: dict[str, str], changes: dict) -> str:
    params = {"q": query, **filters, **changes}
    return "/suche?" + urlencode({k: v for k, v in params.items() if v not in (None, "", 1)})


def _in_shell(site: SiteFiles, body: str, query: str) -> str:
    """The results inside the site's own page (``suche/index.html`` written by the build)."""
    shell_path = site.root / "suche" / "index.html"
    shell = shell_path.read_text(encoding="utf-8") if shell_path.is_file() else ""
    start, end = "<!-- kb:search -->", "<!-- /kb:search -->"
    if start not in shell or end not in shell:
        return site.error_page(200, "").replace("<p></p>", body)
    head, rest = shell.split(start, 1)
    tail = rest.split(end, 1)[1]
    if query:
        from html import escape

        head = head.replace("<title>Suche", f"<title>„{escape(query)}“ – Suche", 1)
    return head + body + tail

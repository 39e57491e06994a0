"""The preview server: our app, plus ``/__preview/*`` and the reload script in every HTML page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from servicekultur.authoring.preview.changes import ChangeLog
from servicekultur.config import Settings
from servicekultur.web import create_app

SCRIPT_URL = "/__preview/reload.js"
SCRIPT_TAG = f'<script src="{SCRIPT_URL}" defer></script>'.encode()
_SCRIPT = (Path(__file__).parent / "reload.js").read_bytes()


class InjectReloadScript:
    """ASGI middleware: no caching, and the reload script before ``</body>`` of HTML pages."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = dict(scope)
        scope["headers"] = [
            (k, v) for k, v in scope["headers"] if k not in (b"if-none-match", b"if-modified-since")
        ]
        start: dict = {}
        body: list[bytes] = []

        async def wrapped(message):
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] == "http.response.body":
                headers = dict(start.get("headers", []))
                is_html = headers.get(b"content-type", b"").startswith(b"text/html")
                if not is_html or scope["method"] == "HEAD":
                    if start:
                        await send(_no_store(start))
                        start.clear()
                    await send(message)
                    return
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                page = b"".join(body)
                index = page.rfind(b"</body>")
                page = page[:index] + SCRIPT_TAG + page[index:] if index >= 0 else page + SCRIPT_TAG
                headers[b"content-length"] = str(len(page)).encode()
                await send(_no_store({**start, "headers": list(headers.items())}))
                await send({"type": "http.response.body", "body": page})
                return
            await send(message)

        await self.app(scope, receive, wrapped)


def _no_store(start: dict) -> dict:
    headers = [
        (k, v)
        for k, v in start.get("headers", [])
        if k not in (b"cache-control", b"etag", b"last-modified")
    ]
    headers.append((b"cache-control", b"no-store"))
    return {**start, "headers": headers}


def create_preview_app(
    settings: Settings, changes: ChangeLog, busy: Callable[[], bool] = lambda: False
) -> Starlette:
    """Our service app with the preview endpoints in front of it (preview mode only)."""

    async def state(request: Request) -> JSONResponse:
        try:
            since = int(request.query_params.get("since", "-1"))
        except ValueError:
            since = -1
        path = request.query_params.get("path", "/")
        return JSONResponse(
            {
                "version": changes.version,
                "reload": changes.needs_reload(since, path),
                "busy": busy(),
            }
        )

    async def script(request: Request) -> Response:
        return Response(_SCRIPT, media_type="text/javascript")

    service = create_app(replace(settings, compress=False))  # pages are rewritten below
    app = Starlette(
        routes=[
            Route("/__preview/state", state),
            Route(SCRIPT_URL, script),
            Mount("/", app=service),
        ],
        lifespan=service.router.lifespan_context,  # the service's start-up jobs (startup.py)
    )
    app.add_middleware(InjectReloadScript)
    return app

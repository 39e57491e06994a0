"""The one place where errors become responses: JSON under /api/, German HTML pages elsewhere.

Domain errors (``servicekultur.feedback.model``) say what went wrong; this module alone decides
the HTTP status. Validation errors of FastAPI, HTTP exceptions, and anything unexpected end up
here too, so every 4xx/5xx has the same shape (and, through the security middleware, the same
headers).
"""

from __future__ import annotations

import html
import json
import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from servicekultur.feedback.model import (
    Conflict,
    FeedbackError,
    NotFound,
    RateLimited,
    Refused,
    StoreError,
)

logger = logging.getLogger(__name__)

# Most specific first: the first class the error is an instance of decides.
STATUS: list[tuple[type[BaseException], int]] = [
    (NotFound, 404),
    (Conflict, 409),
    (Refused, 403),
    (RateLimited, 429),
    (FeedbackError, 400),
    (StoreError, 503),
]
INTERNAL = "Interner Fehler. Bitte versuchen Sie es später noch einmal."
STORE_DOWN = (
    "Rückmeldungen können gerade nicht gespeichert werden. Bitte versuchen Sie es in einigen "
    "Minuten noch einmal."
)
TITLES = {
    400: "Das hat nicht geklappt",
    403: "Nicht erlaubt",
    404: "Seite nicht gefunden",
    405: "Nicht erlaubt",
    409: "Das geht gerade nicht",
    413: "Anfrage zu groß",
    415: "Unerwartetes Format",
    429: "Zu viele Anfragen",
    503: "Vorübergehend nicht verfügbar",
}
FALLBACK_PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>{title}</title></head><body><main><h1>{title}</h1><p>{message}</p>
<p><a href="/">Zur Startseite</a></p></main></body></html>"""


class LoginNeeded(Exception):
    """No valid admin session: the browser is sent to the login page."""


def status_of(error: BaseException) -> int:
    for kind, status in STATUS:
        if isinstance(error, kind):
            return status
    return 500


def message_of(error: BaseException) -> str:
    if isinstance(error, FeedbackError):
        return error.message
    if isinstance(error, StoreError):
        return STORE_DOWN
    return INTERNAL


def retry_headers(error: BaseException) -> dict[str, str]:
    """``Retry-After`` for every 429 (and a hint for 503)."""
    if isinstance(error, RateLimited):
        return {"Retry-After": str(error.retry_after)}
    if isinstance(error, StoreError):
        return {"Retry-After": "60"}
    return {}


def is_api(path: str) -> bool:
    return path.startswith("/api/")


def error_page(status: int, message: str) -> str:
    """A minimal German error page (when the site's own page cannot be used)."""
    title = TITLES.get(status, f"Fehler {status}")
    return FALLBACK_PAGE.format(title=html.escape(title), message=html.escape(message))


def error_body(path: str, status: int, message: str, field: str | None = None) -> tuple[bytes, str]:
    """Body and media type of an error answer for ``path`` (also used by the ASGI middleware)."""
    if is_api(path):
        body = {"error": message, **({"field": field} if field else {})}
        return json.dumps(body, ensure_ascii=False).encode(), "application/json"
    return error_page(status, message).encode(), "text/html; charset=utf-8"


def respond(
    request: Request, status: int, message: str, field: str | None = None, headers=None
) -> Response:
    if is_api(request.url.path):
        body = {"error": message, **({"field": field} if field else {})}
        return JSONResponse(body, status_code=status, headers=headers)
    render = getattr(request.app.state, "render_message", None)
    if render is not None:
        response = render(status, TITLES.get(status, "Das hat nicht geklappt"), message)
        response.headers.update(headers or {})
        return response
    return HTMLResponse(error_page(status, message), status_code=status, headers=headers)


async def domain_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, StoreError):
        logger.error("feedback: storage unavailable: %s", exc)
    field = exc.field if isinstance(exc, FeedbackError) else None
    return respond(request, status_of(exc), message_of(exc), field, retry_headers(exc))


async def http_error(request: Request, exc: HTTPException) -> Response:
    detail = exc.detail if isinstance(exc.detail, str) else "Die Anfrage ist ungültig."
    site = getattr(request.app.state, "site", None)
    if exc.status_code == 404 and not is_api(request.url.path) and site is not None:
        return HTMLResponse(site.not_found_page(), status_code=404, headers=exc.headers)
    if exc.status_code == 404 and detail == "Not Found":
        detail = "Diese Seite gibt es nicht."
    elif exc.status_code == 405:
        detail = "Diese Methode ist hier nicht erlaubt."
    return respond(request, exc.status_code, detail, headers=exc.headers)


async def validation_error(request: Request, exc: RequestValidationError) -> Response:
    where = ""
    for problem in exc.errors()[:1]:
        location = [str(part) for part in problem.get("loc", ()) if part not in ("query", "path")]
        where = f" („{'.'.join(location)}“)" if location else ""
    return respond(request, 400, f"Die Anfrage enthält einen ungültigen Wert{where}.")


async def login_needed(request: Request, exc: LoginNeeded) -> Response:
    return RedirectResponse("/admin/login", status_code=303)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers above; the only error-to-response mapping in the app."""
    app.add_exception_handler(FeedbackError, domain_error)
    app.add_exception_handler(StoreError, domain_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(LoginNeeded, login_needed)
    # Anything else is answered by servicekultur.web.security.SecurityMiddleware (a 500 with
    # the security headers; Starlette's own last-resort handler sits outside that layer).

"""JSON API of the feedback service (used by the page script and by other clients)."""

from __future__ import annotations

import json
import time
from datetime import datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, Response

from servicekultur.feedback.model import FeedbackError
from servicekultur.feedback.moderation import status_path
from servicekultur.feedback.stats import summarize
from servicekultur.web.feedback.context import ctx
from servicekultur.web.feedback.security import check_origin

router = APIRouter(prefix="/api/feedback")
READ_CACHE_SECONDS = 2.0  # a page's published feedback is cached this long per process


def _allowed_origins(request: Request) -> set[str]:
    return {ctx(request).settings.public_url.rstrip("/")}


def _origin(request: Request) -> None:
    check_origin(
        request.headers.get("origin"), request.headers.get("host"), _allowed_origins(request)
    )


async def _json_body(request: Request) -> dict:
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise HTTPException(
            415, "Bitte senden Sie die Rückmeldung als JSON (Content-Type: application/json)."
        )
    raw = await request.body()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise FeedbackError("Die Anfrage ist kein gültiges UTF-8.") from error
    except json.JSONDecodeError as error:
        raise FeedbackError("Die Anfrage ist kein gültiges JSON.") from error
    if not isinstance(data, dict):
        raise FeedbackError("Die Anfrage muss ein JSON-Objekt mit den Formularfeldern sein.")
    return data


def check_bot_signals(request: Request, data: dict) -> None:
    """Honeypot field and form token (CSRF, minimum fill time); raises FeedbackError."""
    if str(data.get("website") or "").strip():
        raise FeedbackError(
            "Ihre Rückmeldung sieht nach automatisch erzeugtem Spam aus und "
            "wurde nicht gespeichert."
        )
    token = data.get("form_token")
    ctx(request).tokens.check(token if isinstance(token, str) else "")


@router.post("")
async def submit(request: Request) -> JSONResponse:
    """Accept one submission; 201 once it is committed."""
    _origin(request)
    data = await _json_body(request)
    check_bot_signals(request, data)
    service = ctx(request).service
    item = await service.submit(data, ctx(request).client(request))
    return JSONResponse(
        {
            "id": item.id,
            "status": item.status,
            "status_url": status_path(item),
            "message": "Danke! Ihre Rückmeldung ist angekommen. Wir prüfen sie und antworten "
            + service_expectation(request)
            + ".",
        },
        status_code=201,
    )


def service_expectation(request: Request) -> str:
    return ctx(request).service.expected_answer()


@router.get("")
async def page_feedback(request: Request, page: str = "", since: str = "") -> JSONResponse:
    """Published feedback of one page (optionally only what was published after ``since``)."""
    if not page.startswith("/") or len(page) > 500:
        raise FeedbackError("Bitte geben Sie die Seite an, z. B. ?page=/artikel/…/")
    after = None
    if since:
        try:
            after = datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError as error:
            raise FeedbackError("„since“ muss ein Zeitpunkt im ISO-Format sein.") from error
    state = request.app.state
    cache = state.__dict__.setdefault("feedback_read_cache", {})
    key = (page, since)
    hit = cache.get(key)
    now = time.monotonic()
    if hit and now - hit[0] < READ_CACHE_SECONDS:
        return Response(hit[1], media_type="application/json")
    items = ctx(request).service.store.visible(page=page, since=after)
    body = json.dumps(
        {"page": page, "items": [i.public() for i in items], "summary": summarize(items).as_dict()},
        ensure_ascii=False,
    ).encode()
    if len(cache) > 2000:
        cache.clear()
    cache[key] = (now, body)
    return Response(body, media_type="application/json")


@router.get("/status/{token}")
async def own_status(request: Request, token: str) -> JSONResponse:
    item = ctx(request).service.status(token)
    return JSONResponse(
        {**item.public(), "text": item.text, "email_confirmed": item.email_confirmed}
    )


@router.delete("/status/{token}")
async def erase(request: Request, token: str) -> Response:
    _origin(request)
    ctx(request).service.erase(token)
    return Response(status_code=204)

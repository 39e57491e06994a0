"""JSON API of the feedback service (used by the page script and by other clients)."""

from __future__ import annotations

import json
import time
from datetime import datetime

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from servicekultur.feedback.model import MAX_URL, FeedbackError, NotFound
from servicekultur.feedback.moderation import status_path
from servicekultur.feedback.stats import summarize
from servicekultur.web.feedback.context import ctx
from servicekultur.web.feedback.intake import accept, check_same_site, json_body

router = APIRouter(prefix="/api/feedback")
READ_CACHE_SECONDS = 2.0  # a page's published feedback is cached this long per process
TOKEN = Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
SUBMISSION = {  # documented for /openapi.json (the body is parsed by json_body, with limits)
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["page", "type", "text", "consent", "form_token"],
                    "properties": {
                        "page": {"type": "string", "maxLength": MAX_URL},
                        "item": {"type": "string", "maxLength": 100},
                        "type": {"type": "string", "enum": ["lob", "kritik", "frage", "anregung"]},
                        "text": {"type": "string", "maxLength": 5000},
                        "name": {"type": "string", "maxLength": 80},
                        "email": {"type": "string", "maxLength": 254},
                        "consent": {"type": "boolean"},
                        "form_token": {"type": "string"},
                        "website": {"type": "string"},
                    },
                }
            }
        },
    }
}


@router.post("", openapi_extra=SUBMISSION, status_code=201)
async def submit(request: Request) -> JSONResponse:
    """Accept one submission; 201 once it is committed, with a fresh token for the next one."""
    data = await json_body(request)
    item = await accept(request, data)
    c = ctx(request)
    return JSONResponse(
        {
            "id": item.id,
            "status": item.status,
            "status_url": status_path(item),
            "form_token": c.tokens.issue(item.page),
            "message": "Danke! Ihre Rückmeldung ist angekommen. Wir prüfen sie und antworten "
            + c.service.expected_answer()
            + ".",
        },
        status_code=201,
    )


@router.get("")
async def page_feedback(
    request: Request,
    page: str = Query("", max_length=MAX_URL),
    since: str = Query("", max_length=40),
) -> Response:
    """Published feedback of one page (optionally only what was published after ``since``)."""
    if not page.startswith("/"):
        raise FeedbackError("Bitte geben Sie die Seite an, z. B. ?page=/artikel/…/", field="page")
    if not ctx(request).pages.exists(page):
        raise NotFound("Diese Seite gibt es nicht.", field="page")
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
async def own_status(request: Request, token: str = TOKEN) -> JSONResponse:
    item = ctx(request).service.status(token)
    return JSONResponse(
        {**item.public(), "text": item.text, "email_confirmed": item.email_confirmed}
    )


@router.delete("/status/{token}", status_code=204)
async def erase(request: Request, token: str = TOKEN) -> Response:
    check_same_site(request)
    ctx(request).service.erase(token)
    return Response(status_code=204)

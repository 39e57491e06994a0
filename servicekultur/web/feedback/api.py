"""JSON API of the feedback service (used by the page script and by other clients)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from servicekultur.feedback.model import MAX_URL
from servicekultur.web.feedback.context import ctx
from servicekultur.web.feedback.intake import check_same_site, json_body, submission_answer
from servicekultur.web.feedback.published import published_body
from servicekultur.web.feedback.readcache import read_cache

router = APIRouter(prefix="/api/feedback")
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
    """Accept one submission; 201 once it is committed, with a fresh token for the next one.
    A JSON body is taken at the edge of the app (``edge.py``), by the same function."""
    data = await json_body(request)
    return JSONResponse(await submission_answer(request, data), status_code=201)


@router.get("")
async def page_feedback(
    request: Request,
    page: str = Query("", max_length=MAX_URL),
    since: str = Query("", max_length=40),
) -> Response:
    """Published feedback of one page (optionally only what was published after ``since``);
    what the view answers with 200 the edge of the app answers first, cached 2 s per process
    (``edge.py``); problems end up here."""
    body = published_body(ctx(request), page, since)
    return Response(body, media_type="application/json")


@router.get("/status/{token}")
async def own_status(request: Request, token: str = TOKEN) -> JSONResponse:
    item = ctx(request).service.status(token)
    return JSONResponse(
        {**item.public(), "text": item.text, "email_confirmed": item.email_confirmed}
    )


@router.delete("/status/{token}")
async def erase(request: Request, token: str = TOKEN) -> Response:
    check_same_site(request)
    erased = await asyncio.to_thread(ctx(request).service.erase, token)
    read_cache(request.app).clear()
    service = ctx(request).service
    message = service.erased_message(erased.was_public, service.worker_running())
    return JSONResponse({"message": message})

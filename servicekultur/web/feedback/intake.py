"""Taking in a submission: request bodies parsed with limits, bot signals, the form token.

Shared by the JSON API and the no-JS form; ends in ``FeedbackService.submit``.
"""

from __future__ import annotations

import asyncio
import json
import re
from urllib.parse import parse_qsl

from fastapi import HTTPException, Request

from servicekultur.feedback.model import FeedbackError, FeedbackItem, Refused
from servicekultur.feedback.moderation import status_path
from servicekultur.web.feedback.context import ctx
from servicekultur.web.feedback.security import USED, CheckedToken, check_origin

MAX_DEPTH = 8  # a submission is a flat object; nothing legitimate nests deeper
MAX_DIGITS = 30  # longer numbers are refused before Python converts them
MAX_FIELDS = 20
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
NOT_JSON = "Die Anfrage ist kein gültiges JSON."


def _depth(raw: bytes) -> int:
    depth = peak = 0
    for match in _BRACKET.finditer(_STRING.sub(b'""', raw)):
        depth += 1 if match.group() in (b"[", b"{") else -1
        peak = max(peak, depth)
    return peak


def _number(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise FeedbackError("Die Anfrage enthält eine zu lange Zahl.")
    return int(text)


def _no_constant(name: str) -> None:
    raise FeedbackError(NOT_JSON)


def parse_json(raw: bytes) -> dict:
    """A JSON object, with nesting and number size limited (never a RecursionError or a 500)."""
    # the nesting can only be as deep as there are opening brackets (the scan is the slow part)
    if raw.count(b"{") + raw.count(b"[") > MAX_DEPTH and _depth(raw) > MAX_DEPTH:
        raise FeedbackError("Die Anfrage ist zu tief verschachtelt.")
    try:
        data = json.loads(raw.decode("utf-8"), parse_int=_number, parse_constant=_no_constant)
    except UnicodeDecodeError as error:
        raise FeedbackError("Die Anfrage ist kein gültiges UTF-8.") from error
    except (json.JSONDecodeError, RecursionError, ValueError) as error:
        if isinstance(error, FeedbackError):
            raise
        raise FeedbackError(NOT_JSON) from error
    if not isinstance(data, dict):
        raise FeedbackError("Die Anfrage muss ein JSON-Objekt mit den Formularfeldern sein.")
    return data


async def json_body(request: Request) -> dict:
    if not request.headers.get("content-type", "").startswith("application/json"):
        raise HTTPException(
            415, "Bitte senden Sie die Rückmeldung als JSON (Content-Type: application/json)."
        )
    return parse_json(await request.body())


async def form_pairs(request: Request, max_fields: int = MAX_FIELDS) -> list[tuple[str, str]]:
    """The fields of a url-encoded form body, in order (a name may repeat), with limits."""
    kind = request.headers.get("content-type", "")
    if not kind.startswith("application/x-www-form-urlencoded"):
        raise HTTPException(415, "Das Formular wurde in einem unerwarteten Format gesendet.")
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FeedbackError("Die Anfrage ist kein gültiges UTF-8.") from error
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict", max_num_fields=max_fields)
    except (UnicodeDecodeError, ValueError) as error:
        raise FeedbackError("Die Formulardaten sind nicht lesbar (ungültige Kodierung).") from error


async def form_data(request: Request) -> dict[str, str]:
    return dict(await form_pairs(request))


def check_same_site(request: Request) -> None:
    """Browser requests from other sites are refused (JSON API and forms alike)."""
    public = ctx(request).settings.public_url.rstrip("/")
    check_origin(
        request.headers.get("origin"),
        request.headers.get("referer"),
        request.headers.get("host"),
        {public},
    )


def check_token(
    request: Request, token: object, page: str, min_fill: float | None = None
) -> CheckedToken:
    """Nonce and chain of a valid form token issued for ``page`` (see ``FormTokens``)."""
    return ctx(request).tokens.check(token, page, min_fill=min_fill)


async def claim(request: Request, nonce: str) -> None:
    """Use the token up (once, across all server processes)."""
    claims = ctx(request).claims
    if not await asyncio.to_thread(claims.claim, nonce):
        raise Refused(USED)


async def accept(request: Request, data: dict) -> tuple[FeedbackItem, CheckedToken]:
    """Honeypot, same-site check, the fields, then the form token of exactly that page; the
    writer checks the limits (per form and per address), claims the token and stores."""
    if str(data.get("website") or "").strip():
        raise FeedbackError(
            "Ihre Rückmeldung sieht nach automatisch erzeugtem Spam aus und "
            "wurde nicht gespeichert."
        )
    check_same_site(request)
    c = ctx(request)
    sub = c.service.check(data)
    checked = check_token(request, data.get("form_token"), sub.page)
    item = await c.service.submit(
        sub, c.client(request), c.form_key(checked.chain), nonce=checked.nonce
    )
    return item, checked


async def submission_answer(request: Request, data: dict) -> dict:
    """A JSON submission taken: what ``POST /api/feedback`` answers with 201 (the view and the
    edge of the app, ``edge.py``), with a fresh token for the next submission of the form."""
    item, checked = await accept(request, data)
    c = ctx(request)
    return {
        "id": item.id,
        "status": item.status,
        "status_url": status_path(item),
        "form_token": c.tokens.issue(item.page, checked.chain),
        "message": c.service.received_message(item),
    }

"""Feedback without JavaScript: form POST → 303 → confirmation; status, erasure, opt-in pages."""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse

from servicekultur.feedback.model import TYPES, FeedbackError
from servicekultur.web.errors import retry_headers, status_of
from servicekultur.web.feedback.api import check_bot_signals
from servicekultur.web.feedback.context import ctx

router = APIRouter(prefix="/feedback")


async def _form_data(request: Request) -> dict[str, str]:
    kind = request.headers.get("content-type", "")
    if not kind.startswith("application/x-www-form-urlencoded"):
        raise HTTPException(415, "Das Formular wurde in einem unerwarteten Format gesendet.")
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FeedbackError("Die Anfrage ist kein gültiges UTF-8.") from error
    try:
        pairs = parse_qsl(
            text, keep_blank_values=True, strict_parsing=False, errors="strict", max_num_fields=20
        )
    except (UnicodeDecodeError, ValueError) as error:
        raise FeedbackError("Die Formulardaten sind nicht lesbar (ungültige Kodierung).") from error
    return dict(pairs)


@router.post("/senden")
async def send(request: Request):
    """The no-JS form: on success 303 to the confirmation page, else the form with the message."""
    data: dict[str, str] = {}
    try:
        data = await _form_data(request)
        check_bot_signals(request, data)
        item = await ctx(request).service.submit(data, ctx(request).client(request))
    except FeedbackError as error:
        return form_page(request, data, error)
    return RedirectResponse(f"/feedback/status/{item.token}?neu=1", status_code=303)


def form_page(request: Request, data: dict[str, str], error: FeedbackError):
    """The form again, filled in as sent, with the problem and a fresh token."""
    response = ctx(request).render(
        "form.html",
        code=status_of(error),
        error=error,
        data=data,
        types=TYPES,
        form_token=ctx(request).tokens.issue(),
    )
    response.headers.update(retry_headers(error))
    return response


@router.get("/status/{token}")
async def status(request: Request, token: str, neu: str = ""):
    item = ctx(request).service.status(token)
    return ctx(request).render(
        "status.html",
        item=item,
        new=bool(neu),
        expect=ctx(request).service.expected_answer(),
        form_token=ctx(request).tokens.issue(),
        token=token,
    )


@router.post("/status/{token}/loeschen")
async def erase(request: Request, token: str):
    data = await _form_data(request)
    ctx(request).tokens.check(data.get("form_token", ""), min_fill=0)  # a click, not a form
    ctx(request).service.erase(token)
    return RedirectResponse("/feedback/geloescht", status_code=303)


@router.get("/geloescht")
async def erased(request: Request):
    return ctx(request).render(
        "message.html",
        title="Rückmeldung gelöscht",
        text="Ihre Rückmeldung und alle Angaben dazu sind gelöscht.",
    )


@router.get("/bestaetigen/{token}")
async def confirm(request: Request, token: str):
    item = ctx(request).service.confirm_email(token)
    return ctx(request).render(
        "message.html",
        title="E-Mail-Adresse bestätigt",
        text="Danke! Wir benachrichtigen Sie, sobald die Redaktion auf Ihre Rückmeldung antwortet.",
        link=f"/feedback/status/{item.token}",
        link_text="Zu Ihrer Rückmeldung",
    )

"""Feedback without JavaScript: form POST → 303 → confirmation; status, erasure, opt-in pages."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse

from servicekultur.feedback.model import TYPES, FeedbackError
from servicekultur.web.errors import retry_headers, status_of
from servicekultur.web.feedback.context import ctx
from servicekultur.web.feedback.intake import accept, check_same_site, check_token, claim, form_data
from servicekultur.web.feedback.readcache import read_cache

router = APIRouter(prefix="/feedback")
TOKEN = Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
FORM_FIELDS = ["page", "item", "type", "text", "name", "email", "consent", "form_token", "website"]
FORM = {  # documented for /openapi.json (the body is parsed by form_data, with limits)
    "requestBody": {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {name: {"type": "string"} for name in FORM_FIELDS},
                }
            }
        }
    }
}


@router.post("/senden", openapi_extra=FORM)
async def send(request: Request):
    """The no-JS form: on success 303 to the confirmation page, else the form with the message."""
    data: dict[str, str] = {}
    try:
        data = await form_data(request)
        item, _checked = await accept(request, data)
    except FeedbackError as error:
        return form_page(request, data, error)
    return RedirectResponse(f"/feedback/status/{item.token}?neu=1", status_code=303)


def form_page(request: Request, data: dict[str, str], error: FeedbackError):
    """The form again, filled in as sent, with the problem and a fresh token; the way back
    and the token only for a page the site has (never a link the request brought along)."""
    c = ctx(request)
    page = data.get("page", "")
    known = page if c.running and c.pages.exists(page) else ""
    response = c.render(
        "form.html",
        code=status_of(error),
        error=error,
        data=data,
        page=known,
        types=TYPES,
        form_token=c.tokens.issue(known) if known else "",
    )
    response.headers.update(retry_headers(error))
    return response


@router.get("/status/{token}")
async def status(request: Request, token: str = TOKEN, neu: str = ""):
    c = ctx(request)
    item = c.service.status(token)
    return c.render(
        "status.html",
        item=item,
        page_title=c.pages.title(item.page),
        new=bool(neu),
        expect=c.service.expected_answer(),
        mail=c.service.mail_message() if item.email and not item.email_confirmed else "",
        token=token,
    )


def erase_path(token: str) -> str:
    return f"/feedback/status/{token}/loeschen"


@router.get("/status/{token}/loeschen")
async def confirm_erase(request: Request, token: str = TOKEN):
    """The confirmation step: what will be erased, and where it is shown until then."""
    c = ctx(request)
    item = c.service.status(token)
    return c.render(
        "erase.html",
        item=item,
        token=token,
        form_token=c.tokens.issue(erase_path(token)),
        worker=c.service.worker_running(),
    )


@router.post("/status/{token}/loeschen", openapi_extra=FORM)
async def erase(request: Request, token: str = TOKEN):
    """Erase for good; only with the token of the confirmation page (so never in one click)."""
    data = await form_data(request)
    check_same_site(request)
    checked = check_token(request, data.get("form_token"), erase_path(token), min_fill=0)
    c = ctx(request)
    c.service.status(token)  # 404 before the token is used up
    await claim(request, checked.nonce)
    erased = await asyncio.to_thread(c.service.erase, token)  # may wait for a checkpoint
    read_cache(request.app).clear()
    if not erased.was_public:
        where = "privat"
    else:
        where = "seite" if c.service.worker_running() else "neubau"
    return RedirectResponse(f"/feedback/geloescht?stand={where}", status_code=303)


@router.get("/geloescht")
async def erased(request: Request, stand: str = Query("privat", max_length=10)):
    c = ctx(request)
    public, worker = stand in ("seite", "neubau"), stand == "seite"
    return c.render(
        "message.html",
        title="Rückmeldung gelöscht",
        text=c.service.erased_message(public, worker),
    )


@router.get("/bestaetigen/{token}")
async def confirm(request: Request, token: str = TOKEN):
    """The link of the opt-in mail (its own token; the status link cannot confirm)."""
    item = ctx(request).service.confirm_email(token)
    return ctx(request).render(
        "message.html",
        title="E-Mail-Adresse bestätigt",
        text="Danke! Wir benachrichtigen Sie, sobald die Redaktion auf Ihre Rückmeldung antwortet.",
        link=f"/feedback/status/{item.token}",
        link_text="Zu Ihrer Rückmeldung",
    )

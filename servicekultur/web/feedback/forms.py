"""Feedback without JavaScript: form POST → 303 → confirmation; status, erasure, opt-in pages."""

from __future__ import annotations

from fastapi import APIRouter, Path, Request
from fastapi.responses import RedirectResponse

from servicekultur.feedback.model import TYPES, FeedbackError
from servicekultur.web.errors import retry_headers, status_of
from servicekultur.web.feedback.context import ctx
from servicekultur.web.feedback.intake import accept, check_same_site, check_token, claim, form_data

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
        item = await accept(request, data)
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
        new=bool(neu),
        expect=c.service.expected_answer(),
        form_token=c.tokens.issue(f"/feedback/status/{token}"),
        token=token,
    )


@router.post("/status/{token}/loeschen", openapi_extra=FORM)
async def erase(request: Request, token: str = TOKEN):
    data = await form_data(request)
    check_same_site(request)
    nonce = check_token(request, data.get("form_token"), f"/feedback/status/{token}", min_fill=0)
    ctx(request).service.status(token)  # 404 before the token is used up
    await claim(request, nonce)
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

"""/admin: login (see auth.py), the moderation queue, answers, export, the authors' feed."""

from __future__ import annotations

import hashlib
import hmac

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response

from servicekultur.feedback.export import to_csv, to_json
from servicekultur.feedback.model import STATUS_LABELS, FeedbackError, NotFound, Refused
from servicekultur.feedback.notify import authors_feed
from servicekultur.web.feedback import auth
from servicekultur.web.feedback.context import FeedbackContext, ctx
from servicekultur.web.feedback.forms import FORM
from servicekultur.web.feedback.intake import check_same_site, form_data

router = APIRouter(prefix="/admin")
ITEM_ID = Path(ge=1, le=2**31 - 1)
ACTIONS = {"approve": "veröffentlicht", "reject": "abgelehnt", "answer": "Antwort"}
ACTIONS["implemented"] = "umgesetzt"


def feed_key(c: FeedbackContext) -> str:
    return hmac.new(c.secret, b"authors-feed", hashlib.sha256).hexdigest()[:32]


async def _checked_form(request: Request, session) -> dict[str, str]:
    data = await form_data(request)
    check_same_site(request)
    auth.check_csrf(data, session)
    return data


@router.get("")
async def admin_root() -> RedirectResponse:
    return RedirectResponse("/admin/", status_code=307)


@router.get("/login")
async def login_page(request: Request):
    """The login form; it shows no text taken from the address."""
    return ctx(request).render("admin_login.html", title="Anmeldung", error="")


@router.post("/login", openapi_extra=FORM)
async def login(request: Request):
    c = ctx(request)
    auth.require_configured(c)
    check_same_site(request)
    client = c.client(request)
    auth.check_lockout(c, client)
    data = await form_data(request)
    if not await auth.password_matches(c, data.get("password", "")):
        c.login_failures.record(client)
        return c.render(
            "admin_login.html", code=401, title="Anmeldung", error="Das Passwort stimmt nicht."
        )
    c.login_failures.reset(client)
    response = RedirectResponse("/admin/", status_code=303)
    auth.start_session(request, response)
    return response


@router.post("/logout", openapi_extra=FORM)
async def logout(request: Request):
    session = auth.current_session(request)
    await _checked_form(request, session)
    response = RedirectResponse("/admin/login", status_code=303)
    auth.end_session(request, response, session)
    return response


@router.get("/")
async def queue(request: Request, status: str = Query("neu", max_length=20)):
    session = auth.current_session(request)
    c = ctx(request)
    if status not in STATUS_LABELS and status != "alle":
        raise FeedbackError("Unbekannter Status.")
    items = c.service.store.items(
        status=None if status == "alle" else status, newest_first=True, limit=500
    )
    counts = {key: c.service.store.count(key) for key in STATUS_LABELS}
    return c.render(
        "admin_list.html",
        title="Feedback moderieren",
        items=items,
        status=status,
        labels=STATUS_LABELS,
        counts=counts,
        csrf=session.csrf,
        feed=f"/admin/feed.atom?key={feed_key(c)}",
    )


@router.get("/feedback/{item_id}")
async def detail(request: Request, item_id: int = ITEM_ID, ok: str = Query("", max_length=20)):
    session = auth.current_session(request)
    item = ctx(request).service.store.get(item_id)
    return ctx(request).render(
        "admin_item.html",
        title=f"Rückmeldung {item.id}",
        item=item,
        csrf=session.csrf,
        ok=ACTIONS.get(ok, ""),
    )


@router.post("/feedback/{item_id}", openapi_extra=FORM)
async def act(request: Request, item_id: int = ITEM_ID):
    session = auth.current_session(request)
    data = await _checked_form(request, session)
    moderation = ctx(request).service.moderation
    action = data.get("action", "")
    if action == "approve":
        moderation.approve(item_id)
    elif action == "reject":
        moderation.reject(item_id)
    elif action == "answer":
        moderation.answer(item_id, data.get("answer", ""), data.get("author", "") or "Redaktion")
    elif action == "implemented":
        moderation.implemented(item_id, data.get("change_url", ""))
    else:
        raise FeedbackError("Unbekannte Aktion.")
    return RedirectResponse(f"/admin/feedback/{item_id}?ok={action}", status_code=303)


@router.get("/export.{fmt}")
async def export(request: Request, fmt: str = Path(max_length=10)):
    auth.current_session(request)
    if fmt not in ("json", "csv"):
        raise NotFound("Export gibt es als .json und .csv.")
    items = ctx(request).service.store.items()
    if fmt == "json":
        return Response(
            to_json(items),
            media_type="application/json",
            headers={"Content-Disposition": 'attachment; filename="feedback.json"'},
        )
    return Response(
        to_csv(items),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="feedback.csv"'},
    )


@router.get("/feed.atom")
async def feed(request: Request, key: str = Query("", max_length=100)):
    c = ctx(request)
    if not hmac.compare_digest(key.encode(), feed_key(c).encode()):
        raise Refused("Dieser Feed braucht den Schlüssel aus der Moderationsseite.")
    items = c.service.store.items(newest_first=True, limit=50)
    return Response(authors_feed(items, c.settings.public_url), media_type="application/atom+xml")

"""/admin: password login (argon2, rate-limited), the moderation queue, answers, export, feed."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from servicekultur.feedback.export import to_csv, to_json
from servicekultur.feedback.model import (
    STATUS_LABELS,
    FeedbackError,
    NotFound,
    RateLimited,
    Refused,
)
from servicekultur.feedback.notify import authors_feed
from servicekultur.web.errors import LoginNeeded
from servicekultur.web.feedback.context import FeedbackContext, ctx
from servicekultur.web.feedback.forms import _form_data

router = APIRouter(prefix="/admin")
COOKIE = "kb_admin"
SESSION_SECONDS = 8 * 3600
_hasher = PasswordHasher()


def _serializer(c: FeedbackContext) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(c.secret, salt="kb-admin-session")


def _session(request: Request) -> dict | None:
    raw = request.cookies.get(COOKIE)
    if not raw:
        return None
    try:
        return _serializer(ctx(request)).loads(raw, max_age=SESSION_SECONDS)
    except BadSignature:
        return None


def _require(request: Request) -> dict:
    _require_configured(ctx(request))
    session = _session(request)
    if session is None:
        raise LoginNeeded
    return session


def feed_key(c: FeedbackContext) -> str:
    return hmac.new(c.secret, b"authors-feed", hashlib.sha256).hexdigest()[:32]


async def _checked_form(request: Request, session: dict) -> dict[str, str]:
    data = await _form_data(request)
    if not hmac.compare_digest(data.get("csrf", ""), session["csrf"]):
        raise Refused("Sicherheits-Token fehlt oder ist abgelaufen. Bitte laden Sie die Seite neu.")
    return data


@router.get("")
async def admin_root() -> RedirectResponse:
    return RedirectResponse("/admin/", status_code=307)


@router.get("/login")
async def login_page(request: Request, error: str = ""):
    return ctx(request).render("admin_login.html", title="Anmeldung", error=error)


@router.post("/login")
async def login(request: Request):
    c = ctx(request)
    _require_configured(c)
    client = c.client(request)
    if not c.login_limiter.hit(client):
        wait = c.login_limiter.retry_after(client)
        raise RateLimited(f"Zu viele Anmeldeversuche. Bitte warten Sie {wait} Sekunden.", wait)
    data = await _form_data(request)
    try:
        _hasher.verify(c.settings.admin_password_hash, data.get("password", ""))
    except (VerificationError, InvalidHashError):
        return c.render(
            "admin_login.html", code=401, title="Anmeldung", error="Das Passwort stimmt nicht."
        )
    c.login_limiter.reset(client)
    response = RedirectResponse("/admin/", status_code=303)
    value = _serializer(c).dumps({"csrf": secrets.token_urlsafe(16)})
    response.set_cookie(
        COOKIE,
        value,
        max_age=SESSION_SECONDS,
        path="/admin",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


def _require_configured(c: FeedbackContext) -> None:
    if not c.settings.admin_password_hash:
        raise HTTPException(
            503,
            "Die Moderation ist nicht eingerichtet: Setzen Sie "
            "KB_ADMIN_PASSWORD_HASH (erzeugen mit „invoke feedback.password“).",
        )


@router.post("/logout")
async def logout(request: Request):
    session = _require(request)
    await _checked_form(request, session)
    response = RedirectResponse("/admin/login", status_code=303)
    response.delete_cookie(COOKIE, path="/admin")
    return response


@router.get("/")
async def queue(request: Request, status: str = "neu"):
    session = _require(request)
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
        csrf=session["csrf"],
        feed=f"/admin/feed.atom?key={feed_key(c)}",
    )


@router.get("/feedback/{item_id}")
async def detail(request: Request, item_id: int, ok: str = ""):
    session = _require(request)
    item = ctx(request).service.store.get(item_id)
    done = {
        "approve": "veröffentlicht",
        "reject": "abgelehnt",
        "answer": "Antwort",
        "implemented": "umgesetzt",
    }.get(ok, "")
    return ctx(request).render(
        "admin_item.html", title=f"Rückmeldung {item.id}", item=item, csrf=session["csrf"], ok=done
    )


@router.post("/feedback/{item_id}")
async def act(request: Request, item_id: int):
    session = _require(request)
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
async def export(request: Request, fmt: str):
    _require(request)
    items = ctx(request).service.store.items()
    if fmt == "json":
        return Response(
            to_json(items),
            media_type="application/json",
            headers={"Content-Disposition": 'attachment; filename="feedback.json"'},
        )
    if fmt == "csv":
        return Response(
            to_csv(items),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="feedback.csv"'},
        )
    raise NotFound("Export gibt es als .json und .csv.")


@router.get("/feed.atom")
async def feed(request: Request, key: str = ""):
    c = ctx(request)
    if not hmac.compare_digest(key, feed_key(c)):
        raise Refused("Dieser Feed braucht den Schlüssel aus der Moderationsseite.")
    items = c.service.store.items(newest_first=True, limit=50)
    return Response(authors_feed(items, c.settings.public_url), media_type="application/atom+xml")

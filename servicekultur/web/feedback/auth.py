"""Admin login: argon2 check off the event loop with a global cap, lock-out per client in the
database, server-side sessions (``servicekultur.feedback.access``) behind an HttpOnly cookie."""

from __future__ import annotations

import hmac

import anyio
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import HTTPException, Request
from fastapi.responses import Response

from servicekultur.feedback.access import Session
from servicekultur.feedback.model import RateLimited, Refused
from servicekultur.web.errors import LoginNeeded
from servicekultur.web.feedback.context import FeedbackContext, ctx

COOKIE = "kb_admin"
MAX_PASSWORD = 1024  # longer input is not hashed at all
MAX_WAITING = 16  # checks queued beyond this are refused with 429
_hasher = PasswordHasher()


def require_configured(c: FeedbackContext) -> None:
    if not c.settings.admin_password_hash:
        raise HTTPException(
            503,
            "Die Moderation ist nicht eingerichtet: Setzen Sie "
            "KB_ADMIN_PASSWORD_HASH (erzeugen mit „invoke feedback.password“).",
        )


def current_session(request: Request) -> Session:
    """The live session of the request's cookie, else the browser goes to the login page."""
    c = ctx(request)
    require_configured(c)
    session = c.sessions.get(request.cookies.get(COOKIE, ""), c.settings.admin_password_hash)
    if session is None:
        raise LoginNeeded
    return session


def check_csrf(data: dict[str, str], session: Session) -> None:
    sent = data.get("csrf", "").encode("utf-8", "surrogatepass")
    if not hmac.compare_digest(sent, session.csrf.encode()):
        raise Refused("Sicherheits-Token fehlt oder ist abgelaufen. Bitte laden Sie die Seite neu.")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def password_matches(c: FeedbackContext, password: str) -> bool:
    """The argon2 check in a worker thread; at most ``c.hash_checks`` at once per process."""
    if not password or len(password) > MAX_PASSWORD:
        return False
    limiter = c.hash_checks
    if limiter.statistics().tasks_waiting >= MAX_WAITING:
        raise RateLimited("Gerade melden sich sehr viele an. Bitte versuchen Sie es gleich.", 5)
    return await anyio.to_thread.run_sync(
        _verify, c.settings.admin_password_hash, password, limiter=limiter
    )


def check_lockout(c: FeedbackContext, client: str) -> None:
    """Too many wrong passwords from this client (only this one: others can still log in)."""
    wait = c.login_failures.retry_after(client)
    if wait:
        raise RateLimited(f"Zu viele Anmeldeversuche. Bitte warten Sie {wait} Sekunden.", wait)


def start_session(request: Request, response: Response) -> None:
    """A fresh session id at every login; a session the browser still had is ended."""
    c = ctx(request)
    old = request.cookies.get(COOKIE) or None
    session = c.sessions.create(c.settings.admin_password_hash, replaces=old)
    response.set_cookie(
        COOKIE,
        session.cookie,
        path="/admin",
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def end_session(request: Request, response: Response, session: Session) -> None:
    ctx(request).sessions.delete(session.cookie)
    response.delete_cookie(COOKIE, path="/admin")

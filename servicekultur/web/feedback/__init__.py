"""Feedback views: JSON API, no-JS forms and /admin. No SQL here; errors handled in one place."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse

from servicekultur.config import Settings
from servicekultur.feedback.model import FeedbackError
from servicekultur.feedback.store import StoreError
from servicekultur.web.feedback import admin, api, forms
from servicekultur.web.feedback.context import FeedbackContext
from servicekultur.web.feedback.security import SecurityMiddleware

logger = logging.getLogger(__name__)


def _feedback_error(request: Request, exc: FeedbackError):
    headers = {}
    if getattr(exc, "retry_after", None):
        headers["Retry-After"] = str(exc.retry_after)
    if request.url.path.startswith("/api/"):
        body = {"error": exc.message, **({"field": exc.field} if exc.field else {})}
        return JSONResponse(body, status_code=exc.status, headers=headers)
    response = request.app.state.feedback.render(
        "message.html",
        code=exc.status,
        title="Das hat nicht geklappt",
        text=exc.message,
    )
    response.headers.update(headers)
    return response


def _store_error(request: Request, exc: StoreError):
    logger.error("feedback: storage unavailable: %s", exc)
    return _feedback_error(
        request,
        FeedbackError(
            "Rückmeldungen können gerade nicht gespeichert werden. Bitte versuchen Sie es "
            "in einigen Minuten noch einmal.",
            status=503,
        ),
    )


def _login_needed(request: Request, exc: admin.LoginNeeded):
    return RedirectResponse("/admin/login", status_code=303)


def _close_on_shutdown(app: FastAPI) -> None:
    """Drain the writer queue and stop the background threads when the server stops."""
    previous = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app_):
        async with previous(app_) as state:
            yield state
        app.state.feedback.service.close()

    app.router.lifespan_context = lifespan


def install_feedback(app: FastAPI, settings: Settings) -> None:
    """Open (and migrate) the store, add the routers, error handlers and the security layer."""
    app.state.feedback = FeedbackContext.create(settings)
    app.include_router(api.router)
    app.include_router(forms.router)
    app.include_router(admin.router)
    app.add_exception_handler(FeedbackError, _feedback_error)
    app.add_exception_handler(StoreError, _store_error)
    app.add_exception_handler(admin.LoginNeeded, _login_needed)
    _close_on_shutdown(app)
    app.add_middleware(
        SecurityMiddleware, max_body=settings.max_body_bytes, tokens=app.state.feedback.tokens
    )


__all__ = ["install_feedback"]

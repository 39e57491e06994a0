"""Feedback views: JSON API, no-JS forms and /admin. No SQL here; errors are turned into
responses in one place (``servicekultur/web/errors.py``)."""

from __future__ import annotations

from fastapi import FastAPI

from servicekultur.config import Settings
from servicekultur.web.feedback import admin, api, forms
from servicekultur.web.feedback.context import FeedbackContext


def install_feedback(app: FastAPI, settings: Settings) -> None:
    """The feedback context (opened at start-up, see ``startup.start_feedback``) and routers."""
    app.state.feedback = FeedbackContext(settings)
    app.state.render_message = app.state.feedback.render_message
    app.include_router(api.router)
    app.include_router(forms.router)
    app.include_router(admin.router)


__all__ = ["install_feedback"]

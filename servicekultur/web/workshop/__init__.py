"""Live workshop rounds in the service: ``/workshop/neu`` (start), ``/runde/<code>`` (vote),
``/runde/<code>/projektor`` and ``/leitung`` (trainer). No SQL here (``workshop/rounds``);
errors are answered in one place (``servicekultur/web/errors.py``)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from servicekultur.config import Settings
from servicekultur.web.startup import periodically
from servicekultur.web.workshop import participant, projector, trainer
from servicekultur.web.workshop.context import PURGE_EVERY, RoundsContext


def install_workshop(app: FastAPI, settings: Settings) -> None:
    """The rounds' context and routers; their store opens inside the app's lifespan (after
    the feedback store, whose database it shares) and rounds past their days are purged."""
    app.state.rounds = context = RoundsContext(settings)
    outer = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(_app) -> AsyncIterator[None]:
        async with outer(_app):
            context.start()
            try:
                async with periodically(context.purge, PURGE_EVERY, "workshop rounds"):
                    yield
            finally:
                context.stop()

    app.router.lifespan_context = lifespan
    for module in (trainer, participant, projector):
        app.include_router(module.router)


__all__ = ["install_workshop"]

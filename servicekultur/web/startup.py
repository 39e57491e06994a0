"""Start-up and shutdown jobs of the service, each an explicit function.

``create_app`` only wires routers, handlers and middleware; the jobs that touch disk, database
or the search index run here, from the app's lifespan (every server process) or from the serve
task before the server starts (``prepare``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from functools import partial

from fastapi import FastAPI

from servicekultur.config import Settings
from servicekultur.feedback.model import StoreError
from servicekultur.feedback.notify import MailConfig
from servicekultur.feedback.service import FeedbackService
from servicekultur.feedback.store import FeedbackStore
from servicekultur.search.serve.service import IndexUnavailable, SearchService
from servicekultur.web.feedback.context import FeedbackContext
from servicekultur.web.feedback.security import TOKEN_MAX_AGE

logger = logging.getLogger(__name__)

PURGE_EVERY = 3600.0  # seconds between scheduled purges in each server process


def ensure_secret_key(settings: Settings) -> bytes:
    """KB_SECRET_KEY, or a random key generated once into the state folder."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.state_dir / "secret_key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".secret_key.{os.getpid()}")
        tmp.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # atomic: with several workers exactly one key wins
            logger.info("feedback: generated a secret key in %s", path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text(encoding="utf-8").strip().encode()


def migrate_feedback(settings: Settings) -> None:
    """Create or migrate the feedback tables (StoreError when the database is unreachable)."""
    FeedbackStore.open(settings.database).close()


def purge_rejected(store: FeedbackStore, retention_days: int) -> int:
    """Erase rejected items past the retention period; returns how many."""
    removed = store.purge_rejected(retention_days)
    if removed:
        logger.info("feedback: %s rejected items past retention erased", removed)
    return removed


def purge(feedback: FeedbackContext) -> None:
    """Everything past its time: rejected items, ended sessions, old login failures, used
    form tokens older than any token can be."""
    purge_rejected(feedback.service.store, feedback.settings.retention_days)
    feedback.sessions.purge()
    feedback.login_failures.purge()
    feedback.service.per_form.purge()
    feedback.service.per_address.purge()
    feedback.claims.purge(timedelta(seconds=TOKEN_MAX_AGE))


def warm_search(search: SearchService, settings: Settings) -> None:
    """Open the search index before the first query (a missing index is only a warning)."""
    try:
        search.index()
    except IndexUnavailable:
        logger.warning("no search index at %s yet", settings.search_index)


def prepare(settings: Settings) -> None:
    """Jobs to run once before any server process starts (the serve task calls this)."""
    ensure_secret_key(settings)
    migrate_feedback(settings)


def start_feedback(feedback: FeedbackContext) -> None:
    """Open the store with its writer thread and purge what is past retention."""
    settings = feedback.settings
    secret = ensure_secret_key(settings)
    migrate_feedback(settings)
    service = FeedbackService.create(
        settings.database,
        MailConfig.from_settings(settings),
        settings.rate_limit,
        settings.rate_limit_address,
        run_migrations=False,
        page_exists=feedback.pages.exists,
        item_exists=feedback.pages.has_item,
    )
    feedback.started(service, secret)


@asynccontextmanager
async def periodically(job: Callable[[], object], every: float, what: str) -> AsyncIterator[None]:
    """``job`` (blocking: it runs in a thread) once before the block — a clean-up at start-up
    is done before the first request — then every ``every`` seconds while the block runs. A
    database away for a moment is a warning; the next run tries again."""

    async def once() -> None:
        try:
            await asyncio.to_thread(job)
        except StoreError as error:
            logger.warning("%s: scheduled purge failed: %s", what, error)

    async def repeat() -> None:
        while True:
            await asyncio.sleep(every)
            await once()

    await once()
    task = asyncio.create_task(repeat())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def lifespan_of(app: FastAPI):
    """The lifespan of ``app``: per server process, start feedback and warm the search index;
    close the store at the end. Bound to ``app`` so that it also works when ``app`` is mounted
    inside another application (the preview server passes it on)."""

    @asynccontextmanager
    async def lifespan(_app) -> AsyncIterator[None]:
        start_feedback(app.state.feedback)
        try:
            async with periodically(partial(purge, app.state.feedback), PURGE_EVERY, "feedback"):
                warm_search(app.state.search, app.state.settings)
                yield
        finally:
            app.state.feedback.stop()

    return lifespan


__all__ = [
    "ensure_secret_key",
    "lifespan_of",
    "migrate_feedback",
    "periodically",
    "prepare",
    "purge",
    "purge_rejected",
    "start_feedback",
    "warm_search",
]

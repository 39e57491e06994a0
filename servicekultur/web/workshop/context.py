"""The live-round parts of the app: settings, templates, limits, and (once started) the store,
the vote writer and the tokens."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from servicekultur.config import Settings
from servicekultur.feedback.checkpoint import Checkpointer
from servicekultur.feedback.model import RateLimited, StoreError
from servicekultur.feedback.privacy import client_key
from servicekultur.feedback.rows import lock_path
from servicekultur.feedback.schema import sqlite_path
from servicekultur.web.feedback.clients import client_address
from servicekultur.web.startup import ensure_secret_key
from servicekultur.web.workshop.security import RoundTokens
from servicekultur.workshop.address import check_public
from servicekultur.workshop.limits import RateLimiter
from servicekultur.workshop.rounds.catalog import CatalogFile
from servicekultur.workshop.rounds.model import Round
from servicekultur.workshop.rounds.store import RoundStore
from servicekultur.workshop.rounds.writer import VoteWriter

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
NOT_STARTED = "Die Live-Runden starten gerade. Bitte versuchen Sie es gleich noch einmal."
PURGE_EVERY = 3600.0  # seconds between deletions of rounds past KB_WORKSHOP_ROUND_DAYS
TOO_MANY = "Zu viele Anfragen von diesem Gerät oder Netz. Bitte warten Sie einen Moment."
# Fixed ceilings for what no room needs often: starting rounds, guessing a round's key.
NEW_ROUNDS_PER_HOUR = 30
WRONG_KEYS_PER_15_MIN = 10
NO_STORE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}
ROUND_CACHE_SECONDS = 2.0  # a vote reads its round from here; closing is checked when writing


class RoundsContext:
    """Built by ``create_app`` without touching disk or database; ``start`` opens the store."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.days = settings.workshop_round_days
        self.catalog = CatalogFile(settings.output_dir)
        self.templates = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True)
        )
        self.device_limiter = RateLimiter(settings.workshop_vote_limit, 60.0)
        self.address_limiter = RateLimiter(settings.workshop_address_limit, 60.0)
        self.new_round_limiter = RateLimiter(NEW_ROUNDS_PER_HOUR, 3600.0)
        self.key_limiter = RateLimiter(WRONG_KEYS_PER_15_MIN, 15 * 60.0)
        self.reach = check_public(settings.public_url, settings.port)
        self._store: RoundStore | None = None
        self._writer: VoteWriter | None = None
        self._checkpointer: Checkpointer | None = None
        self._tokens: RoundTokens | None = None
        self._secret = b""
        self._rounds: dict[str, tuple[float, Round]] = {}
        self._tallies: dict[tuple[str, int], dict] = {}

    # -- life cycle ----------------------------------------------------------------------
    def start(self) -> None:
        self._secret = ensure_secret_key(self.settings)
        sqlite = sqlite_path(self.settings.database) is not None
        store = RoundStore.open(self.settings.database, background_checkpoints=sqlite)
        self._checkpointer = Checkpointer(store) if sqlite else None
        self._writer = VoteWriter(store, lock_path(self.settings.database))
        self._tokens = RoundTokens(self._secret)
        self._store = store

    def stop(self) -> None:
        writer, self._writer = self._writer, None
        store, self._store = self._store, None
        checkpointer, self._checkpointer = self._checkpointer, None
        if writer is not None:
            writer.close()
        if checkpointer is not None:
            checkpointer.close()
        if store is not None:
            store.close()

    def purge(self) -> int:
        removed = self.store.purge(self.days)
        if removed:
            logger.info("workshop rounds: %s rounds past %s days deleted", removed, self.days)
        return removed

    @property
    def store(self) -> RoundStore:
        if self._store is None:
            raise StoreError(NOT_STARTED)
        return self._store

    @property
    def writer(self) -> VoteWriter:
        if self._writer is None:
            raise StoreError(NOT_STARTED)
        return self._writer

    @property
    def tokens(self) -> RoundTokens:
        if self._tokens is None:
            raise StoreError(NOT_STARTED)
        return self._tokens

    def round_for(self, code: str, fresh: bool = False) -> Round:
        """The round ``code`` (RoundNotFound), read again at most every couple of seconds."""
        now = time.monotonic()
        cached = self._rounds.get(code)
        if cached and not fresh and now - cached[0] < ROUND_CACHE_SECONDS:
            return cached[1]
        found = self.store.by_code(code)
        if len(self._rounds) > 1000:
            self._rounds.clear()
        self._rounds[code] = (now, found)
        return found

    def forget(self, code: str) -> None:
        self._rounds.pop(code, None)

    def tally_json(self, code: str, version: int) -> dict:
        """The count as the projector gets it, counted once per version of the round."""
        found = self._tallies.get((code, version))
        if found is None:
            found = self.store.tally(code).as_json()
            if len(self._tallies) > 200:
                self._tallies.clear()
            self._tallies[(code, found["version"])] = found
        return found

    # -- requests ------------------------------------------------------------------------
    def client(self, request: Request) -> str:
        address = client_address(request, tuple(self.settings.trusted_proxies))
        return client_key(self._secret, address)

    def limit(self, limiter: RateLimiter, key: str) -> None:
        if not limiter.hit(key):
            raise RateLimited(TOO_MANY, limiter.retry_after(key))

    def join_url(self, code: str) -> str:
        return f"{self.settings.public_url}/runde/{code}"

    def render(self, name: str, code: int = 200, **values) -> HTMLResponse:
        html = self.templates.get_template(name).render(reach=self.reach, days=self.days, **values)
        return HTMLResponse(html, status_code=code, headers=NO_STORE)


def rounds(request: Request) -> RoundsContext:
    return request.app.state.rounds

"""Group commit: one writer thread takes the submissions waiting, checks their rate limits,
claims their form tokens and inserts them in one transaction, and acknowledges each only after
that transaction is committed.

Durability: SQLite runs in WAL mode with ``synchronous=FULL``, so a commit returns only after the
WAL is synced to disk — once per batch, for every submission in it (PostgreSQL: its default
``synchronous_commit=on``, the same). An acknowledged submission survives a process crash and a
power loss. Rate limits and used tokens live in the same database: every server process, on
every machine, counts against the same limits.
"""

from __future__ import annotations

import asyncio
import fcntl
import logging
import queue
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from servicekultur.feedback.access import EventLimit, TokenClaims
from servicekultur.feedback.model import TOKEN_USED, RateLimited, Refused
from servicekultur.feedback.rows import utcnow
from servicekultur.feedback.schema import feedback
from servicekultur.feedback.store import FeedbackStore, StoreError

logger = logging.getLogger(__name__)

MAX_BATCH = 256
FORGET_EVERY = 10.0  # seconds between clean-ups of rate events past their window
TOO_MANY = (
    "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Rückmeldungen. Bitte warten Sie "
    "{wait} Sekunden und versuchen Sie es dann noch einmal."
)


def run_batches(entries: queue.Queue, commit, limit: int = MAX_BATCH) -> None:
    """A writer thread's loop: wait for an entry, take what else is queued (up to ``limit``)
    and ``commit`` it as one batch; ``None`` in the queue ends the loop after its batch."""
    while True:
        first = entries.get()
        if first is None:
            return
        batch, stop = [first], False
        while len(batch) < limit:
            try:
                entry = entries.get_nowait()
            except queue.Empty:
                break
            if entry is None:
                stop = True
                break
            batch.append(entry)
        commit(batch)
        if stop:
            return


@dataclass
class Pending:
    """One submission waiting for the writer: its row, its token, the limits it counts against."""

    row: dict
    nonce: str | None = None
    limits: list[tuple[EventLimit, str]] = field(default_factory=list)
    future: Future = field(default_factory=Future)


class BatchWriter:
    """Serialises inserts through one thread; ``submit`` returns the new id once committed."""

    def __init__(
        self, store: FeedbackStore, lock_path: Path | None = None, engine: Engine | None = None
    ) -> None:
        self.store = store
        self.engine = engine or store.engine
        # Several server processes on one SQLite file: a blocking file lock hands the write
        # lock over at once, where SQLite's busy handler would sleep and poll.
        self._lock = open(lock_path, "a+b") if lock_path else None  # noqa: SIM115
        self._queue: queue.Queue[Pending | None] = queue.Queue()
        self._forgotten = 0.0
        self._thread = threading.Thread(target=self._run, name="feedback-writer", daemon=True)
        self._thread.start()

    def submit_future(self, pending: Pending | dict) -> Future:
        if isinstance(pending, dict):
            pending = Pending(pending)
        self._queue.put(pending)
        return pending.future

    async def submit(self, pending: Pending | dict) -> int:
        return await asyncio.wrap_future(self.submit_future(pending))

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)
        if self._lock is not None:
            self._lock.close()
        if self.engine is not self.store.engine:
            self.engine.dispose()

    def _run(self) -> None:
        run_batches(self._queue, self._commit)

    def _commit(self, batch: list[Pending]) -> None:
        try:
            if self._lock is not None:
                fcntl.flock(self._lock, fcntl.LOCK_EX)
            try:
                with self.engine.begin() as conn:
                    outcome = self._apply(conn, batch)
            finally:
                if self._lock is not None:
                    fcntl.flock(self._lock, fcntl.LOCK_UN)
        except (OperationalError, InterfaceError, StoreError) as error:
            logger.error("feedback: database unavailable: %s", error)
            for pending in batch:  # database unreachable: the whole batch fails (503)
                pending.future.set_exception(StoreError(str(error)))
            return
        except SQLAlchemyError as error:
            if len(batch) > 1:  # one bad row must not fail the others: retry one by one
                for pending in batch:
                    self._commit([pending])
                return
            logger.error("feedback: write failed: %s", error)
            batch[0].future.set_exception(StoreError(str(error)))
            return
        for pending, result in outcome:  # only now, after the commit, is anything answered
            if isinstance(result, Exception):
                pending.future.set_exception(result)
            else:
                pending.future.set_result(result)

    def _apply(self, conn: Connection, batch: list[Pending]) -> list[tuple[Pending, object]]:
        """Limits, token claims and inserts of one batch, in the caller's transaction."""
        now = utcnow()
        outcome: list[tuple[Pending, object]] = []
        counts = self._counts(conn, batch, now)
        admitted: list[Pending] = []
        for pending in batch:
            wait = 0
            for limit, key in pending.limits:
                count, oldest = counts.get((limit.scope, key), (0, None))
                if count >= limit.limit:
                    wait = max(wait, limit.wait(oldest, now))
            if wait:
                outcome.append((pending, RateLimited(TOO_MANY.format(wait=wait), wait)))
                continue
            for limit, key in pending.limits:
                count, oldest = counts.get((limit.scope, key), (0, None))
                counts[(limit.scope, key)] = (count + 1, oldest or now)
            admitted.append(pending)
        won = TokenClaims.claim_many(conn, [p.nonce for p in admitted if p.nonce], now)
        accepted: list[Pending] = []
        for pending in admitted:
            if pending.nonce is not None and pending.nonce not in won:
                outcome.append((pending, Refused(TOKEN_USED)))
                continue
            won.discard(pending.nonce)  # the same token twice in one batch counts once
            accepted.append(pending)
        if accepted:
            statement = feedback.insert().returning(feedback.c.id, sort_by_parameter_order=True)
            ids = [row[0] for row in conn.execute(statement, [p.row for p in accepted])]
            outcome += list(zip(accepted, ids, strict=True))
        by_limit: dict[str, tuple[EventLimit, list[str]]] = {}
        for pending in accepted:
            for limit, key in pending.limits:
                by_limit.setdefault(limit.scope, (limit, []))[1].append(key)
        for limit, keys in by_limit.values():
            limit.record_many(conn, keys, now)
        if time.monotonic() - self._forgotten > FORGET_EVERY:
            self._forgotten = time.monotonic()
            for limit, _keys in by_limit.values():
                limit.forget_old(conn, now)
        return outcome

    @staticmethod
    def _counts(conn: Connection, batch: list[Pending], now) -> dict:
        keys: dict[str, tuple[EventLimit, list[str]]] = {}
        for pending in batch:
            for limit, key in pending.limits:
                keys.setdefault(limit.scope, (limit, []))[1].append(key)
        counts = {}
        for scope, (limit, wanted) in keys.items():
            for key, value in limit.counts(conn, wanted, now).items():
                counts[(scope, key)] = value
        return counts


class Checkpointer:
    """Moves the SQLite WAL into the database file in the background (PASSIVE: writers go on),
    so that no commit, and no acknowledgement, waits for a checkpoint's fsync."""

    def __init__(self, store: FeedbackStore, every: float = 1.0) -> None:
        self.store = store
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="feedback-wal", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                with self.store.engine.connect() as conn:
                    conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
            except SQLAlchemyError as error:
                logger.warning("feedback: WAL checkpoint failed: %s", error)

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

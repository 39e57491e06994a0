"""Group commit: one writer thread takes the submissions waiting, checks their rate limits,
claims their form tokens and inserts them in one transaction, and acknowledges each only after
that transaction is committed.

Where the batch runs: in its own thread (PostgreSQL: a slow or unreachable server never stalls
the event loop), or — ``on_loop``, for SQLite — on the event loop of the requests themselves: a
local commit takes about a millisecond, less than the writer thread would spend waiting for the
interpreter lock each time SQLite hands it back. The cross-process file lock is then tried
without blocking, and while another process holds it the loop goes on taking requests, which join
the batch.

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
LOCK_POLLS = 20  # on the loop: tries of the file lock without blocking, before one that blocks
LOCK_POLL_SECONDS = 0.0005  # between those tries (the loop serves requests meanwhile)
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
    future: Future | asyncio.Future = field(default_factory=Future)

    def settle(self, result: object) -> None:
        """Answer the waiting request (unless it gave up meanwhile, e.g. the client left)."""
        if self.future.done():
            return
        if isinstance(result, BaseException):
            self.future.set_exception(result)
        else:
            self.future.set_result(result)


class BatchWriter:
    """Serialises inserts through one thread; ``submit`` returns the new id once committed."""

    def __init__(
        self,
        store: FeedbackStore,
        lock_path: Path | None = None,
        engine: Engine | None = None,
        on_loop: bool = False,
    ) -> None:
        self.store = store
        self.engine = engine or store.engine
        self.on_loop = on_loop
        # Several server processes on one SQLite file: a blocking file lock hands the write
        # lock over at once, where SQLite's busy handler would sleep and poll.
        self._lock = open(lock_path, "a+b") if lock_path else None  # noqa: SIM115
        self._forgotten = 0.0
        self._waiting: list[Pending] = []  # on the loop: the next batch
        self._flushing = False
        self._queue: queue.Queue[Pending | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        if not on_loop:
            self._thread = threading.Thread(target=self._run, name="feedback-writer", daemon=True)
            self._thread.start()

    def submit_future(self, pending: Pending | dict) -> Future:
        """From any thread (writer thread only): a future of the new id."""
        if self._thread is None:
            raise RuntimeError("this writer commits on the event loop: use submit()")
        if isinstance(pending, dict):
            pending = Pending(pending)
        self._queue.put(pending)
        return pending.future

    async def submit(self, pending: Pending | dict) -> int:
        if not self.on_loop:
            return await asyncio.wrap_future(self.submit_future(pending))
        loop = asyncio.get_running_loop()
        pending = Pending(pending) if isinstance(pending, dict) else pending
        pending.future = loop.create_future()  # answered on this loop: no thread hand-over
        self._waiting.append(pending)
        if not self._flushing:  # after the requests that are ready now: they join the batch
            self._flushing = True
            loop.call_soon(self._flush, loop, 0)
        return await pending.future

    def _flush(self, loop: asyncio.AbstractEventLoop, tries: int) -> None:
        """On the loop: commit what is waiting once the file lock is free."""
        if self._lock is not None:
            try:
                fcntl.flock(
                    self._lock, fcntl.LOCK_EX | (fcntl.LOCK_NB if tries < LOCK_POLLS else 0)
                )
            except BlockingIOError:  # another process commits: take requests meanwhile
                loop.call_later(LOCK_POLL_SECONDS, self._flush, loop, tries + 1)
                return
        batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
        try:
            self._commit(batch, locked=True)
        except Exception as error:  # a bug, not the database: answer every request all the same
            logger.exception("feedback: batch failed")
            for pending in batch:
                pending.settle(StoreError(f"Speichern fehlgeschlagen: {error}"))
        finally:
            if self._lock is not None:
                fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._flushing = bool(self._waiting)
            if self._flushing:
                loop.call_soon(self._flush, loop, 0)

    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=10)
        for pending in self._waiting:
            pending.settle(StoreError("Der Feedback-Dienst wird beendet."))
        if self._lock is not None:
            self._lock.close()
        if self.engine is not self.store.engine:
            self.engine.dispose()

    def _run(self) -> None:
        run_batches(self._queue, self._commit)

    def _commit(self, batch: list[Pending], locked: bool = False) -> None:
        lock = None if locked else self._lock
        try:
            if lock is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                with self.engine.begin() as conn:
                    outcome = self._apply(conn, batch)
            finally:
                if lock is not None:
                    fcntl.flock(lock, fcntl.LOCK_UN)
        except (OperationalError, InterfaceError, StoreError) as error:
            logger.error("feedback: database unavailable: %s", error)
            for pending in batch:  # database unreachable: the whole batch fails (503)
                pending.settle(StoreError(str(error)))
            return
        except SQLAlchemyError as error:
            if len(batch) > 1:  # one bad row must not fail the others: retry one by one
                for pending in batch:
                    self._commit([pending], locked)
                return
            logger.error("feedback: write failed: %s", error)
            batch[0].settle(StoreError(str(error)))
            return
        for pending, result in outcome:  # only now, after the commit, is anything answered
            pending.settle(result)

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

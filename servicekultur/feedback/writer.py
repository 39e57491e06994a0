"""Group commit: the submissions waiting are checked against their rate limits, their form tokens
claimed and their rows inserted in one transaction (``batch.apply_batch``); each is acknowledged
only after that transaction is committed.

Where a batch runs, by database:

- **SQLite** (``on_loop``): on the event loop of the requests themselves. A local commit takes
  about a millisecond — less than a writer thread spends waiting for the interpreter lock each
  time SQLite hands it back. The file lock between server processes is tried without blocking;
  while another process holds it, the loop goes on taking requests, which join the batch.
- **PostgreSQL**: in a writer thread. A slow or unreachable server never stalls the loop; and
  measured on two instances, the thread commits more per second than either SQLAlchemy's
  asyncio engine (greenlet and psycopg's async connection cost more CPU) or blocking calls on
  the loop (every round trip to the server stops the loop).

One batch is in flight per writer; what arrives meanwhile forms the next one.

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
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError

from servicekultur.feedback.batch import TOO_MANY, Pending, apply_batch
from servicekultur.feedback.store import FeedbackStore, StoreError

logger = logging.getLogger(__name__)

MAX_BATCH = 256
LOCK_SPIN = 0.005  # on the loop: seconds the file lock is tried at every turn of the loop,
LOCK_POLL_SECONDS = 0.001  # then every this often,
LOCK_PATIENCE = 0.05  # and after this long the loop waits for it
FORGET_EVERY = 10.0  # seconds between clean-ups of rate events past their window
CLOSING = "Der Feedback-Dienst wird beendet. Bitte senden Sie Ihre Rückmeldung gleich noch einmal."


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


class BatchWriter:
    """Serialises inserts into batches; ``submit`` returns the new id once committed."""

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
        # Several server processes on one SQLite file: a file lock hands the write lock over
        # at once, where SQLite's busy handler would sleep and poll.
        self._lock = open(lock_path, "a+b") if lock_path else None  # noqa: SIM115
        self._forgotten = 0.0
        self._waiting: list[Pending] = []  # on the loop: the next batch
        self._flushing = False
        self._queue: queue.Queue[Pending | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        if not self.on_loop:
            self._thread = threading.Thread(target=self._run, name="feedback-writer", daemon=True)
            self._thread.start()

    # -- taking submissions ----------------------------------------------------------------
    def submit_future(self, pending: Pending | dict) -> Future:
        """From any thread (a writer with its own thread only): a future of the new id."""
        if self._thread is None:
            raise RuntimeError("this writer commits on the event loop: use submit()")
        pending = Pending(pending) if isinstance(pending, dict) else pending
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
            loop.call_soon(self._flush, loop)
        return await pending.future

    def _next_batch(self) -> list[Pending]:
        batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
        return batch

    def _forget(self) -> bool:
        """Whether this batch also clears rate events past their window (every few seconds)."""
        if time.monotonic() - self._forgotten < FORGET_EVERY:
            return False
        self._forgotten = time.monotonic()
        return True

    # -- on the loop (SQLite) ----------------------------------------------------------------
    def _flush(self, loop: asyncio.AbstractEventLoop, since: float = 0.0) -> None:
        """Commit what is waiting once the file lock is free. While another process holds it
        (its commit: a millisecond or two), the lock is tried again at every turn of the loop,
        which goes on taking requests meanwhile; after ``LOCK_SPIN`` only every
        ``LOCK_POLL_SECONDS``, and after ``LOCK_PATIENCE`` the loop waits for it."""
        if self._lock is not None:
            waited = time.monotonic() - since if since else 0.0
            polling = fcntl.LOCK_NB if waited < LOCK_PATIENCE else 0
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | polling)
            except BlockingIOError:
                since = since or time.monotonic()
                if waited < LOCK_SPIN:
                    loop.call_soon(self._flush, loop, since)
                else:
                    loop.call_later(LOCK_POLL_SECONDS, self._flush, loop, since)
                return
        try:
            self._commit_or_answer(self._next_batch(), locked=True)
        finally:
            if self._lock is not None:
                fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._flushing = bool(self._waiting)
            if self._flushing:
                loop.call_soon(self._flush, loop)

    # -- in a writer thread (PostgreSQL, tools) ------------------------------------------
    def _run(self) -> None:
        run_batches(self._queue, self._commit_or_answer)

    def _commit_or_answer(self, batch: list[Pending], locked: bool = False) -> None:
        try:
            self._commit(batch, locked)
        except Exception as error:  # a bug, not the database: answer every request all the same
            logger.exception("feedback: batch failed")
            for pending in batch:
                pending.settle(StoreError(f"Speichern fehlgeschlagen: {error}"))

    def _commit(self, batch: list[Pending], locked: bool = False) -> None:
        lock = None if locked else self._lock
        try:
            if lock is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                with self.engine.begin() as conn:
                    outcome = apply_batch(conn, batch, self._forget())
            finally:
                if lock is not None:
                    fcntl.flock(lock, fcntl.LOCK_UN)
        except (SQLAlchemyError, StoreError) as error:
            if self._failed(batch, error):
                for pending in batch:
                    self._commit([pending], locked)
            return
        for pending, result in outcome:  # only now, after the commit, is anything answered
            pending.settle(result)

    @staticmethod
    def _failed(batch: list[Pending], error: Exception) -> bool:
        """Answer ``batch`` after ``error``; True when its rows are to be tried one by one."""
        if isinstance(error, OperationalError | InterfaceError | StoreError | OSError):
            logger.error("feedback: database unavailable: %s", error)
            for pending in batch:  # database unreachable: the whole batch fails (503)
                pending.settle(StoreError(str(error)))
            return False
        if len(batch) > 1:  # one bad row must not fail the others
            return True
        logger.error("feedback: write failed: %s", error)
        batch[0].settle(StoreError(str(error)))
        return False

    # -- the end ---------------------------------------------------------------------------
    def close(self) -> None:
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join(timeout=10)
        for pending in self._waiting:
            pending.settle(StoreError(CLOSING))
        if self._lock is not None:
            self._lock.close()
        if self.engine is not self.store.engine:
            self.engine.dispose()


__all__ = ["TOO_MANY", "BatchWriter", "Pending", "run_batches"]

"""Group commit: one writer thread batches new items into a transaction and acknowledges each
submission only after its batch is committed (many writers, one fsync, no lost acks)."""

from __future__ import annotations

import asyncio
import fcntl
import logging
import queue
import threading
from concurrent.futures import Future
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from servicekultur.feedback.store import FeedbackStore, StoreError

logger = logging.getLogger(__name__)

MAX_BATCH = 256


class BatchWriter:
    """Serialises inserts through one thread; ``submit`` returns the new id once committed."""

    def __init__(self, store: FeedbackStore, lock_path: Path | None = None) -> None:
        self.store = store
        # Several server processes on one SQLite file: a blocking file lock hands the write
        # lock over at once, where SQLite's busy handler would sleep and poll.
        self._lock = open(lock_path, "a+b") if lock_path else None  # noqa: SIM115
        self._queue: queue.Queue[tuple[dict, Future] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="feedback-writer", daemon=True)
        self._thread.start()

    def submit_future(self, row: dict) -> Future:
        future: Future = Future()
        self._queue.put((row, future))
        return future

    async def submit(self, row: dict) -> int:
        return await asyncio.wrap_future(self.submit_future(row))

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)
        if self._lock is not None:
            self._lock.close()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch = [first]
            stop = False
            while len(batch) < MAX_BATCH:
                try:
                    entry = self._queue.get_nowait()
                except queue.Empty:
                    break
                if entry is None:
                    stop = True
                    break
                batch.append(entry)
            self._commit(batch)
            if stop:
                return

    def _commit(self, batch: list[tuple[dict, Future]]) -> None:
        try:
            if self._lock is not None:
                fcntl.flock(self._lock, fcntl.LOCK_EX)
            try:
                ids = self.store.insert_many([row for row, _ in batch])
            finally:
                if self._lock is not None:
                    fcntl.flock(self._lock, fcntl.LOCK_UN)
        except StoreError as error:  # database unreachable: the whole batch fails (503)
            for _, future in batch:
                future.set_exception(StoreError(str(error)))
            return
        except SQLAlchemyError as error:
            if len(batch) > 1:  # one bad row must not fail the others: retry one by one
                for entry in batch:
                    self._commit([entry])
                return
            logger.error("feedback: write failed: %s", error)
            batch[0][1].set_exception(StoreError(str(error)))
            return
        for (_, future), new_id in zip(batch, ids, strict=True):
            future.set_result(new_id)


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

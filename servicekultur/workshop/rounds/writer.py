"""Votes written by one thread in batches: many phones, one transaction, each vote acknowledged
only after its batch is committed (a vote the participant saw as saved is never lost)."""

from __future__ import annotations

import asyncio
import fcntl
import logging
import queue
import threading
from concurrent.futures import Future
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from servicekultur.feedback.model import StoreError
from servicekultur.feedback.writer import run_batches
from servicekultur.workshop.rounds.store import RoundStore

logger = logging.getLogger(__name__)

MAX_BATCH = 256
Vote = tuple[int, str, frozenset[int]]  # round id, device hash, ticked positions


class VoteWriter:
    """``await submit(vote)`` returns the round's version after the vote (or raises)."""

    def __init__(self, store: RoundStore, lock_path: Path | None = None) -> None:
        self.store = store
        # Several server processes on one SQLite file: a file lock hands the write lock over
        # at once, where SQLite's busy handler would sleep and poll.
        self._lock = open(lock_path, "a+b") if lock_path else None  # noqa: SIM115
        self._queue: queue.Queue[tuple[Vote, Future] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="workshop-votes", daemon=True)
        self._thread.start()

    async def submit(self, vote: Vote) -> int:
        future: Future = Future()
        self._queue.put((vote, future))
        return await asyncio.wrap_future(future)

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)
        if self._lock is not None:
            self._lock.close()

    def _run(self) -> None:
        run_batches(self._queue, self._commit, MAX_BATCH)

    def _commit(self, batch: list[tuple[Vote, Future]]) -> None:
        try:
            if self._lock is not None:
                fcntl.flock(self._lock, fcntl.LOCK_EX)
            try:
                results = self.store.vote_many([vote for vote, _ in batch])
            finally:
                if self._lock is not None:
                    fcntl.flock(self._lock, fcntl.LOCK_UN)
        except StoreError as error:  # database unreachable: the whole batch fails (503)
            for _, future in batch:
                future.set_exception(StoreError(str(error)))
            return
        except SQLAlchemyError as error:
            if len(batch) > 1:  # one bad vote must not fail the others: one by one
                for entry in batch:
                    self._commit([entry])
                return
            logger.error("workshop rounds: vote not stored: %s", error)
            batch[0][1].set_exception(StoreError(str(error)))
            return
        for (_, future), result in zip(batch, results, strict=True):
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)

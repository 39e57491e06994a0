"""Background WAL checkpoints of the SQLite feedback database."""

from __future__ import annotations

import logging
import threading

from sqlalchemy.exc import SQLAlchemyError

from servicekultur.feedback.store import FeedbackStore

logger = logging.getLogger(__name__)


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

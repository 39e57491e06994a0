"""Exactly one active build worker per feedback database, on any number of machines.

SQLite: an exclusive ``flock`` on ``<database>.worker.lock`` (the database is a local file, so
all its workers are on this machine). PostgreSQL: a session-level advisory lock held by one
dedicated connection; if that connection dies the server releases the lock, the worker notices
at its next check and stops rendering, and a waiting worker takes over.
"""

from __future__ import annotations

import fcntl
import logging
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from servicekultur.feedback.schema import sqlite_path

logger = logging.getLogger(__name__)

WORKER_LOCK = 0x6B62_7762  # "kbwb": PostgreSQL advisory lock of the active build worker


class WorkerLock:
    def __init__(self, url: str, engine: Engine) -> None:
        database = sqlite_path(url)
        self.path: Path | None = (
            database.with_name(database.name + ".worker.lock") if database else None
        )
        self.engine = engine
        self._file = None
        self._conn = None

    def acquire(self) -> bool:
        """Take the lock if it is free (never waits); True while this process holds it."""
        if self.held():
            return True
        if self.path is not None:
            handle = open(self.path, "a+b")  # noqa: SIM115 (held for the worker's lifetime)
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                return False
            self._file = handle
            return True
        try:
            conn = self.engine.connect()
            got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": WORKER_LOCK}).scalar()
            conn.commit()
        except SQLAlchemyError as error:
            logger.warning("Build-Worker: Datenbank nicht erreichbar (%s)", error)
            return False
        if not got:
            conn.close()
            return False
        self._conn = conn
        return True

    def held(self) -> bool:
        if self._file is not None:
            return True
        if self._conn is None:
            return False
        try:
            self._conn.execute(text("SELECT 1"))
            self._conn.commit()
            return True
        except SQLAlchemyError:
            logger.warning("Build-Worker: Verbindung der Sperre verloren")
            self._conn.invalidate()
            self._conn = None
            return False

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()
            self._file = None
        if self._conn is not None:
            try:
                self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": WORKER_LOCK})
                self._conn.commit()
                self._conn.close()
            except SQLAlchemyError:
                pass
            self._conn = None

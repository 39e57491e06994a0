"""Connecting to the feedback database: SQLite files (WAL, FULL sync, secure delete) or
PostgreSQL by URL (psycopg, connect timeout, liveness checks)."""

from __future__ import annotations

import fcntl
import functools
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError, InterfaceError, OperationalError

from servicekultur.feedback.model import StoreError

CONNECT_TIMEOUT = 10  # seconds; a PostgreSQL server that does not answer fails fast
IDLE_PING_SECONDS = 1.0  # a pooled connection unused this long is checked before it is used


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    # FULL: every commit syncs the WAL, so an acknowledged submission survives a power loss
    # too (the group-commit writer makes that one sync per batch, not per submission).
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA secure_delete=ON")  # erased rows are overwritten, not just unlinked
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _no_autocheckpoint(dbapi_conn, _record) -> None:
    # The service checkpoints in a background thread: a commit never waits for the fsync of
    # a checkpoint (see checkpoint.Checkpointer).
    dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")


def _mark_used(_dbapi_conn, record, *_args) -> None:
    record.info["kb_idle_since"] = time.monotonic()


def _ping_if_idle(dialect, dbapi_conn, record, _proxy) -> None:
    """A connection that sat in the pool for a while is checked with ``SELECT 1`` before it
    is handed out; a dead one is replaced (the pool retries on ``DisconnectionError``). Under
    load connections go straight back to work: ``pool_pre_ping`` would add a round trip to
    every checkout, a fifth of the cost of a read. A connection the server drops while in
    use fails its statement as before, and the pool then replaces all of its connections."""
    if time.monotonic() - record.info.get("kb_idle_since", 0.0) < IDLE_PING_SECONDS:
        return
    try:
        dialect.do_ping(dbapi_conn)
    except Exception as error:  # the driver's own errors, whatever they are
        raise DisconnectionError(f"Verbindung zur Datenbank verloren: {error}") from error


def database_url(url: str) -> URL:
    """``url`` parsed; PostgreSQL URLs without a driver (``postgres://``, ``postgresql://``)
    use psycopg, the driver of the ``postgres`` extra."""
    try:
        parsed = make_url(url)
    except ArgumentError as error:
        raise StoreError(f"KB_DATABASE_URL ist keine Datenbank-URL: {error}") from error
    if parsed.drivername in {"postgres", "postgresql"}:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def display_url(url: str) -> str:
    """The URL for messages and logs, with the password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<ungültige URL>"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    return Path(parsed.database)


def _sqlite_manual_begin(dbapi_conn, _record) -> None:
    dbapi_conn.isolation_level = None  # the driver starts no transaction of its own …


def _sqlite_begin_immediate(conn) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE")  # … this one takes the write lock at once


def make_engine(
    url: str, background_checkpoints: bool = False, immediate: bool = False, reads: bool = False
) -> Engine:
    """An engine for ``url``; SQLite files get WAL, FULL sync, secure delete and a busy timeout,
    PostgreSQL a connect timeout and a liveness check of connections idle in the pool (the
    server may restart). ``immediate`` (SQLite): transactions take the write lock when they
    begin, so one that reads before it writes never fails on a snapshot another writer moved
    on. ``reads`` (PostgreSQL): a pool for reads only, in autocommit — no BEGIN and ROLLBACK
    round trips per read (under READ COMMITTED each statement has its own snapshot anyway);
    a pool of its own, because switching a connection to autocommit and back costs more than
    the round trips."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, pool_size=8, max_overflow=8)
        event.listen(engine, "connect", _sqlite_pragmas)
        if background_checkpoints:
            event.listen(engine, "connect", _no_autocheckpoint)
        if immediate:
            event.listen(engine, "connect", _sqlite_manual_begin)
            event.listen(engine, "begin", _sqlite_begin_immediate)
        return engine
    parsed = database_url(url)
    connect_args = {}
    libpq = parsed.get_driver_name() in {"psycopg", "psycopg2"}
    if libpq and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT
    try:
        options = {"isolation_level": "AUTOCOMMIT"} if reads else {}
        engine = create_engine(parsed, connect_args=connect_args, **options)
    except (ArgumentError, ImportError) as error:
        postgres = parsed.get_backend_name() == "postgresql"
        hint = " (pip install -e '.[postgres]')" if postgres else ""
        raise StoreError(
            f"Datenbanktreiber für {display_url(url)} fehlt oder ist unbekannt{hint}: {error}"
        ) from error
    event.listen(engine, "connect", _mark_used)
    event.listen(engine, "checkin", _mark_used)
    event.listen(engine, "checkout", functools.partial(_ping_if_idle, engine.dialect))
    return engine


def lock_path(url: str) -> Path | None:
    """The lock file next to a SQLite database (None for server databases)."""
    path = sqlite_path(url)
    return path.with_name(path.name + ".lock") if path is not None else None


def migrate_locked(engine: Engine, url: str, migrate_with, what: str) -> None:
    """Run ``migrate_with(engine)`` once across processes starting together: PostgreSQL takes
    an advisory lock inside the migration, SQLite a file lock beside the database (one
    migrates, the others wait). An unreachable database is a StoreError naming ``what``."""
    lock = lock_path(url)
    try:
        if lock is None:
            migrate_with(engine)
        else:
            with open(lock, "a+b") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                migrate_with(engine)
    except (OperationalError, InterfaceError) as error:
        engine.dispose()
        raise StoreError(f"{what} {display_url(url)} nicht erreichbar: {error}") from error

"""The feedback tables and their migrations; the schema version lives in the database."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from servicekultur.feedback.model import StoreError

logger = logging.getLogger(__name__)

metadata = MetaData()

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("token", String(64), nullable=False, unique=True),
    Column("page", String(500), nullable=False),
    Column("item", String(100), nullable=False, default=""),
    Column("type", String(20), nullable=False),
    Column("text", Text, nullable=False),
    Column("html", Text, nullable=False),
    Column("name", String(80), nullable=False, default=""),
    Column("email", String(254), nullable=False, default=""),
    Column("email_confirmed", Boolean, nullable=False, default=False),
    Column("status", String(20), nullable=False),
    Column("created", DateTime, nullable=False),
    Column("published", DateTime),
    Column("answer_text", Text, nullable=False, default=""),
    Column("answer_html", Text, nullable=False, default=""),
    Column("answer_author", String(80), nullable=False, default=""),
    Column("answered", DateTime),
    Column("change_url", String(500), nullable=False, default=""),
    Column("source", String(20), nullable=False, default="formular"),
    Column("source_id", String(200)),  # e.g. "wxr:<post url>#<comment id>", for idempotent imports
    # Only in the opt-in mail (never the status link); cleared once the address is confirmed.
    Column("confirm_token", String(64)),
)

# Access state shared by all server processes (schema 3): admin sessions, failed logins and
# other counted events, used form tokens. Only hashes of secrets are stored.
admin_sessions = Table(
    "admin_sessions",
    metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the cookie value
    Column("csrf", String(64), nullable=False),
    Column("password", String(64), nullable=False),  # fingerprint of KB_ADMIN_PASSWORD_HASH
    Column("created", DateTime, nullable=False),
    Column("seen", DateTime, nullable=False),
)
rate_events = Table(
    "rate_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("scope", String(20), nullable=False),  # e.g. "login"
    Column("key", String(64), nullable=False),  # keyed hash of the client, never an address
    Column("at", DateTime, nullable=False),
)
token_claims = Table(
    "token_claims",
    metadata,
    Column("nonce", String(64), primary_key=True),
    Column("at", DateTime, nullable=False),
)

schema_meta = Table(
    "schema_meta",
    metadata,
    Column("key", String(50), primary_key=True),
    Column("value", String(200), nullable=False),
)


def _v1(conn: Connection) -> None:
    """Version 1: feedback table with indexes for the page, the queue and the token."""
    feedback.create(conn, checkfirst=True)
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_feedback_page_status ON feedback (page, status)")
    )
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_feedback_status_created ON feedback (status, created)")
    )


def _v2(conn: Connection) -> None:
    """Version 2: imported items are recognised by their source id (re-import is a no-op)."""
    if "source_id" not in {c["name"] for c in inspect(conn).get_columns("feedback")}:
        conn.execute(text("ALTER TABLE feedback ADD COLUMN source_id VARCHAR(200)"))
    conn.execute(
        text("CREATE UNIQUE INDEX IF NOT EXISTS ux_feedback_source_id ON feedback (source_id)")
    )


def _v3(conn: Connection) -> None:
    """Version 3: separate opt-in token; admin sessions, rate events and used form tokens."""
    if "confirm_token" not in {c["name"] for c in inspect(conn).get_columns("feedback")}:
        conn.execute(text("ALTER TABLE feedback ADD COLUMN confirm_token VARCHAR(64)"))
    conn.execute(
        text(
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_feedback_confirm_token "
            "ON feedback (confirm_token)"
        )
    )
    metadata.create_all(conn, tables=[admin_sessions, rate_events, token_claims])
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_rate_events_scope_key ON rate_events (scope, key, at)")
    )


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: Connection, key: str = "version") -> int:
    """The version of one migration chain (``version``: the feedback tables)."""
    if not inspect(conn).has_table("schema_meta"):
        return 0
    value = conn.execute(select(schema_meta.c.value).where(schema_meta.c.key == key)).scalar()
    return int(value or 0)


CONNECT_TIMEOUT = 10  # seconds; a PostgreSQL server that does not answer fails fast
MIGRATION_LOCK = 0x6B62_6662  # "kbfb": PostgreSQL advisory lock held while migrating


def migrate(
    engine: Engine,
    steps: list[Callable[[Connection], None]] | None = None,
    key: str = "version",
) -> int:
    """Bring the schema to the current version; each step runs in its own transaction.

    ``steps``/``key``: another migration chain in the same database, versioned under its own
    key in ``schema_meta`` (the workshop's live rounds); default: the feedback tables.
    On PostgreSQL an advisory lock lets one of several starting processes migrate while the
    others wait (for SQLite files the store takes a file lock around this call).
    """
    steps = MIGRATIONS if steps is None else steps
    postgres = engine.dialect.name == "postgresql"
    with engine.connect() as conn:
        if postgres:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            conn.commit()
        try:
            with conn.begin():
                metadata.create_all(conn, tables=[schema_meta])
            while True:
                with conn.begin():
                    current = schema_version(conn, key)
                    if current >= len(steps):
                        return current
                    label = "feedback" if key == "version" else key
                    logger.info("%s: migrating schema %s → %s", label, current, current + 1)
                    steps[current](conn)
                    conn.execute(schema_meta.delete().where(schema_meta.c.key == key))
                    conn.execute(schema_meta.insert().values(key=key, value=str(current + 1)))
        finally:
            if postgres and not conn.invalidated:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                conn.commit()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # with WAL: no loss on a process crash
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _no_autocheckpoint(dbapi_conn, _record) -> None:
    # The service checkpoints in a background thread: a commit never waits for the fsync of
    # a checkpoint (see writer.Checkpointer).
    dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")


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


def make_engine(url: str, background_checkpoints: bool = False) -> Engine:
    """An engine for ``url``; SQLite files get WAL, NORMAL sync and a busy timeout, PostgreSQL
    a connect timeout and a liveness check of pooled connections (the server may restart)."""
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, pool_size=8, max_overflow=8)
        event.listen(engine, "connect", _sqlite_pragmas)
        if background_checkpoints:
            event.listen(engine, "connect", _no_autocheckpoint)
        return engine
    parsed = database_url(url)
    connect_args = {}
    libpq = parsed.get_driver_name() in {"psycopg", "psycopg2"}
    if libpq and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT
    try:
        return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)
    except (ArgumentError, ImportError) as error:
        postgres = parsed.get_backend_name() == "postgresql"
        hint = " (pip install -e '.[postgres]')" if postgres else ""
        raise StoreError(
            f"Datenbanktreiber für {display_url(url)} fehlt oder ist unbekannt{hint}: {error}"
        ) from error

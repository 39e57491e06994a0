"""The feedback tables and their migrations; the schema version lives in the database."""

from __future__ import annotations

import logging
from collections.abc import Callable

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
    inspect,
    select,
    text,
)

from servicekultur.feedback.engine import (  # noqa: F401 (re-exported: where callers look)
    CONNECT_TIMEOUT,
    database_url,
    display_url,
    make_engine,
    sqlite_path,
)

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
    Column("at", DateTime, nullable=False),  # the start of a bucket (schema 4)
    Column("n", Integer, nullable=False, default=1),  # events in that bucket (schema 4)
)
token_claims = Table(
    "token_claims",
    metadata,
    Column("nonce", String(64), primary_key=True),
    Column("at", DateTime, nullable=False),
)

# Schema 4: the build worker's queue of pages to re-render (kept a day once done, so pages a
# full build overwrote meanwhile can be rendered again), its heartbeat, and the development
# outbox (messages that would have been mailed when no SMTP server is set).
render_queue = Table(
    "render_queue",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("page", String(500), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("done", DateTime),
)
worker_status = Table(
    "worker_status",
    metadata,
    Column("name", String(20), primary_key=True),  # "publishing"
    Column("holder", String(200), nullable=False),  # host and process id of the active worker
    Column("seen", DateTime, nullable=False),
    Column("batches", Integer, nullable=False, default=0),
    Column("pages", Integer, nullable=False, default=0),
)
mail_outbox = Table(
    "mail_outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer),  # erased with its feedback item
    Column("created", DateTime, nullable=False),
    Column("recipient", String(254), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
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


def _v4(conn: Connection) -> None:
    """Version 4: render queue of the build worker, its heartbeat, the development outbox."""
    metadata.create_all(conn, tables=[render_queue, worker_status, mail_outbox])
    # rate events are counted in buckets: one row per scope, key and bucket (old events are
    # short-lived lock-out counts; they are dropped rather than converted)
    if "n" not in {c["name"] for c in inspect(conn).get_columns("rate_events")}:
        conn.execute(text("DELETE FROM rate_events"))
        conn.execute(text("ALTER TABLE rate_events ADD COLUMN n INTEGER NOT NULL DEFAULT 1"))
    bucket = "ux_rate_events_bucket ON rate_events (scope, key, at)"
    conn.execute(text(f"CREATE UNIQUE INDEX IF NOT EXISTS {bucket}"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_render_queue_done ON render_queue (done, id)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_render_queue_at ON render_queue (at)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_mail_outbox_item ON mail_outbox (item_id)"))
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_rate_events_scope_at ON rate_events (scope, at)")
    )


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: Connection, key: str = "version") -> int:
    """The version of one migration chain (``version``: the feedback tables)."""
    if not inspect(conn).has_table("schema_meta"):
        return 0
    value = conn.execute(select(schema_meta.c.value).where(schema_meta.c.key == key)).scalar()
    return int(value or 0)


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


def dialect_insert(dialect: str):
    """``insert`` with ``ON CONFLICT`` for the database at hand (``postgresql`` or ``sqlite``).
    Imported when first needed: PostgreSQL's dialect costs start-up time a SQLite service never
    uses."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert

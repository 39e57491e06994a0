"""The round tables, in the feedback database under their own migration chain.

Their version is kept in ``schema_meta`` under the key ``workshop_rounds`` (the feedback tables
use ``version``), so the two chains never step on each other; ``feedback.schema.migrate`` runs
both, under the same PostgreSQL advisory lock or SQLite file lock.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)

from servicekultur.feedback.schema import migrate

VERSION_KEY = "workshop_rounds"
metadata = MetaData()

rounds = Table(
    "workshop_rounds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code", String(8), nullable=False, unique=True),
    Column("secret_hash", String(64), nullable=False),  # SHA-256 of the secret, never the secret
    Column("secret_shown", Boolean, nullable=False, default=False),
    Column("title", String(200), nullable=False),
    Column("selection", Text, nullable=False),  # "slug,slug:item-id" as chosen
    Column("items", Text, nullable=False),  # JSON: the items as they read when the round began
    Column("created", DateTime, nullable=False),
    Column("closed", DateTime),
    Column("version", Integer, nullable=False, default=0),  # +1 per vote and on close
)

votes = Table(
    "workshop_votes",
    metadata,
    Column(
        "round_id",
        Integer,
        ForeignKey("workshop_rounds.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("device", String(64), primary_key=True),  # SHA-256 of the device cookie
    Column("ticked", Text, nullable=False, default=""),  # item positions: "0 3 7"
    Column("updated", DateTime, nullable=False),
)


def _v1(conn: Connection) -> None:
    """Version 1: rounds and their votes (one row per device and round)."""
    metadata.create_all(conn, tables=[rounds, votes])
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_workshop_rounds_created ON workshop_rounds (created)")
    )


MIGRATIONS: list[Callable[[Connection], None]] = [_v1]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate_rounds(engine: Engine) -> int:
    return migrate(engine, MIGRATIONS, VERSION_KEY)

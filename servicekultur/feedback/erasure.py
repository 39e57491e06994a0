"""Erasure that erases: the row, its outbox messages, and the bytes in the database files.

The page the item was shown on is queued for re-rendering in the same transaction (the build
worker removes it from the site within seconds). On SQLite, ``secure_delete`` overwrites the
deleted row in the database pages and a ``wal_checkpoint(TRUNCATE)`` moves the WAL into the
database and empties it, so neither file keeps the text; on PostgreSQL the row is deleted and
the table vacuumed (its space is reusable; PostgreSQL has no secure delete of old WAL).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.exc import SQLAlchemyError

from servicekultur.feedback.model import NotFound
from servicekultur.feedback.renderqueue import enqueue
from servicekultur.feedback.schema import feedback, mail_outbox
from servicekultur.feedback.store import FeedbackStore

logger = logging.getLogger(__name__)

CHECKPOINT_TRIES = 50  # × 0.1 s: readers of an older snapshot hold a checkpoint back


@dataclass(frozen=True)
class Erased:
    page: str
    item: str
    was_public: bool  # the site showed it: it is being removed from the page
    scrubbed: bool  # the database files hold no copy any more (SQLite: WAL truncated)


def erase(store: FeedbackStore, token: str) -> Erased:
    """Delete the item of ``token`` with everything that refers to it; NotFound if none."""
    item = store.by_token(token)
    with store._connect(write=True) as conn:
        done = conn.execute(delete(feedback).where(feedback.c.id == item.id))
        if not done.rowcount:
            raise NotFound()
        conn.execute(delete(mail_outbox).where(mail_outbox.c.item_id == item.id))
        if item.visible:
            enqueue(conn, [item.page])
    return Erased(item.page, item.item, item.visible, scrub(store))


def scrub(store: FeedbackStore) -> bool:
    """Leave no copy of deleted rows in the database files; True when that succeeded."""
    try:
        if store.engine.dialect.name == "sqlite":
            return _truncate_wal(store)
        with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM feedback, mail_outbox")
        return True
    except SQLAlchemyError as error:
        logger.warning("feedback: cleaning up after an erasure failed: %s", error)
        return False


def _truncate_wal(store: FeedbackStore) -> bool:
    for _ in range(CHECKPOINT_TRIES):
        with store.engine.connect() as conn:
            busy, _log, _moved = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        if not busy:
            return True
        time.sleep(0.1)
    logger.warning("feedback: WAL not truncated after an erasure (readers kept it busy)")
    return False

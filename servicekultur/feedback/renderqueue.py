"""The durable queue of pages to re-render, in the feedback database (no HTTP, no Pelican).

Every change that alters what the public site shows (publish, answer, status, rejecting or
erasing a published item) adds the item's page in the same transaction as the change itself.
The build worker (``servicekultur.publishing``) takes what is pending, renders those pages and
marks the entries done; done entries are kept a day, so that pages a full build overwrote with
an older state can be rendered again (``changed_after``). The worker's heartbeat says whether
one is running.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from servicekultur.feedback.rows import utcnow
from servicekultur.feedback.schema import render_queue, worker_status

if TYPE_CHECKING:
    from servicekultur.feedback.store import FeedbackStore

WORKER = "publishing"
KEEP_DONE = timedelta(days=1)
ALIVE = timedelta(seconds=15)  # a worker silent this long is taken for gone


def enqueue(conn: Connection, pages: Iterable[str], now: datetime | None = None) -> None:
    """Add ``pages`` inside the caller's transaction (with the change that affects them)."""
    rows = [{"page": page, "at": now or utcnow()} for page in dict.fromkeys(pages) if page]
    if rows:
        conn.execute(render_queue.insert(), rows)


@dataclass(frozen=True)
class Batch:
    """What one render pass takes: the pages, and the last queue id it covers."""

    pages: list[str]
    upto: int
    oldest: datetime | None  # when the oldest entry was queued (for the freshness figures)


class RenderQueue:
    def __init__(self, store: FeedbackStore) -> None:
        self.store = store

    def add(self, pages: Iterable[str]) -> None:
        with self.store._connect(write=True) as conn:
            enqueue(conn, pages)

    def pending(self, limit: int = 5000) -> Batch | None:
        """The pages waiting (coalesced: each page once), or None when nothing waits."""
        query = (
            select(render_queue.c.id, render_queue.c.page, render_queue.c.at)
            .where(render_queue.c.done.is_(None))
            .order_by(render_queue.c.id)
            .limit(limit)
        )
        with self.store._connect() as conn:
            rows = conn.execute(query).all()
        if not rows:
            return None
        pages = list(dict.fromkeys(row.page for row in rows))
        return Batch(pages, rows[-1].id, min(row.at for row in rows))

    def done(self, upto: int, now: datetime | None = None) -> None:
        now = now or utcnow()
        with self.store._connect(write=True) as conn:
            conn.execute(
                render_queue.update()
                .where(render_queue.c.id <= upto, render_queue.c.done.is_(None))
                .values(done=now)
            )
            conn.execute(render_queue.delete().where(render_queue.c.done < now - KEEP_DONE))

    def changed_after(self, queue_id: int) -> list[str]:
        """Pages of every entry after ``queue_id`` (done or not): what a full build that saw
        the queue up to ``queue_id`` may have written with an older state."""
        query = select(render_queue.c.page).where(render_queue.c.id > queue_id).distinct()
        with self.store._connect() as conn:
            return sorted(conn.execute(query).scalars())

    # -- the worker's heartbeat ------------------------------------------------------------
    def beat(self, holder: str, batches: int = 0, pages: int = 0) -> None:
        now = utcnow()
        values = {"holder": holder, "seen": now, "batches": batches, "pages": pages}
        with self.store._connect(write=True) as conn:
            done = conn.execute(
                worker_status.update().where(worker_status.c.name == WORKER).values(**values)
            )
            if not done.rowcount:
                conn.execute(worker_status.insert().values(name=WORKER, **values))

    def worker(self, now: datetime | None = None) -> dict | None:
        """The active worker's heartbeat (holder, seen, batches, pages), None if none is alive."""
        with self.store._connect() as conn:
            row = conn.execute(select(worker_status).where(worker_status.c.name == WORKER)).first()
        if row is None or (now or utcnow()) - row.seen > ALIVE:
            return None
        return dict(row._mapping)

"""Rate limits in the feedback database, shared by every server process (SQLite or PostgreSQL):
events counted per key in buckets of a sliding window. No HTTP here; keys are keyed hashes,
never addresses."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import Connection, bindparam, func, select

from servicekultur.feedback.many import execute_many
from servicekultur.feedback.rows import utcnow
from servicekultur.feedback.schema import dialect_insert, rate_events
from servicekultur.feedback.store import FeedbackStore

BUCKETS = 60  # a window is counted in this many buckets (a minute: by the second)


@lru_cache(maxsize=4)
def _statements(dialect: str) -> SimpleNamespace:
    """The statements of the rate limits, built once per dialect: SQLAlchemy then finds them
    in its compiled cache (building a statement costs more than executing it)."""
    upsert = dialect_insert(dialect)(rate_events)
    return SimpleNamespace(
        # ``INSERT … ON CONFLICT (scope, key, at) DO UPDATE SET n = n + excluded.n``
        record=upsert.on_conflict_do_update(
            index_elements=[rate_events.c.scope, rate_events.c.key, rate_events.c.at],
            set_={"n": rate_events.c.n + upsert.excluded.n},
        ),
        counts=select(
            rate_events.c.scope,
            rate_events.c.key,
            func.sum(rate_events.c.n),
            func.min(rate_events.c.at),
        )
        .where(
            rate_events.c.scope.in_(bindparam("scopes", expanding=True)),
            rate_events.c.key.in_(bindparam("keys", expanding=True)),
            rate_events.c.at > bindparam("since"),
        )
        .group_by(rate_events.c.scope, rate_events.c.key),
    )


Counts = dict[tuple[str, str], tuple[int, datetime]]  # (scope, key) → (events, oldest bucket)


def count_events(
    conn: Connection, wanted: Iterable[tuple[EventLimit, str]], now: datetime
) -> Counts:
    """Events in the window of each (limit, key), for several limits in one query per window
    length (the group-commit writer: one round trip per batch)."""
    by_window: dict[timedelta, tuple[set[str], set[str]]] = {}
    for limit, key in wanted:
        scopes, keys = by_window.setdefault(limit.window, (set(), set()))
        scopes.add(limit.scope)
        keys.add(key)
    found: Counts = {}
    query = _statements(conn.dialect.name).counts
    for window, (scopes, keys) in by_window.items():
        values = {"scopes": sorted(scopes), "keys": sorted(keys), "since": now - window}
        for scope, key, count, oldest in conn.execute(query, values):
            found[(scope, key)] = (int(count), oldest)
    return found


def record_events(
    conn: Connection, events: Iterable[tuple[EventLimit, str]], now: datetime
) -> None:
    """One event per (limit, key), all in one statement. The rows go in (scope, key) order: two
    instances' batches lock the same rows in the same order (no deadlock on PostgreSQL)."""
    per_row = Counter((limit.scope, key, limit.bucket(now)) for limit, key in events)
    rows = [{"scope": s, "key": k, "at": at, "n": n} for (s, k, at), n in sorted(per_row.items())]
    execute_many(conn, _statements(conn.dialect.name).record, rows)


class EventLimit:
    """At most ``limit`` counted events per ``key`` within ``window``: a sliding window in the
    database, so every server process on every machine sees the same count.

    Events are counted in ``BUCKETS`` buckets per window (one row per key and bucket, ``n``
    events in it): checking a key reads at most ``BUCKETS`` rows however busy it is.
    """

    def __init__(self, store: FeedbackStore, scope: str, limit: int, window: timedelta) -> None:
        self.store, self.scope, self.limit, self.window = store, scope, limit, window
        self.step = max(1, int(window.total_seconds()) // BUCKETS)

    def bucket(self, now: datetime) -> datetime:
        seconds = now.hour * 3600 + now.minute * 60 + now.second
        start = seconds - seconds % self.step
        return now.replace(hour=start // 3600, minute=start % 3600 // 60, second=start % 60,
                           microsecond=0)  # fmt: skip

    def retry_after(self, key: str, now: datetime | None = None) -> int:
        """0 while ``key`` may go on; else the seconds until its oldest event leaves the window."""
        now = now or utcnow()
        with self.store._connect() as conn:
            count, oldest = self.counts(conn, [key], now).get(key, (0, None))
        return 0 if count < self.limit else self.wait(oldest, now)

    def wait(self, oldest: datetime | None, now: datetime) -> int:
        """Seconds until the oldest counted event leaves the window (at least 1)."""
        if oldest is None:
            return max(1, int(self.window.total_seconds()))
        return max(1, int((oldest + self.window - now).total_seconds()) + 1)

    # -- inside a caller's transaction (the group-commit writer: one round trip per batch) --
    def counts(
        self, conn: Connection, keys: list[str], now: datetime
    ) -> dict[str, tuple[int, datetime]]:
        """Events in the window per key (count, oldest bucket), for all ``keys`` in one query."""
        found = count_events(conn, [(self, key) for key in keys], now)
        return {key: value for (_scope, key), value in found.items()}

    def record_many(self, conn: Connection, keys: list[str], now: datetime) -> None:
        record_events(conn, [(self, key) for key in keys], now)

    def forget_old(self, conn: Connection, now: datetime) -> None:
        conn.execute(
            rate_events.delete().where(
                rate_events.c.scope == self.scope, rate_events.c.at < now - self.window
            )
        )

    def record(self, key: str, now: datetime | None = None) -> None:
        with self.store._connect(write=True) as conn:
            self.record_many(conn, [key], now or utcnow())

    def reset(self, key: str) -> None:
        with self.store._connect(write=True) as conn:
            conn.execute(
                rate_events.delete().where(
                    rate_events.c.scope == self.scope, rate_events.c.key == key
                )
            )

    def purge(self, now: datetime | None = None) -> int:
        with self.store._connect(write=True) as conn:
            before = conn.execute(select(func.count()).select_from(rate_events)).scalar() or 0
            self.forget_old(conn, now or utcnow())
            after = conn.execute(select(func.count()).select_from(rate_events)).scalar() or 0
        return before - after

"""Access state in the feedback database, shared by every server process (SQLite or PostgreSQL):
admin sessions, counted events for lock-outs and rate limits, used form tokens. No HTTP here.

Secrets are stored only as SHA-256 hashes: a copy of the database opens no session.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.exc import IntegrityError

from servicekultur.feedback.rows import utcnow
from servicekultur.feedback.schema import (
    admin_sessions,
    dialect_insert,
    rate_events,
    token_claims,
)
from servicekultur.feedback.store import FeedbackStore

SESSION_IDLE = timedelta(minutes=30)  # a session unused this long ends
SESSION_MAX = timedelta(hours=8)  # and every session ends this long after the login
SEEN_EVERY = timedelta(seconds=30)  # ``seen`` is written at most this often per session


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    cookie: str  # the secret the browser holds (only its hash is stored)
    csrf: str


class AdminSessions:
    """Server-side sessions: logout and a changed password end them everywhere."""

    def __init__(self, store: FeedbackStore) -> None:
        self.store = store

    def create(self, password_hash: str, replaces: str | None = None) -> Session:
        """A new session (a new id at every login); the one it replaces is deleted."""
        session = Session(secrets.token_urlsafe(32), secrets.token_urlsafe(24))
        now = utcnow()
        with self.store._connect(write=True) as conn:
            if replaces:
                conn.execute(admin_sessions.delete().where(admin_sessions.c.id == digest(replaces)))
            conn.execute(
                admin_sessions.insert().values(
                    id=digest(session.cookie),
                    csrf=session.csrf,
                    password=digest(password_hash),
                    created=now,
                    seen=now,
                )
            )
        return session

    def get(self, cookie: str, password_hash: str, now: datetime | None = None) -> Session | None:
        """The live session of ``cookie``; None (and deleted) when ended or expired."""
        if not cookie or len(cookie) > 100:
            return None
        now = now or utcnow()
        key = digest(cookie)
        with self.store._connect() as conn:
            row = conn.execute(select(admin_sessions).where(admin_sessions.c.id == key)).first()
        if row is None:
            return None
        expired = now - row.seen > SESSION_IDLE or now - row.created > SESSION_MAX
        if expired or row.password != digest(password_hash):
            self.delete(cookie)
            return None
        if now - row.seen > SEEN_EVERY:
            with self.store._connect(write=True) as conn:
                conn.execute(
                    admin_sessions.update().where(admin_sessions.c.id == key).values(seen=now)
                )
        return Session(cookie, row.csrf)

    def delete(self, cookie: str) -> None:
        with self.store._connect(write=True) as conn:
            conn.execute(admin_sessions.delete().where(admin_sessions.c.id == digest(cookie)))

    def purge(self, now: datetime | None = None) -> int:
        now = now or utcnow()
        with self.store._connect(write=True) as conn:
            done = conn.execute(
                admin_sessions.delete().where(
                    (admin_sessions.c.seen < now - SESSION_IDLE)
                    | (admin_sessions.c.created < now - SESSION_MAX)
                )
            )
        return done.rowcount or 0


BUCKETS = 60  # a window is counted in this many buckets (a minute: by the second)


@lru_cache(maxsize=4)
def _statements(dialect: str) -> SimpleNamespace:
    """The statements of the group-commit writer, built once per dialect: SQLAlchemy then
    finds them in its compiled cache (building a statement costs more than executing it)."""
    insert = dialect_insert(dialect)
    upsert = insert(rate_events)
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
        claim=insert(token_claims).on_conflict_do_nothing().returning(token_claims.c.nonce),
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
    if rows:
        conn.execute(_statements(conn.dialect.name).record, rows)


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


class TokenClaims:
    """Each form token counts once: the first claim wins, in every server process."""

    def __init__(self, store: FeedbackStore) -> None:
        self.store = store

    def claim(self, nonce: str) -> bool:
        try:
            with self.store._connect(write=True) as conn:
                conn.execute(token_claims.insert().values(nonce=digest(nonce), at=utcnow()))
        except IntegrityError:
            return False
        return True

    @staticmethod
    def claim_many(conn: Connection, nonces: list[str], now: datetime) -> set[str]:
        """Claim ``nonces`` inside the caller's transaction; returns those that were still
        free (one statement: ``INSERT … ON CONFLICT DO NOTHING RETURNING``, executemany)."""
        digests = {digest(nonce): nonce for nonce in nonces}
        if not digests:
            return set()
        statement = _statements(conn.dialect.name).claim
        rows = [{"nonce": d, "at": now} for d in digests]
        return {digests[d] for d in conn.execute(statement, rows).scalars()}

    def purge(self, older_than: timedelta) -> int:
        with self.store._connect(write=True) as conn:
            done = conn.execute(
                token_claims.delete().where(token_claims.c.at < utcnow() - older_than)
            )
        return done.rowcount or 0

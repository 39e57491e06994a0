"""Access state in the feedback database, shared by every server process (SQLite or PostgreSQL):
admin sessions, counted events for lock-outs and rate limits, used form tokens. No HTTP here.

Secrets are stored only as SHA-256 hashes: a copy of the database opens no session.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from servicekultur.feedback.many import execute_many
from servicekultur.feedback.rows import utcnow
from servicekultur.feedback.schema import (
    admin_sessions,
    dialect_insert,
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


@lru_cache(maxsize=4)
def _claim(dialect: str):
    """``INSERT … ON CONFLICT DO NOTHING RETURNING nonce``, built once per dialect (SQLAlchemy
    then finds it in its compiled cache)."""
    insert = dialect_insert(dialect)
    return insert(token_claims).on_conflict_do_nothing().returning(token_claims.c.nonce)


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
        free (``INSERT … ON CONFLICT DO NOTHING RETURNING``, all rows in one round trip)."""
        digests = {digest(nonce): nonce for nonce in nonces}
        if not digests:
            return set()
        rows = [{"nonce": d, "at": now} for d in digests]
        return {digests[row[0]] for row in execute_many(conn, _claim(conn.dialect.name), rows)}

    def purge(self, older_than: timedelta) -> int:
        with self.store._connect(write=True) as conn:
            done = conn.execute(
                token_claims.delete().where(token_claims.c.at < utcnow() - older_than)
            )
        return done.rowcount or 0

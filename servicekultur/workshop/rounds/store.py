"""Storage of rounds and votes on SQLAlchemy Core (SQLite or PostgreSQL); no HTTP here.

A vote is an upsert of the device's row plus one step of the round's ``version``, in the same
transaction and only while the round is open; the projector compares versions to know when to
count again. Secrets and device ids are stored only as SHA-256 hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import Connection, Engine, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError

from servicekultur.feedback.engine import migrate_locked
from servicekultur.feedback.model import StoreError
from servicekultur.feedback.rows import utcnow
from servicekultur.feedback.schema import dialect_insert, make_engine
from servicekultur.workshop.rounds.model import (
    MAX_TITLE,
    Round,
    RoundClosed,
    RoundItem,
    RoundNotFound,
    Tally,
    count,
    decode_ticked,
    encode_ticked,
    new_code,
)
from servicekultur.workshop.rounds.schema import migrate_rounds, rounds, votes

logger = logging.getLogger(__name__)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _round(row) -> Round:
    items = tuple(RoundItem(**item) for item in json.loads(row.items))
    return Round(
        id=row.id,
        code=row.code,
        title=row.title,
        selection=row.selection,
        items=items,
        created=row.created,
        closed=row.closed,
        version=row.version,
        secret_hash=row.secret_hash,
        secret_shown=bool(row.secret_shown),
    )


class RoundStore:
    """All reads and writes of rounds and votes."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # The two statements of every vote, built once (building them costs more than running).
        self._step = (
            update(rounds)
            .where(rounds.c.id == bindparam("round"), rounds.c.closed.is_(None))
            .values(version=rounds.c.version + bindparam("steps"))
            .returning(rounds.c.version)
        )
        insert = dialect_insert(engine.dialect.name)(votes)
        self._upsert = insert.on_conflict_do_update(
            index_elements=[votes.c.round_id, votes.c.device],
            set_={"ticked": insert.excluded.ticked, "updated": insert.excluded.updated},
        )

    @classmethod
    def open(
        cls, url: str, *, run_migrations: bool = True, background_checkpoints: bool = False
    ) -> RoundStore:
        """``background_checkpoints``: SQLite's WAL is checkpointed by a thread of the service
        (``feedback.checkpoint.Checkpointer``), never inside a vote's commit."""
        engine = make_engine(url, background_checkpoints)
        if run_migrations:
            migrate_locked(engine, url, migrate_rounds, "Datenbank der Live-Runden")
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[Connection]:
        try:
            with self.engine.begin() if write else self.engine.connect() as conn:
                yield conn
        except (OperationalError, InterfaceError) as error:
            logger.error("workshop rounds: database unavailable: %s", error)
            raise StoreError(str(error)) from error

    # -- rounds --------------------------------------------------------------------------
    def create(self, title: str, selection: str, items: list[RoundItem], secret: str) -> Round:
        """A new open round with a fresh code (another one if the code is taken)."""
        values = {
            "secret_hash": digest(secret),
            "secret_shown": False,
            "title": title[:MAX_TITLE],
            "selection": selection,
            "items": json.dumps([item.__dict__ for item in items], ensure_ascii=False),
            "created": utcnow(),
            "version": 0,
        }
        for _ in range(20):
            try:
                with self._connect(write=True) as conn:
                    conn.execute(rounds.insert().values(code=(code := new_code()), **values))
                return self.by_code(code)
            except IntegrityError:
                continue  # the code is in use: draw again
        raise StoreError("no free round code after 20 attempts")

    def by_code(self, code: str) -> Round:
        with self._connect() as conn:
            row = conn.execute(select(rounds).where(rounds.c.code == code)).first()
        if row is None:
            raise RoundNotFound()
        return _round(row)

    @staticmethod
    def secret_matches(round_: Round, secret: str) -> bool:
        """Constant-time comparison of the hashes (the secret itself is never stored)."""
        return hmac.compare_digest(digest(secret or ""), round_.secret_hash)

    def reveal_secret_once(self, round_id: int) -> bool:
        """True exactly once per round: the page that may show the secret."""
        with self._connect(write=True) as conn:
            done = conn.execute(
                update(rounds)
                .where(rounds.c.id == round_id, rounds.c.secret_shown.is_(False))
                .values(secret_shown=True)
            )
        return bool(done.rowcount)

    def close_round(self, round_id: int) -> None:
        with self._connect(write=True) as conn:
            conn.execute(
                update(rounds)
                .where(rounds.c.id == round_id, rounds.c.closed.is_(None))
                .values(closed=utcnow(), version=rounds.c.version + 1)
            )

    def version(self, round_id: int) -> int:
        with self._connect() as conn:
            found = conn.execute(select(rounds.c.version).where(rounds.c.id == round_id)).scalar()
        if found is None:
            raise RoundNotFound()
        return int(found)

    def purge(self, days: int) -> int:
        """Delete rounds begun more than ``days`` ago, with their votes; returns how many."""
        cutoff = utcnow() - timedelta(days=days)
        old = select(rounds.c.id).where(rounds.c.created < cutoff)
        with self._connect(write=True) as conn:
            conn.execute(delete(votes).where(votes.c.round_id.in_(old)))
            done = conn.execute(delete(rounds).where(rounds.c.created < cutoff))
        return done.rowcount or 0

    # -- votes ---------------------------------------------------------------------------
    def vote_many(self, batch: list[tuple[int, str, frozenset[int]]]) -> list[int | Exception]:
        """Store ``(round id, device hash, positions)`` votes in one transaction; per vote the
        round's version after it (or RoundClosed). A later vote of a device in the same batch
        replaces its earlier one."""
        steps: dict[int, int] = {}
        for round_id, _, _ in batch:
            steps[round_id] = steps.get(round_id, 0) + 1
        latest = {(r, d): ticked for r, d, ticked in batch}
        now = utcnow()
        versions: dict[int, int | None] = {}
        with self._connect(write=True) as conn:
            for round_id, n in steps.items():
                row = conn.execute(self._step, {"round": round_id, "steps": n}).first()
                versions[round_id] = row[0] if row else None
            rows = [
                {"round_id": r, "device": d, "ticked": encode_ticked(t), "updated": now}
                for (r, d), t in latest.items()
                if versions[r] is not None
            ]
            if rows:
                conn.execute(self._upsert, rows)
        return [
            RoundClosed() if versions[r] is None else versions[r]  # type: ignore[misc]
            for r, _, _ in batch
        ]

    def ballot(self, round_id: int, device: str) -> frozenset[int] | None:
        """What this device voted (None before its first vote)."""
        with self._connect() as conn:
            found = conn.execute(
                select(votes.c.ticked).where(votes.c.round_id == round_id, votes.c.device == device)
            ).scalar()
        return None if found is None else decode_ticked(found)

    def ballots(self, round_id: int) -> dict[str, frozenset[int]]:
        with self._connect() as conn:
            rows = conn.execute(
                select(votes.c.device, votes.c.ticked).where(votes.c.round_id == round_id)
            )
            return {row.device: decode_ticked(row.ticked) for row in rows}

    def tally(self, code: str) -> Tally:
        """Round and votes read in one transaction, so the version matches the count."""
        try:
            with self.engine.connect() as conn, conn.begin():
                row = conn.execute(select(rounds).where(rounds.c.code == code)).first()
                if row is None:
                    raise RoundNotFound()
                found = conn.execute(select(votes.c.ticked).where(votes.c.round_id == row.id))
                ballots = [decode_ticked(ticked) for (ticked,) in found]
        except (OperationalError, InterfaceError) as error:
            raise StoreError(str(error)) from error
        return count(_round(row), ballots)


__all__ = ["RoundStore", "StoreError", "digest"]

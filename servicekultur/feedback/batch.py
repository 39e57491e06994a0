"""One batch of submissions in one transaction: rate limits checked and counted, form tokens
claimed, rows inserted — the content of the group commit (``writer.py`` decides when and where
it runs). No HTTP here."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy import Connection

from servicekultur.feedback.access import EventLimit, TokenClaims
from servicekultur.feedback.model import TOKEN_USED, RateLimited, Refused
from servicekultur.feedback.rows import utcnow
from servicekultur.feedback.schema import feedback

TOO_MANY = (
    "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Rückmeldungen. Bitte warten Sie "
    "{wait} Sekunden und versuchen Sie es dann noch einmal."
)


@dataclass
class Pending:
    """One submission waiting for the writer: its row, its token, the limits it counts against."""

    row: dict
    nonce: str | None = None
    limits: list[tuple[EventLimit, str]] = field(default_factory=list)
    future: Future | asyncio.Future = field(default_factory=Future)

    def settle(self, result: object) -> None:
        """Answer the waiting request (unless it gave up meanwhile, e.g. the client left)."""
        if self.future.done():
            return
        if isinstance(result, BaseException):
            self.future.set_exception(result)
        else:
            self.future.set_result(result)


def apply_batch(
    conn: Connection, batch: list[Pending], forget: bool = False
) -> list[tuple[Pending, object]]:
    """Limits, token claims and inserts of one batch, in the caller's transaction; ``forget``
    also deletes the rate events past their window. Returns each submission's id or error."""
    now = utcnow()
    outcome: list[tuple[Pending, object]] = []
    counts = _counts(conn, batch, now)
    admitted: list[Pending] = []
    for pending in batch:
        wait = 0
        for limit, key in pending.limits:
            count, oldest = counts.get((limit.scope, key), (0, None))
            if count >= limit.limit:
                wait = max(wait, limit.wait(oldest, now))
        if wait:
            outcome.append((pending, RateLimited(TOO_MANY.format(wait=wait), wait)))
            continue
        for limit, key in pending.limits:
            count, oldest = counts.get((limit.scope, key), (0, None))
            counts[(limit.scope, key)] = (count + 1, oldest or now)
        admitted.append(pending)
    won = TokenClaims.claim_many(conn, [p.nonce for p in admitted if p.nonce], now)
    accepted: list[Pending] = []
    for pending in admitted:
        if pending.nonce is not None and pending.nonce not in won:
            outcome.append((pending, Refused(TOKEN_USED)))
            continue
        won.discard(pending.nonce)  # the same token twice in one batch counts once
        accepted.append(pending)
    if accepted:
        statement = feedback.insert().returning(feedback.c.id, sort_by_parameter_order=True)
        ids = [row[0] for row in conn.execute(statement, [p.row for p in accepted])]
        outcome += list(zip(accepted, ids, strict=True))
    by_limit: dict[str, tuple[EventLimit, list[str]]] = {}
    for pending in accepted:
        for limit, key in pending.limits:
            by_limit.setdefault(limit.scope, (limit, []))[1].append(key)
    for limit, keys in by_limit.values():
        limit.record_many(conn, keys, now)
    if forget:
        for limit, _keys in by_limit.values():
            limit.forget_old(conn, now)
    return outcome


def _counts(conn: Connection, batch: list[Pending], now) -> dict:
    keys: dict[str, tuple[EventLimit, list[str]]] = {}
    for pending in batch:
        for limit, key in pending.limits:
            keys.setdefault(limit.scope, (limit, []))[1].append(key)
    counts = {}
    for scope, (limit, wanted) in keys.items():
        for key, value in limit.counts(conn, wanted, now).items():
            counts[(scope, key)] = value
    return counts

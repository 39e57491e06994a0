"""One batch of submissions in one transaction: rate limits checked and counted, form tokens
claimed, rows inserted — the content of the group commit (``writer.py`` decides when and where
it runs). No HTTP here."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from dataclasses import dataclass, field

from sqlalchemy import Connection

from servicekultur.feedback.access import TokenClaims
from servicekultur.feedback.many import execute_many
from servicekultur.feedback.model import TOKEN_USED, RateLimited, Refused
from servicekultur.feedback.ratelimit import EventLimit, count_events, record_events
from servicekultur.feedback.rows import utcnow
from servicekultur.feedback.schema import feedback

INSERT = feedback.insert().returning(feedback.c.id, sort_by_parameter_order=True)  # built once
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
    counts = count_events(conn, [entry for pending in batch for entry in pending.limits], now)
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
        ids = [row[0] for row in execute_many(conn, INSERT, [p.row for p in accepted])]
        outcome += list(zip(accepted, ids, strict=True))
    events = [entry for pending in accepted for entry in pending.limits]
    record_events(conn, events, now)
    if forget:
        for limit in {limit.scope: limit for limit, _key in events}.values():
            limit.forget_old(conn, now)
    return outcome

"""The development outbox: every message that would have been mailed when no SMTP server is set
is kept in the feedback database (the newest ``KEEP``), shown under ``/admin/postausgang``, and
announced by one line on the console of ``invoke serve`` (logger ``servicekultur.outbox``).

Messages belong to their feedback item: erasing the item erases them too.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, select

from servicekultur.feedback.rows import utcnow
from servicekultur.feedback.schema import mail_outbox

if TYPE_CHECKING:
    from servicekultur.feedback.store import FeedbackStore

console = logging.getLogger("servicekultur.outbox")
KEEP = 200


@dataclass(frozen=True)
class OutboxMessage:
    id: int
    item_id: int | None
    created: datetime
    recipient: str
    subject: str
    body: str


class Outbox:
    def __init__(self, store: FeedbackStore) -> None:
        self.store = store

    def add(self, item_id: int | None, recipient: str, subject: str, body: str) -> None:
        values = {
            "item_id": item_id,
            "created": utcnow(),
            "recipient": recipient[:254],
            "subject": subject[:200],
            "body": body,
        }
        with self.store._connect(write=True) as conn:
            new_id = conn.execute(mail_outbox.insert().values(**values)).inserted_primary_key[0]
            conn.execute(delete(mail_outbox).where(mail_outbox.c.id <= new_id - KEEP))
        console.info(
            "Postausgang (kein SMTP eingerichtet): „%s“ an %s – lesen unter /admin/postausgang",
            subject,
            recipient,
        )

    def latest(self, limit: int = 50) -> list[OutboxMessage]:
        query = select(mail_outbox).order_by(mail_outbox.c.id.desc()).limit(limit)
        with self.store._connect() as conn:
            return [OutboxMessage(**row._mapping) for row in conn.execute(query)]

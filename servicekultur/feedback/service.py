"""The reader-facing feedback service: accept a submission, show its status, erase it.

Wires store, group-commit writer, notifier and rate limiter together; knows nothing of HTTP.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from servicekultur.feedback.model import VISIBLE, FeedbackItem, RateLimited
from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.notify import MailConfig, Notifier
from servicekultur.feedback.privacy import RateLimiter
from servicekultur.feedback.stats import site_stats
from servicekultur.feedback.store import FeedbackStore, lock_path, row_values
from servicekultur.feedback.submission import Submission, parse_submission
from servicekultur.feedback.writer import BatchWriter, Checkpointer

logger = logging.getLogger(__name__)


@dataclass
class FeedbackService:
    store: FeedbackStore
    writer: BatchWriter
    notifier: Notifier
    limiter: RateLimiter
    moderation: Moderation
    page_exists: Callable[[str], bool] | None = None
    item_exists: Callable[[str, str], bool] | None = None
    checkpointer: Checkpointer | None = None
    _expected: tuple[float, str] | None = None

    @classmethod
    def create(
        cls,
        database_url: str,
        mail: MailConfig,
        rate_limit: int,
        rebuild_command: str = "",
        run_migrations: bool = True,
        **checks,
    ) -> FeedbackService:
        sqlite = lock_path(database_url) is not None
        store = FeedbackStore.open(
            database_url, run_migrations=run_migrations, background_checkpoints=sqlite
        )
        notifier = Notifier(mail)
        return cls(
            store=store,
            writer=BatchWriter(store, lock_path(database_url)),
            notifier=notifier,
            limiter=RateLimiter(rate_limit, 60.0),
            moderation=Moderation(store, notifier, rebuild_command),
            checkpointer=Checkpointer(store) if sqlite else None,
            **checks,
        )

    def close(self) -> None:
        if self.checkpointer:
            self.checkpointer.close()
        self.writer.close()
        self.store.close()

    def check(self, data: Mapping) -> Submission:
        """A checked submission (German FeedbackError for the first problem); stores nothing."""
        return parse_submission(data, self.page_exists, self.item_exists, render=False)

    async def submit(
        self,
        sub: Submission,
        client: str,
        claim: Callable[[], Awaitable[None]] | None = None,
    ) -> FeedbackItem:
        """Rate-limit and store a checked submission; returns once it is committed.

        ``claim`` runs right before the write (it uses up the form token, so a submission
        refused for its content or its rate can be sent again with the same form).
        """
        if not self.limiter.hit(client):
            wait = self.limiter.retry_after(client)
            raise RateLimited(
                "Sie haben in kurzer Zeit sehr viele Rückmeldungen geschickt. "
                f"Bitte warten Sie {wait} Sekunden und versuchen Sie es dann noch einmal.",
                wait,
            )
        if claim is not None:
            await claim()
        row = row_values(sub)
        row["id"] = await self.writer.submit(row)
        item = FeedbackItem(**{k: v for k, v in row.items() if k != "confirm_token"})
        item.created = item.created.replace(tzinfo=UTC)
        self.notifier.new_feedback(item)
        if item.email:  # the opt-in link has its own token: the status link cannot confirm
            self.notifier.confirm_email(item, f"/feedback/bestaetigen/{row['confirm_token']}")
        return item

    def expected_answer(self) -> str:
        """„in der Regel innerhalb von …“ from the answer times of the last 90 days (cached)."""
        now = time.monotonic()
        if self._expected and now - self._expected[0] < 60:
            return self._expected[1]
        stats = site_stats(self.store.items(status=VISIBLE), datetime.now(UTC))
        if stats.median_hours is None:
            text = "in der Regel innerhalb weniger Tage"
        else:
            text = f"in der Regel innerhalb von {stats.median_text}"
        self._expected = (now, text)
        return text

    def status(self, token: str) -> FeedbackItem:
        return self.store.by_token(token)

    def erase(self, token: str) -> None:
        self.store.delete_by_token(token)
        logger.info("feedback: eine Rückmeldung wurde über ihren Link gelöscht")

    def confirm_email(self, confirm_token: str) -> FeedbackItem:
        return self.store.confirm_email(confirm_token)

"""The reader-facing feedback service: accept a submission, show its status, erase it.

Wires store, group-commit writer, notifier and rate limits together; knows nothing of HTTP.
Submissions count against two limits kept in the database (so across all server processes):
``KB_RATE_LIMIT`` per form (a browser tab: the chain of form tokens it was served) and the
higher ``KB_RATE_LIMIT_ADDRESS`` per client address — thirty workshop participants behind one
address can each send feedback, one client's flood is stopped.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from servicekultur.feedback.checkpoint import Checkpointer
from servicekultur.feedback.erasure import Erased, erase
from servicekultur.feedback.model import VISIBLE, FeedbackItem
from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.notify import MailConfig, Notifier
from servicekultur.feedback.outbox import Outbox
from servicekultur.feedback.ratelimit import EventLimit
from servicekultur.feedback.renderqueue import RenderQueue
from servicekultur.feedback.schema import make_engine
from servicekultur.feedback.stats import site_stats
from servicekultur.feedback.store import FeedbackStore, lock_path, row_values
from servicekultur.feedback.submission import Submission, parse_submission
from servicekultur.feedback.writer import BatchWriter, Pending

LIMIT_WINDOW = timedelta(minutes=1)

logger = logging.getLogger(__name__)


@dataclass
class FeedbackService:
    store: FeedbackStore
    writer: BatchWriter
    notifier: Notifier
    per_form: EventLimit
    per_address: EventLimit
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
        address_limit: int | None = None,
        run_migrations: bool = True,
        **checks,
    ) -> FeedbackService:
        lock = lock_path(database_url)
        store = FeedbackStore.open(
            database_url, run_migrations=run_migrations, background_checkpoints=lock is not None
        )
        # SQLite: the writer's transactions take the write lock when they begin (they read the
        # limits before they write); the store's other connections stay deferred.
        engine = make_engine(database_url, True, immediate=True) if lock is not None else None
        notifier = Notifier(mail, Outbox(store))
        return cls(
            store=store,
            writer=BatchWriter(
                store,
                lock,
                engine,
                on_loop=lock is not None,  # SQLite: on the loop; PostgreSQL: in a thread
            ),
            notifier=notifier,
            per_form=EventLimit(store, "submit-form", rate_limit, LIMIT_WINDOW),
            per_address=EventLimit(
                store, "submit-address", address_limit or rate_limit, LIMIT_WINDOW
            ),
            moderation=Moderation(store, notifier),
            checkpointer=Checkpointer(store) if lock is not None else None,
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
        self, sub: Submission, address: str, form: str = "", nonce: str | None = None
    ) -> FeedbackItem:
        """Store a checked submission; returns once it is committed (synced).

        ``address`` and ``form`` are keyed hashes of the client address and of the form's token
        chain; the writer checks both limits and claims ``nonce`` (the form token) in the same
        transaction as the insert, so a submission refused for its rate can be sent again with
        the same form.
        """
        limits = [(self.per_address, address)]
        if form:
            limits.append((self.per_form, form))
        row = row_values(sub)
        row["id"] = await self.writer.submit(Pending(row, nonce, limits))
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

    def received_message(self, item: FeedbackItem) -> str:
        """What the reader is told once a submission is stored (true about the mail, too)."""
        text = (
            "Danke! Ihre Rückmeldung ist angekommen. Wir prüfen sie und antworten "
            f"{self.expected_answer()}."
        )
        return text + (" " + self.mail_message() if item.email else "")

    def mail_message(self) -> str:
        if self.notifier.delivers:
            return (
                "Wir haben Ihnen eine E-Mail mit einem Bestätigungslink geschickt – bitte sehen "
                "Sie in Ihr Postfach (auch in den Spam-Ordner). Erst nach der Bestätigung "
                "benachrichtigen wir Sie über die Antwort."
            )
        return (
            "Diese Site verschickt zurzeit keine E-Mails (kein Mailserver eingerichtet); über "
            "die Antwort können wir Sie deshalb nicht benachrichtigen. Den Stand sehen Sie "
            "jederzeit unter Ihrem persönlichen Link."
        )

    def erased_message(self, was_public: bool, worker: bool) -> str:
        """What the reader is told after an erasure (``worker``: a build worker is running)."""
        text = "Ihre Rückmeldung ist gelöscht, mit Name und E-Mail-Adresse."
        if not was_public:
            return text + " Sie war nicht veröffentlicht."
        if worker:
            return text + " Sie wird innerhalb weniger Sekunden von der Seite entfernt."
        return text + (
            " Auf der Seite ist sie noch zu sehen, bis die Site das nächste Mal gebaut wird "
            "(gerade läuft kein Build-Worker)."
        )

    def status(self, token: str) -> FeedbackItem:
        return self.store.by_token(token)

    def erase(self, token: str) -> Erased:
        """Erase the item of ``token`` everywhere (see ``erasure``); what was erased."""
        erased = erase(self.store, token)
        logger.info("feedback: eine Rückmeldung wurde über ihren Link gelöscht")
        return erased

    def worker_running(self) -> bool:
        """Whether a build worker is alive to take changes to the site within seconds."""
        return RenderQueue(self.store).worker() is not None

    def confirm_email(self, confirm_token: str) -> FeedbackItem:
        return self.store.confirm_email(confirm_token)

"""Feedback storage on SQLAlchemy Core: plain FeedbackItem objects in, out; no HTTP here."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, func, or_, select
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError, SQLAlchemyError

from servicekultur.feedback.engine import migrate_locked
from servicekultur.feedback.model import (
    IMPLEMENTED,
    MAX_NAME,
    MAX_URL,
    NEW,
    REJECTED,
    TRANSITIONS,
    VISIBLE,
    Conflict,
    FeedbackError,
    FeedbackItem,
    NotFound,
    StoreError,
)
from servicekultur.feedback.renderqueue import enqueue
from servicekultur.feedback.rows import (
    ITEM_COLUMNS,
    lock_path,
    on_page,
    row_values,
    to_item,
    utcnow,
)
from servicekultur.feedback.sanitize import plain_text, render_markdown, safe_link
from servicekultur.feedback.schema import feedback, make_engine, migrate
from servicekultur.feedback.submission import Submission

logger = logging.getLogger(__name__)


class FeedbackStore:
    """All reads and writes of feedback items."""

    def __init__(self, engine: Engine, reads: Engine | None = None) -> None:
        self.engine, self._reads = engine, reads or engine  # reads: see ``make_engine``

    @classmethod
    def open(
        cls, url: str, *, run_migrations: bool = True, background_checkpoints: bool = False
    ) -> FeedbackStore:
        engine = make_engine(url, background_checkpoints)
        if run_migrations:
            migrate_locked(engine, url, migrate, "Feedback-Datenbank")
        reads = make_engine(url, reads=True) if engine.dialect.name == "postgresql" else None
        return cls(engine, reads)

    def close(self) -> None:
        self.engine.dispose()
        self._reads.dispose()

    @contextmanager
    def _connect(self, write: bool = False) -> Iterator[Connection]:
        """A connection (in a transaction when ``write``); an unreachable database (server
        down, network, SQLite locked too long) becomes a StoreError, which the service
        answers with 503."""
        try:
            with self.engine.begin() if write else self._reads.connect() as conn:
                yield conn
        except (OperationalError, InterfaceError) as error:
            logger.error("feedback: database unavailable: %s", error)
            raise StoreError(str(error)) from error

    # -- writing -------------------------------------------------------------------------
    def add(self, sub: Submission, **extra) -> FeedbackItem:
        values = row_values(sub, **extra)
        try:
            with self._connect(write=True) as conn:
                new_id = conn.execute(feedback.insert().values(**values)).inserted_primary_key[0]
                if values["status"] in VISIBLE:  # e.g. an imported, approved comment
                    enqueue(conn, [values["page"]])
        except IntegrityError as error:
            raise Conflict("Diese Rückmeldung ist schon gespeichert.") from error
        except SQLAlchemyError as error:
            logger.error("feedback: could not store an item: %s", error)
            raise StoreError(str(error)) from error
        return self.get(new_id)

    def insert_many(self, rows: list[dict]) -> list[int]:
        """Insert rows in one transaction (group commit); ids in the order of ``rows``."""
        with self._connect(write=True) as conn:
            result = conn.execute(
                feedback.insert().returning(feedback.c.id, sort_by_parameter_order=True), rows
            )
            return [row[0] for row in result]

    def _update(self, before: FeedbackItem, **values) -> FeedbackItem:
        """Change an item; when the site shows it before or after, its page is queued for
        re-rendering in the same transaction (``renderqueue``)."""
        with self._connect(write=True) as conn:
            where = feedback.c.id == before.id
            done = conn.execute(feedback.update().where(where).values(**values))
            if done.rowcount and (before.visible or values.get("status") in VISIBLE):
                enqueue(conn, [before.page])
        if not done.rowcount:
            raise NotFound(f"Rückmeldung {before.id} gibt es nicht.")
        return self.get(before.id)

    def set_status(self, item_id: int, status: str, change_url: str = "") -> FeedbackItem:
        item = self.get(item_id)
        if status not in TRANSITIONS.get(item.status, set()):
            raise Conflict(f"Von „{item.status_label}“ geht es nicht nach „{status}“.")
        values: dict = {"status": status}
        if status in VISIBLE and item.published is None:
            values["published"] = utcnow()
        if status in VISIBLE and not item.html:
            values["html"] = item.display_html
        if status == IMPLEMENTED:
            change_url = plain_text(change_url).strip()
            if not change_url:
                raise FeedbackError("Für „umgesetzt“ fehlt der Link auf die Änderung.")
            if len(change_url) > MAX_URL:
                raise FeedbackError(f"Der Link ist zu lang (höchstens {MAX_URL} Zeichen).")
            if not safe_link(change_url):
                raise FeedbackError(
                    "Der Link auf die Änderung muss mit http:// oder https:// beginnen oder ein "
                    "Pfad dieser Site sein (/…).",
                    field="change_url",
                )
            values["change_url"] = change_url
        return self._update(item, **values)

    def answer(
        self, item_id: int, text: str, author: str, answered: datetime | None = None
    ) -> FeedbackItem:
        """Answer officially; ``answered`` keeps an imported reply's own date (naive UTC)."""
        text, author = plain_text(text).strip(), plain_text(author).strip()
        if not text:
            raise FeedbackError("Die Antwort ist leer.")
        if len(author) > MAX_NAME:
            raise FeedbackError(f"Der Name unter der Antwort ist zu lang (höchstens {MAX_NAME}).")
        item = self.get(item_id)
        if item.status == REJECTED:
            raise Conflict("Abgelehnte Rückmeldungen werden nicht beantwortet.")
        now = answered or utcnow()
        return self._update(
            item,
            status=item.status if item.status == IMPLEMENTED else "beantwortet",
            answer_text=text,
            answer_html=render_markdown(text),
            answer_author=author or "Redaktion",
            html=item.display_html,
            answered=item.answered.replace(tzinfo=None) if item.answered else now,
            published=item.published.replace(tzinfo=None) if item.published else now,
        )

    def confirm_email(self, confirm_token: str) -> FeedbackItem:
        """Confirm the address with the token of the opt-in mail (used up by confirming)."""
        found = None
        if confirm_token and len(confirm_token) <= 64:
            with self._connect(write=True) as conn:
                found = conn.execute(
                    feedback.update()
                    .where(feedback.c.confirm_token == confirm_token)
                    .values(email_confirmed=True, confirm_token=None)
                    .returning(feedback.c.id)
                ).scalar()
        if found is None:
            raise NotFound("Dieser Bestätigungslink ist ungültig oder wurde schon benutzt.")
        return self.get(found)

    def purge_rejected(self, days: int) -> int:
        """Erase rejected items older than ``days`` (retention); returns how many."""
        cutoff = utcnow() - timedelta(days=days)
        with self._connect(write=True) as conn:
            done = conn.execute(
                feedback.delete().where(feedback.c.status == REJECTED, feedback.c.created < cutoff)
            )
        return done.rowcount or 0

    # -- reading -------------------------------------------------------------------------
    def get(self, item_id: int) -> FeedbackItem:
        with self._connect() as conn:
            row = conn.execute(select(*ITEM_COLUMNS).where(feedback.c.id == item_id)).first()
        if row is None:
            raise NotFound(f"Rückmeldung {item_id} gibt es nicht.")
        return to_item(row)

    def by_token(self, token: str) -> FeedbackItem:
        if not token or len(token) > 64:
            raise NotFound()
        with self._connect() as conn:
            row = conn.execute(select(*ITEM_COLUMNS).where(feedback.c.token == token)).first()
        if row is None:
            raise NotFound()
        return to_item(row)

    def items(
        self,
        status: str | Iterable[str] | None = None,
        page: str | None = None,
        since: datetime | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[FeedbackItem]:
        query = select(*ITEM_COLUMNS)
        if isinstance(status, str):
            query = query.where(feedback.c.status == status)
        elif status is not None:
            query = query.where(feedback.c.status.in_(list(status)))
        if page is not None:
            query = query.where(feedback.c.page == page)
        if since is not None:  # published or answered after ``since``
            after = since.astimezone(UTC).replace(tzinfo=None)
            query = query.where(or_(feedback.c.published > after, feedback.c.answered > after))
        order = feedback.c.id.desc() if newest_first else feedback.c.id
        query = query.order_by(order).limit(limit)
        with self._connect() as conn:
            return [to_item(row) for row in conn.execute(query)]

    def visible(self, page: str | None = None, since: datetime | None = None) -> list[FeedbackItem]:
        """What the site shows: published, answered and implemented items."""
        if page is None:
            return self.items(status=VISIBLE, since=since)
        with self._connect() as conn:
            return [to_item(row) for row in conn.execute(*on_page(page, since))]

    def queue(self) -> list[FeedbackItem]:
        return self.items(status=NEW)

    def count(self, status: str | None = None) -> int:
        query = select(func.count()).select_from(feedback)
        if status:
            query = query.where(feedback.c.status == status)
        with self._connect() as conn:
            return int(conn.execute(query).scalar() or 0)

    def existing_tokens(self, tokens: Iterable[str]) -> set[str]:
        wanted, found = list(tokens), set()
        with self._connect() as conn:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                found.update(
                    conn.execute(
                        select(feedback.c.token).where(feedback.c.token.in_(chunk))
                    ).scalars()
                )
        return found

    def id_for_source(self, source_id: str) -> int | None:
        """The id of an imported item, by its source id (None if not imported)."""
        with self._connect() as conn:
            query = select(feedback.c.id).where(feedback.c.source_id == source_id)
            return conn.execute(query).scalar()


__all__ = ["FeedbackStore", "StoreError", "lock_path", "row_values", "to_item", "utcnow"]

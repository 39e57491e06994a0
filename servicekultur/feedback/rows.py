"""Rows of the feedback table: new rows from submissions, FeedbackItems from rows."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import bindparam, literal_column, or_, select

from servicekultur.feedback.engine import lock_path  # noqa: F401 (where callers look)
from servicekultur.feedback.model import NEW, VISIBLE, FeedbackItem
from servicekultur.feedback.randomness import token_urlsafe
from servicekultur.feedback.schema import feedback
from servicekultur.feedback.submission import Submission

# What a FeedbackItem holds: the columns of schema 1, so that a build can still read a database
# the service has not migrated yet (bookkeeping columns added later are read where needed).
ITEM_COLUMNS = [c for c in feedback.c if c.name not in ("source_id", "confirm_token")]
# The published feedback of one page (the busiest read), built once: SQLAlchemy finds it in its
# compiled cache instead of building and hashing a new statement per request.
ON_PAGE = (
    select(*ITEM_COLUMNS)
    # the statuses inline: a bound list would be expanded anew at every execution
    .where(
        feedback.c.status.in_([literal_column(f"'{status}'") for status in sorted(VISIBLE)]),
        feedback.c.page == bindparam("page"),
    )
    .order_by(feedback.c.id)
)
AFTER = bindparam("after")
ON_PAGE_SINCE = ON_PAGE.where(or_(feedback.c.published > AFTER, feedback.c.answered > AFTER))


def on_page(page: str, since: datetime | None = None) -> tuple:
    """Statement and values for the visible items of ``page`` (published or answered after
    ``since``, when given)."""
    if since is None:
        return ON_PAGE, {"page": page}
    return ON_PAGE_SINCE, {"page": page, "after": since.astimezone(UTC).replace(tzinfo=None)}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive, always UTC


def new_token() -> str:
    return token_urlsafe(24)


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def row_values(sub: Submission, **extra) -> dict:
    """The column values of a new item from a checked submission."""
    values = {
        "token": new_token(),
        "page": sub.page,
        "item": sub.item,
        "type": sub.type,
        "text": sub.text,
        "html": sub.html,
        "name": sub.name,
        "email": sub.email,
        "email_confirmed": False,
        "status": NEW,
        "created": utcnow(),
        "source": "formular",
        "confirm_token": new_token() if sub.email else None,
    }
    values.update(extra)
    return values


def to_item(row) -> FeedbackItem:
    data = dict(row._mapping)
    data.pop("source_id", None)
    data.pop("confirm_token", None)
    for key in ("created", "published", "answered"):
        data[key] = _aware(data[key])
    data["email_confirmed"] = bool(data["email_confirmed"])
    return FeedbackItem(**data)

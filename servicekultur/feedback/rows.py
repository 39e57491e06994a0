"""Rows of the feedback table: new rows from submissions, FeedbackItems from rows."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from servicekultur.feedback.engine import lock_path  # noqa: F401 (where callers look)
from servicekultur.feedback.model import NEW, FeedbackItem
from servicekultur.feedback.submission import Submission


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)  # stored naive, always UTC


def new_token() -> str:
    return secrets.token_urlsafe(24)


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

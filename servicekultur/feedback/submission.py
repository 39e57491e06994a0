"""Checking what a reader sends: every field, with a German message per problem."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from servicekultur.feedback.model import (
    MAX_EMAIL,
    MAX_ITEM,
    MAX_NAME,
    MAX_TEXT,
    MAX_URL,
    TYPES,
    FeedbackError,
    NotFound,
)
from servicekultur.feedback.sanitize import plain_text, render_markdown

_EMAIL = re.compile(r"^[^@\s<>\"]{1,64}@[^@\s<>\"]+\.[^@\s<>\"]{2,}$")
_ITEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_PAGE = re.compile(r"^/[A-Za-z0-9äöüß_./-]*/$")
_TRUE = {"1", "true", "on", "yes", "ja"}


@dataclass(frozen=True)
class Submission:
    """A checked submission, ready to be stored (``html`` may be empty: rendered on publish)."""

    page: str
    item: str
    type: str
    text: str
    html: str
    name: str
    email: str


def _field(data: Mapping, key: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else ""
    if not isinstance(value, str | int | float):
        raise FeedbackError(f"Das Feld „{key}“ hat einen ungültigen Wert.", field=key)
    return plain_text(str(value)).strip()


def parse_submission(
    data: Mapping,
    page_exists: Callable[[str], bool] | None = None,
    item_exists: Callable[[str, str], bool] | None = None,
    render: bool = True,
) -> Submission:
    """Validate a form or JSON body; raise FeedbackError (German) on the first problem."""
    if not isinstance(data, Mapping):
        raise FeedbackError("Die Anfrage muss ein JSON-Objekt mit den Formularfeldern sein.")
    page = _field(data, "page")
    if not page:
        raise FeedbackError("Es fehlt die Seite, zu der die Rückmeldung gehört.", field="page")
    if len(page) > MAX_URL or not _PAGE.match(page) or ".." in page:
        raise FeedbackError("Die angegebene Seite ist keine gültige Adresse.", field="page")
    if page_exists is not None and not page_exists(page):
        raise NotFound("Die angegebene Seite gibt es nicht.", field="page")
    item = _field(data, "item")
    if item and (len(item) > MAX_ITEM or not _ITEM.match(item)):
        raise FeedbackError("Der angegebene Checkpunkt ist ungültig.", field="item")
    if item and item_exists is not None and not item_exists(page, item):
        raise NotFound("Diesen Checkpunkt gibt es auf der Seite nicht.", field="item")
    kind = _field(data, "type").lower()
    if not kind:
        raise FeedbackError(
            "Bitte wählen Sie die Art der Rückmeldung (Lob, Kritik, Frage, Anregung).", field="type"
        )
    if kind not in TYPES:
        raise FeedbackError(
            "Unbekannte Art der Rückmeldung; möglich sind Lob, Kritik, Frage und Anregung.",
            field="type",
        )
    text = _field(data, "text")
    if not text:
        raise FeedbackError("Bitte schreiben Sie Ihre Rückmeldung in das Textfeld.", field="text")
    if len(text) > MAX_TEXT:
        raise FeedbackError(
            f"Der Text ist zu lang (höchstens {MAX_TEXT} Zeichen, Ihrer hat {len(text)}).",
            field="text",
        )
    name = _field(data, "name")
    if len(name) > MAX_NAME:
        raise FeedbackError(f"Der Name ist zu lang (höchstens {MAX_NAME} Zeichen).", field="name")
    email = _field(data, "email")
    if email and (len(email) > MAX_EMAIL or not _EMAIL.match(email)):
        raise FeedbackError("Die E-Mail-Adresse sieht nicht gültig aus.", field="email")
    if _field(data, "consent").lower() not in _TRUE:
        raise FeedbackError(
            "Bitte bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben.",
            field="consent",
        )
    html = render_markdown(text) if render else ""
    return Submission(page, item, kind, text, html, name, email)

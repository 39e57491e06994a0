"""The feedback domain: what a reader sends, what the editors do with it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

TYPES = {"lob": "Lob", "kritik": "Kritik", "frage": "Frage", "anregung": "Anregung"}

NEW, PUBLISHED, REJECTED, ANSWERED, IMPLEMENTED = (
    "neu",
    "veroeffentlicht",
    "abgelehnt",
    "beantwortet",
    "umgesetzt",
)
STATUS_LABELS = {
    NEW: "neu",
    PUBLISHED: "veröffentlicht",
    REJECTED: "abgelehnt",
    ANSWERED: "beantwortet",
    IMPLEMENTED: "umgesetzt",
}
VISIBLE = (PUBLISHED, ANSWERED, IMPLEMENTED)  # statuses shown on the site
# Which status may follow which (neu → veröffentlicht / abgelehnt → beantwortet → umgesetzt).
TRANSITIONS = {
    NEW: {PUBLISHED, REJECTED, ANSWERED},
    PUBLISHED: {REJECTED, ANSWERED, IMPLEMENTED},
    REJECTED: {PUBLISHED},
    ANSWERED: {IMPLEMENTED, ANSWERED, REJECTED},
    IMPLEMENTED: {ANSWERED},
}

MAX_TEXT = 5000
MAX_NAME = 80
MAX_EMAIL = 254
MAX_URL = 500
MAX_ITEM = 100


class FeedbackError(ValueError):
    """Bad input; ``message`` is German and shown to the user, ``field`` names the form field.

    Domain errors say what went wrong, never how to answer it: the web edge
    (``servicekultur/web/errors.py``) alone maps each kind to an HTTP status.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(FeedbackError):
    """The item, page or checklist item asked for does not exist."""

    def __init__(
        self, message: str = "Diese Rückmeldung gibt es nicht (mehr).", field: str | None = None
    ) -> None:
        super().__init__(message, field)


class Conflict(FeedbackError):
    """The action is impossible in the item's current state (or was already done)."""


class Refused(FeedbackError):
    """The request is well-formed but not allowed: forged or reused form token, foreign
    origin, wrong feed key, missing login."""


class RateLimited(FeedbackError):
    """Too many attempts from one client; ``retry_after`` seconds until the next is allowed."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = max(1, int(retry_after))


class StoreError(RuntimeError):
    """The database cannot be reached or written (the service answers 503)."""


@dataclass
class FeedbackItem:
    """One piece of reader feedback on a page, or on one checklist item of a page."""

    id: int
    token: str
    page: str
    item: str
    type: str
    text: str
    html: str
    name: str
    email: str
    email_confirmed: bool
    status: str
    created: datetime
    published: datetime | None = None
    answer_text: str = ""
    answer_html: str = ""
    answer_author: str = ""
    answered: datetime | None = None
    change_url: str = ""
    source: str = "formular"

    @property
    def type_label(self) -> str:
        return TYPES.get(self.type, self.type)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def display_html(self) -> str:
        """The sanitised HTML; rendered here for items not yet published (rendering is deferred
        from submission to publication, which keeps accepting submissions cheap)."""
        if self.html or not self.text:
            return self.html
        from servicekultur.feedback.sanitize import render_markdown

        return render_markdown(self.text)

    @property
    def safe_change_url(self) -> str:
        """The change link checked again where it is rendered (http, https, site paths)."""
        from servicekultur.feedback.sanitize import safe_link

        return safe_link(self.change_url)

    @property
    def page_link(self) -> str:
        """The page as a link target (site paths only; imported data included)."""
        from servicekultur.feedback.sanitize import safe_link

        link = safe_link(self.page)
        return link if link.startswith("/") else "/"

    @property
    def visible(self) -> bool:
        return self.status in VISIBLE

    def public(self) -> dict:
        """What anyone may see of a published item (no e-mail, no token)."""
        return {
            "id": self.id,
            "page": self.page,
            "item": self.item,
            "type": self.type,
            "type_label": self.type_label,
            "html": self.display_html,
            "name": self.name,
            "status": self.status,
            "status_label": self.status_label,
            "created": self.created.isoformat(),
            "answer_html": self.answer_html,
            "answer_author": self.answer_author,
            "answered": self.answered.isoformat() if self.answered else None,
            "change_url": self.safe_change_url,
        }

    def export(self) -> dict:
        """Everything except the secret token (for the editors' JSON/CSV export)."""
        data = asdict(self)
        data.pop("token")
        for key, value in data.items():
            if isinstance(value, datetime):
                data[key] = value.isoformat()
        return data

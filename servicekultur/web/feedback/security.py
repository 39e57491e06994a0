"""Form tokens and the origin checks of the feedback views.

A form token is signed, carries the time it was issued and the page it was served with; it is
accepted only for that page, only after the minimum fill time, and only once (claimed in the
database, so across all server processes). Browser requests from other sites are refused by
their ``Origin`` (or, without one, their ``Referer``).
"""

from __future__ import annotations

import secrets
import time
from urllib.parse import urlsplit

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from servicekultur.feedback.model import FeedbackError, Refused

TOKEN_MAX_AGE = 24 * 3600
FORGED = (
    "Das Formular ist ungültig (Sicherheits-Token fehlt oder stimmt nicht). Bitte laden Sie "
    "die Seite neu."
)


class FormTokens:
    """Issue and check page-bound form tokens (CSRF protection and minimum fill time)."""

    def __init__(self, secret: bytes, min_fill_seconds: float) -> None:
        self.serializer = URLSafeTimedSerializer(secret, salt="kb-feedback-form-v2")
        self.min_fill = min_fill_seconds

    def issue(self, page: str) -> str:
        return self.serializer.dumps({"n": secrets.token_urlsafe(12), "p": page})

    def check(
        self, token: object, page: str, now: float | None = None, min_fill: float | None = None
    ) -> str:
        """The token's nonce, if ``token`` was issued for ``page`` long enough ago."""
        if not isinstance(token, str) or not token or len(token) > 300:
            raise Refused(FORGED)
        try:
            data, issued = self.serializer.loads(
                token, max_age=TOKEN_MAX_AGE, return_timestamp=True
            )
        except SignatureExpired as error:
            raise Refused(
                "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und senden Sie es "
                "noch einmal."
            ) from error
        except BadSignature as error:
            raise Refused(FORGED) from error
        if not isinstance(data, dict) or data.get("p") != page:
            raise Refused(FORGED)
        least = self.min_fill if min_fill is None else min_fill
        if (now or time.time()) - issued.timestamp() < least:
            raise FeedbackError(
                "Das ging zu schnell – das Formular wurde wohl automatisch "
                "ausgefüllt. Bitte versuchen Sie es noch einmal."
            )
        return str(data.get("n", ""))


USED = "Dieses Formular wurde schon gesendet. Bitte laden Sie die Seite neu."
FOREIGN = "Anfragen von fremden Seiten werden nicht angenommen."


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def check_origin(
    origin: str | None, referer: str | None, host: str | None, allowed: set[str]
) -> None:
    """A browser request sent from another site is refused (``Origin``, else ``Referer``).

    Without either header it is not a browser's cross-site request (browsers send ``Origin``
    with every POST): the form token and the rate limits still apply.
    """
    source = origin if origin not in (None, "") else _origin_of(referer or "") or None
    if source is None:
        return
    if source in allowed or (host and source.split("://", 1)[-1] == host):
        return
    raise Refused(FOREIGN)

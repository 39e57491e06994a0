"""Form tokens (CSRF and minimum fill time) and the Origin check of the feedback views."""

from __future__ import annotations

import secrets
import time

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

from servicekultur.feedback.model import FeedbackError, Refused

TOKEN_MAX_AGE = 24 * 3600


class FormTokens:
    """Signed, timestamped tokens for the feedback forms (CSRF and minimum fill time)."""

    def __init__(self, secret: bytes, min_fill_seconds: float) -> None:
        self.signer = TimestampSigner(secret, salt="kb-feedback-form")
        self.min_fill = min_fill_seconds

    def issue(self, page: str = "") -> str:
        return self.signer.sign(secrets.token_urlsafe(8)).decode()

    def check(self, token: str, now: float | None = None, min_fill: float | None = None) -> None:
        try:
            _, issued = self.signer.unsign(
                token or "", max_age=TOKEN_MAX_AGE, return_timestamp=True
            )
        except SignatureExpired as error:
            raise Refused(
                "Das Formular ist abgelaufen. Bitte senden Sie es noch einmal."
            ) from error
        except BadSignature as error:
            raise Refused(
                "Das Formular ist ungültig (Sicherheits-Token fehlt oder stimmt "
                "nicht). Bitte laden Sie die Seite neu."
            ) from error
        least = self.min_fill if min_fill is None else min_fill
        if (now or time.time()) - issued.timestamp() < least:
            raise FeedbackError(
                "Das ging zu schnell – das Formular wurde wohl automatisch "
                "ausgefüllt. Bitte versuchen Sie es noch einmal."
            )


def check_origin(origin: str | None, host: str | None, allowed: set[str]) -> None:
    """A browser's cross-site request to the JSON API is refused."""
    if origin is None:
        return  # not a browser request: CSRF does not apply
    if origin in allowed or (host and origin.split("://", 1)[-1] == host):
        return
    raise Refused("Anfragen von fremden Seiten werden nicht angenommen.")

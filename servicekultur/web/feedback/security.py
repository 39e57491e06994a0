"""Form tokens and the origin checks of the feedback views.

A form token is signed, carries the time it was issued, the page it was served with and the
chain it belongs to (a browser tab: the token of a served page and every token handed back after
a submission from it; the per-form rate limit counts by it); it is accepted only for that page,
only after the minimum fill time, and only once (claimed in the database, so across all server
processes). Browser requests from other sites are refused by
their ``Origin`` (or, without one, their ``Referer``).
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

from servicekultur.feedback.model import TOKEN_USED, FeedbackError, Refused
from servicekultur.feedback.randomness import token_urlsafe

TOKEN_MAX_AGE = 24 * 3600
FORGED = (
    "Das Formular ist ungültig (Sicherheits-Token fehlt oder stimmt nicht). Bitte laden Sie "
    "die Seite neu."
)


@dataclass(frozen=True)
class CheckedToken:
    nonce: str  # used up once the submission is stored
    chain: str  # the same for every token of one form (browser tab)


class _Signer(TimestampSigner):
    """itsdangerous' timestamp signer (SHA-256) with its derived key computed once, not per
    token (every submission checks one token and is handed the next)."""

    def __init__(self, secret: bytes, salt: str) -> None:
        super().__init__(secret, salt=salt, digest_method=hashlib.sha256)
        self._key = super().derive_key()

    def derive_key(self, secret_key=None) -> bytes:
        return self._key


def _page_mark(page: str) -> str:
    return hashlib.sha256(page.encode()).hexdigest()[:16]


class FormTokens:
    """Issue and check page-bound form tokens (CSRF protection and minimum fill time).

    A token is ``nonce.chain.page-hash``, signed with its issue time; compact and cheap to
    check (no JSON, no compression)."""

    def __init__(self, secret: bytes, min_fill_seconds: float) -> None:
        self.signer = _Signer(secret, "kb-feedback-form-v3")
        self.min_fill = min_fill_seconds

    def issue(self, page: str, chain: str = "") -> str:
        """A token for ``page``; the next one of a form keeps its ``chain``."""
        chain = chain or token_urlsafe(9)
        return self.signer.sign(f"{token_urlsafe(12)}.{chain}.{_page_mark(page)}").decode()

    def check(
        self, token: object, page: str, now: float | None = None, min_fill: float | None = None
    ) -> CheckedToken:
        """Nonce and chain of ``token``, if it was issued for ``page`` long enough ago."""
        if not isinstance(token, str) or not token or len(token) > 300:
            raise Refused(FORGED)
        try:
            value, issued = self.signer.unsign(token, max_age=TOKEN_MAX_AGE, return_timestamp=True)
        except SignatureExpired as error:
            raise Refused(
                "Das Formular ist abgelaufen. Bitte laden Sie die Seite neu und senden Sie es "
                "noch einmal."
            ) from error
        except BadSignature as error:
            raise Refused(FORGED) from error
        parts = value.decode().split(".")
        if len(parts) != 3 or not hmac.compare_digest(parts[2], _page_mark(page)):
            raise Refused(FORGED)
        least = self.min_fill if min_fill is None else min_fill
        if (now or time.time()) - issued.timestamp() < least:
            raise FeedbackError(
                "Das ging zu schnell – das Formular wurde wohl automatisch "
                "ausgefüllt. Bitte versuchen Sie es noch einmal."
            )
        return CheckedToken(parts[0], parts[1])


USED = TOKEN_USED
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

"""Secrets of the live rounds: form tokens, the device cookie, the trainer's key.

- Form tokens are signed with the service key, name their purpose and the round they belong
  to, and expire; a participant's vote token is bound to the round and the device.
- A device is a random id in a signed cookie that only this round's pages see (its path); the
  database keeps its SHA-256, never the cookie, no address and no name.
- The round's key is shown once; the trainer's browser keeps it in a cookie for this round.
  All comparisons are constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from urllib.parse import urlsplit

from fastapi import Request, Response
from itsdangerous import BadSignature, Signer, URLSafeTimedSerializer

from servicekultur.feedback.model import Refused
from servicekultur.redirects.shortlinks import ALPHABET

DEVICE_COOKIE = "kb_geraet"
TRAINER_COOKIE = "kb_leitung"
FORM_MAX_AGE = 24 * 3600
FORGED = "Das Formular ist ungültig oder abgelaufen. Bitte laden Sie die Seite neu."
FOREIGN = "Anfragen von fremden Seiten werden nicht angenommen."
NO_DEVICE = (
    "Dieses Gerät ist der Runde noch nicht beigetreten (Cookies blockiert?). Bitte öffnen Sie "
    "die Runde über den Code noch einmal; nur mit dem Cookie zählt Ihre Stimme genau einmal."
)


def new_secret() -> str:
    """The round's key: 16 characters without look-alikes in four groups (about 78 bits)."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def normalise_secret(raw: str) -> str:
    return "".join((raw or "").lower().split()).replace("-", "")[:64]


class RoundTokens:
    def __init__(self, key: bytes) -> None:
        self.key = key
        self.forms = URLSafeTimedSerializer(key, salt="kb-round-form")
        self.devices = Signer(key, salt="kb-round-device")

    def form(self, purpose: str, code: str = "") -> str:
        return self.forms.dumps({"p": purpose, "c": code})

    def check_form(self, token: object, purpose: str, code: str = "") -> None:
        if not isinstance(token, str) or not token or len(token) > 300:
            raise Refused(FORGED)
        try:
            data = self.forms.loads(token, max_age=FORM_MAX_AGE)
        except BadSignature as error:  # includes SignatureExpired
            raise Refused(FORGED) from error
        if not isinstance(data, dict) or data.get("p") != purpose or data.get("c") != code:
            raise Refused(FORGED)

    def vote(self, code: str, device: str) -> str:
        return hmac.new(self.key, f"vote:{code}:{device}".encode(), hashlib.sha256).hexdigest()

    def check_vote(self, token: object, code: str, device: str) -> None:
        expected = self.vote(code, device)
        if not isinstance(token, str) or not hmac.compare_digest(token.encode(), expected.encode()):
            raise Refused(FORGED)

    # -- the device cookie ----------------------------------------------------------------
    def device_of(self, request: Request) -> str | None:
        raw = request.cookies.get(DEVICE_COOKIE, "")
        if not raw or len(raw) > 200:
            return None
        try:
            return self.devices.unsign(raw).decode()
        except (BadSignature, UnicodeDecodeError):
            return None

    def give_device(
        self, response: Response, request: Request, device: str, code: str, days: int
    ) -> None:
        """Set the cookie of a device that joins the round ``code``."""
        set_cookie(response, request, DEVICE_COOKIE, self.devices.sign(device).decode(), code, days)


def new_device() -> str:
    return secrets.token_urlsafe(16)


def device_hash(device: str) -> str:
    return hashlib.sha256(device.encode()).hexdigest()


def round_path(code: str) -> str:
    return f"/runde/{code}"


def set_cookie(
    response: Response, request: Request, name: str, value: str, code: str, days: int
) -> None:
    """A cookie only this round's pages receive, gone when the round is deleted."""
    response.set_cookie(
        name,
        value,
        max_age=days * 24 * 3600,
        path=round_path(code),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def trainer_secret(request: Request) -> str:
    return normalise_secret(request.cookies.get(TRAINER_COOKIE, ""))


def check_origin(request: Request, public_url: str) -> None:
    """A browser's form sent from another site is refused (``Origin``, else ``Referer``)."""
    source = request.headers.get("origin") or ""
    if source == "null":  # a sandboxed frame or a privacy redirect: not our own page
        raise Refused(FOREIGN)
    if not source:
        referer = urlsplit(request.headers.get("referer") or "")
        source = f"{referer.scheme}://{referer.netloc}" if referer.netloc else source
    if not source:
        return  # not a browser's cross-site form: the form token still applies
    host = request.headers.get("host", "")
    if source.split("://", 1)[-1] == host or source == public_url.rstrip("/"):
        return
    public = urlsplit(public_url)
    if source == f"{public.scheme}://{public.netloc}":
        return
    raise Refused(FOREIGN)

"""Request hardening for the whole app: body size limit, security headers with a CSP, fresh form
tokens in served pages; plus the form-token and Origin checks used by the feedback views."""

from __future__ import annotations

import secrets
import time

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner

from servicekultur.feedback.model import FeedbackError

TOKEN_MARKER = b"__KB_FORM_TOKEN__"
TOKEN_MAX_AGE = 24 * 3600
# Scripts only from our own files (no inline script, no eval); inline styles stay allowed for
# trusted theme markup (reader HTML never carries style: nh3 strips it).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
TOO_LARGE = "Die Anfrage ist zu groß. Bitte kürzen Sie Ihren Text."


class FormTokens:
    """Signed, timestamped tokens for the feedback forms (CSRF and minimum fill time)."""

    def __init__(self, secret: bytes, min_fill_seconds: float) -> None:
        self.signer = TimestampSigner(secret, salt="kb-feedback-form")
        self.min_fill = min_fill_seconds

    def issue(self) -> str:
        return self.signer.sign(secrets.token_urlsafe(8)).decode()

    def check(self, token: str, now: float | None = None, min_fill: float | None = None) -> None:
        try:
            _, issued = self.signer.unsign(
                token or "", max_age=TOKEN_MAX_AGE, return_timestamp=True
            )
        except SignatureExpired as error:
            raise FeedbackError(
                "Das Formular ist abgelaufen. Bitte senden Sie es noch einmal.", status=403
            ) from error
        except BadSignature as error:
            raise FeedbackError(
                "Das Formular ist ungültig (Sicherheits-Token fehlt oder stimmt "
                "nicht). Bitte laden Sie die Seite neu.",
                status=403,
            ) from error
        least = self.min_fill if min_fill is None else min_fill
        if (now or time.time()) - issued.timestamp() < least:
            raise FeedbackError(
                "Das ging zu schnell – das Formular wurde wohl automatisch "
                "ausgefüllt. Bitte versuchen Sie es noch einmal.",
                status=400,
            )


def check_origin(origin: str | None, host: str | None, allowed: set[str]) -> None:
    """A browser's cross-site request to the JSON API is refused (403)."""
    if origin is None:
        return  # not a browser request: CSRF does not apply
    if origin in allowed or (host and origin.split("://", 1)[-1] == host):
        return
    raise FeedbackError("Anfragen von fremden Seiten werden nicht angenommen.", status=403)


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k == b"content-type" and v.startswith(b"text/html") for k, v in headers)


class SecurityMiddleware:
    """Pure ASGI: 413 for big bodies, security headers everywhere, form tokens into HTML."""

    def __init__(self, app, max_body: int, tokens: FormTokens) -> None:
        self.app = app
        self.max_body = max_body
        self.tokens = tokens

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return await _too_large(scope, send)
        if scope["method"] == "GET":  # pages carry fresh tokens: never answer 304
            scope = dict(scope)
            scope["headers"] = [
                (k, v)
                for k, v in scope["headers"]
                if k not in (b"if-none-match", b"if-modified-since")
            ]
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _BodyTooLarge
            return message

        state: dict = {}

        async def wrapped_send(message):
            if message["type"] == "http.response.start":
                out = [h for h in message.get("headers", []) if h[0] not in (b"etag",)]
                out.extend(HEADERS)
                if _is_html(out):
                    state["start"] = {**message, "headers": out}
                    state["body"] = []
                    return
                return await send({**message, "headers": out})
            if "start" in state and message["type"] == "http.response.body":
                state["body"].append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = b"".join(state["body"]).replace(TOKEN_MARKER, self.tokens.issue().encode())
                start = state.pop("start")
                start["headers"] = [(k, v) for k, v in start["headers"] if k != b"content-length"]
                start["headers"] += [
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"no-cache"),
                ]
                await send(start)
                return await send({"type": "http.response.body", "body": body})
            return await send(message)

        try:
            await self.app(scope, limited_receive, wrapped_send)
        except _BodyTooLarge:
            await _too_large(scope, send)


class _BodyTooLarge(Exception):
    pass


async def _too_large(scope, send) -> None:
    import json

    if scope["path"].startswith("/api/"):
        body, kind = json.dumps({"error": TOO_LARGE}).encode(), b"application/json"
    else:
        body = (
            f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Zu groß'
            f"</title></head><body><h1>Anfrage zu groß</h1><p>{TOO_LARGE}</p></body></html>"
        ).encode()
        kind = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

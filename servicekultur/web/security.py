"""Request hardening for the whole app (pure ASGI, outermost layer below Starlette's own):

- 413 for bodies above ``KB_MAX_BODY_BYTES`` (declared or streamed);
- the same security headers on every answer, errors included; an unexpected exception becomes
  a German 500 here, so it too carries them and the connection stays usable;
- fresh form tokens in served HTML pages (the placeholder of ``servicekultur.contract``);
- HEAD answered like GET without the body, with the real ``Content-Length``;
- ``Location`` headers never echo the request's Host (redirects are site-relative).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from servicekultur.contract import FORM_TOKEN_PLACEHOLDER, SECURITY_HEADERS
from servicekultur.web.errors import INTERNAL, error_body

logger = logging.getLogger(__name__)

HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
MARKER = FORM_TOKEN_PLACEHOLDER.encode()
TOO_LARGE = "Die Anfrage ist zu groß. Bitte kürzen Sie Ihren Text."
_DROP = (b"etag", b"last-modified")


class _BodyTooLarge(Exception):
    pass


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(k == b"content-type" and v.startswith(b"text/html") for k, v in headers)


def _relative(location: bytes) -> bytes:
    """An absolute Location of our own making (built from the Host header) → path and query."""
    parts = urlsplit(location.decode("latin-1"))
    if not parts.scheme and not parts.netloc:
        return location
    path = "/" + parts.path.lstrip("/")
    return (path + (f"?{parts.query}" if parts.query else "")).encode("latin-1")


def page_path(path: str) -> str:
    """The page a served HTML file belongs to: ``/a/b/index.html`` → ``/a/b/``."""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


class SecurityMiddleware:
    def __init__(self, app, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return await _send_error(scope, send, 413, TOO_LARGE)
        head = scope["method"] == "HEAD"
        if scope["method"] in ("GET", "HEAD"):  # pages carry fresh tokens: never answer 304
            scope = dict(scope)
            scope["headers"] = [
                (k, v)
                for k, v in scope["headers"]
                if k not in (b"if-none-match", b"if-modified-since")
            ]
            scope["method"] = "GET"
        received = 0

        async def limited_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _BodyTooLarge
            return message

        state: dict = {"started": False}

        async def wrapped_send(message):
            if message["type"] == "http.response.start":
                out = [
                    (k, _relative(v) if k == b"location" else v)
                    for k, v in message.get("headers", [])
                    if k not in _DROP
                ]
                out.extend(HEADERS)
                if _is_html(out):
                    state["start"] = {**message, "headers": out}
                    state["body"] = []
                    return
                state["sent_final"] = False
                state["started"] = True
                return await send({**message, "headers": out})
            if message["type"] != "http.response.body":
                return await send(message)
            if "start" in state:
                state["body"].append(message.get("body", b""))
                if message.get("more_body"):
                    return
                body = _with_tokens(scope, b"".join(state["body"]))
                start = state.pop("start")
                start["headers"] = [(k, v) for k, v in start["headers"] if k != b"content-length"]
                start["headers"] += [
                    (b"content-length", str(len(body)).encode()),
                    (b"cache-control", b"no-cache"),
                ]
                state["started"] = True
                await send(start)
                return await send({"type": "http.response.body", "body": b"" if head else body})
            if head:  # the length of the GET answer stays in the headers; no body
                if not message.get("more_body") and not state.get("sent_final"):
                    state["sent_final"] = True
                    await send({"type": "http.response.body", "body": b""})
                return
            return await send(message)

        try:
            await self.app(scope, limited_receive, wrapped_send)
        except _BodyTooLarge:
            if not state["started"]:
                await _send_error(scope, send, 413, TOO_LARGE)
        except Exception as error:  # the last line of defence: log, answer 500
            logger.error("unexpected error on %s", scope.get("path"), exc_info=error)
            if not state["started"]:
                await _send_error(scope, send, 500, INTERNAL)


def _with_tokens(scope, body: bytes) -> bytes:
    """Each placeholder replaced by a fresh form token bound to the served page."""
    if MARKER not in body:
        return body
    app = scope.get("app")
    feedback = getattr(getattr(app, "state", None), "feedback", None)
    if feedback is None or not feedback.running:
        return body
    page = page_path(scope.get("path", "/"))
    parts = body.split(MARKER)
    out = [parts[0]]
    for part in parts[1:]:
        out += [feedback.tokens.issue(page).encode(), part]
    return b"".join(out)


async def _send_error(scope, send, status: int, message: str) -> None:
    body, kind = error_body(scope.get("path", "/"), status, message)
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", kind.encode()),
                (b"content-length", str(len(body)).encode()),
                *([(b"connection", b"close")] if status == 413 else []),
                *HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

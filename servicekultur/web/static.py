"""Serving the built site: directory URLs, our 404 page, compression and cache headers.

- Theme files with a content hash in their name (``site.1a2b3c4d5e.css``, written by the build)
  may be kept for a year: ``Cache-Control: public, max-age=31536000, immutable``. Everything
  else is revalidated (``no-cache``).
- A file the build precompressed (``.br``, ``.gz`` beside it) is sent as such when the browser
  accepts it, with ``Content-Encoding`` and ``Vary: Accept-Encoding``. HTML pages are never taken
  from there: they get a fresh form token per request (``security.py``) and are compressed by
  :class:`CompressionMiddleware` afterwards, like every other dynamic answer.
"""

from __future__ import annotations

import mimetypes
import os
from pathlib import Path

from starlette.datastructures import Headers
from starlette.responses import FileResponse
from starlette.staticfiles import StaticFiles

from servicekultur.delivery.assets import is_hashed
from servicekultur.delivery.compress import (
    DYNAMIC_BROTLI_QUALITY,
    MIN_BYTES,
    SUFFIX,
    accepted,
    compress,
    is_compressible_type,
)
from servicekultur.web.errors import error_page

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"


def cache_control(path: str) -> str:
    """``immutable`` for content-hashed theme files, ``no-cache`` for the rest."""
    return IMMUTABLE if "/theme/" in f"/{path}" and is_hashed(path) else REVALIDATE


class _SiteStatic(StaticFiles):
    def file_response(self, full_path, stat_result, scope, status_code: int = 200):
        name = os.fspath(full_path)
        response = None
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if not name.endswith(".html") and is_compressible_type(media_type):
            wanted = Headers(scope=scope).get("accept-encoding", "")
            for encoding in accepted(wanted):
                variant = name + SUFFIX[encoding]
                if os.path.isfile(variant):
                    response = FileResponse(variant, status_code=status_code, media_type=media_type)
                    response.headers["content-encoding"] = encoding
                    break
            response = response or super().file_response(full_path, stat_result, scope, status_code)
            response.headers["vary"] = "Accept-Encoding"
        response = response or super().file_response(full_path, stat_result, scope, status_code)
        if not name.endswith(".html"):  # pages: the security layer says no-cache
            response.headers["cache-control"] = cache_control(scope.get("path", ""))
        return response


class SiteFiles:
    """The static output folder, served with ``index.html`` for directory URLs."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def app(self) -> StaticFiles:
        return _SiteStatic(directory=self.root, html=True, check_dir=False)

    def not_found_page(self) -> str:
        page = self.root / "404.html"
        if page.is_file():
            return page.read_text(encoding="utf-8")
        return self.error_page(404, "Diese Seite gibt es nicht.")

    def error_page(self, status: int, message: str) -> str:
        return error_page(status, message)


class CompressionMiddleware:
    """Brotli or gzip for answers that are not compressed yet (pages after their form token is
    set, search results, JSON); streamed answers (``text/event-stream``) pass untouched."""

    def __init__(self, app, enabled: bool = True) -> None:
        self.app = app
        self.enabled = enabled

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not self.enabled or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        wanted = accepted(Headers(scope=scope).get("accept-encoding", ""))
        state: dict = {}

        async def wrapped_send(message):
            if message["type"] == "http.response.start":
                headers = Headers(raw=message.get("headers", []))
                if "content-encoding" in headers or not is_compressible_type(
                    headers.get("content-type", "")
                ):
                    state["pass"] = True
                    return await send(message)
                state["start"], state["body"] = message, []
                return None
            if message["type"] != "http.response.body" or state.get("pass"):
                return await send(message)
            state["body"].append(message.get("body", b""))
            if message.get("more_body"):
                return None
            await _finish(send, state["start"], b"".join(state["body"]), wanted)
            return None

        await self.app(scope, receive, wrapped_send)


async def _finish(send, start: dict, body: bytes, wanted: list[str]) -> None:
    headers = [(k, v) for k, v in start.get("headers", []) if k not in (b"content-length", b"vary")]
    headers.append((b"vary", b"Accept-Encoding"))
    if wanted and len(body) >= MIN_BYTES:
        encoding = wanted[0]
        body = compress(body, encoding, DYNAMIC_BROTLI_QUALITY if encoding == "br" else 6)
        headers.append((b"content-encoding", encoding.encode()))
    headers.append((b"content-length", str(len(body)).encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})

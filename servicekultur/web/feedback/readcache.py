"""The 2-second cache of published feedback (``GET /api/feedback?page=…``), answered at the edge
of the app: a hit is served before routing, validation and the database (pure ASGI).

Only 200 answers are kept, by their exact query string, so a hit returns what the view itself
returned less than ``SECONDS`` ago (the page existed then). Erasing an item clears the cache of
this process; the others expire within ``SECONDS``.
"""

from __future__ import annotations

import time

PATH = "/api/feedback"
SECONDS = 2.0
MAX_ENTRIES = 5000


def read_cache(app) -> dict:
    """The cache of ``app`` (``app.state.feedback_read_cache``), created on first use."""
    return app.state.__dict__.setdefault("feedback_read_cache", {})


class ReadCache:
    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != PATH:
            return await self.app(scope, receive, send)
        cache = read_cache(scope["app"])
        key = scope.get("query_string", b"")
        hit = cache.get(key)
        now = time.monotonic()
        if hit is not None and now - hit[0] < SECONDS:
            await send({"type": "http.response.start", "status": 200, "headers": hit[1]})
            return await send({"type": "http.response.body", "body": hit[2]})
        answer: dict = {}

        async def keep(message):
            if message["type"] == "http.response.start":
                answer.update(status=message["status"], headers=message.get("headers", []))
            elif answer.get("status") == 200 and not message.get("more_body"):
                if len(cache) > MAX_ENTRIES:
                    cache.clear()
                cache[key] = (now, answer["headers"], message.get("body", b""))
            await send(message)

        await self.app(scope, receive, keep)

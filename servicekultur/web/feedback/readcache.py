"""The cache of published feedback (``GET /api/feedback?page=…``), which the edge of the app
(``edge.py``) answers from for 2 seconds or fresh from the store — the busiest read of the
service costs little more than its query.

Only an answer the view would give with 200 is given here (``published.published_body``, the
same function); a missing or unknown page, a bad ``since``, an unavailable database go on to
the view, which answers them with its German message. Answers are kept by their exact query
string for ``SECONDS``; erasing an item clears the cache of this process, the others expire.
"""

from __future__ import annotations

import time
from urllib.parse import parse_qsl

from servicekultur.feedback.model import FeedbackError, StoreError
from servicekultur.web.feedback.published import published_body

PATH = "/api/feedback"
SECONDS = 2.0
MAX_ENTRIES = 5000
JSON = (b"content-type", b"application/json")
MAX_QUERY = 600  # page (≤ 500) and since (≤ 40), encoded: anything longer goes to the view


def read_cache(app) -> dict:
    """The cache of ``app`` (``app.state.feedback_read_cache``), created on first use."""
    return app.state.__dict__.setdefault("feedback_read_cache", {})


def running(app) -> bool:
    """Whether the feedback service of ``app`` has started and not stopped."""
    c = getattr(app.state, "feedback", None)
    return c is not None and c.running


def fresh(app, query: bytes) -> bytes | None:
    """The view's 200 answer for ``query``, or None when the view must explain a problem."""
    if not running(app) or len(query) > MAX_QUERY:
        return None
    c = app.state.feedback
    params = dict(parse_qsl(query.decode("latin-1"), keep_blank_values=True))
    page, since = params.get("page", ""), params.get("since", "")
    if len(page) > 500 or len(since) > 40:
        return None
    try:
        return published_body(c, page, since)
    except (FeedbackError, StoreError):
        return None


def answer(app, query: bytes) -> tuple[list, bytes] | None:
    """Headers and body of the 200 answer for ``query``: from the cache while it is younger
    than ``SECONDS``, else fresh (and kept); None when the view must explain a problem."""
    cache = read_cache(app)
    hit = cache.get(query)
    now = time.monotonic()
    if hit is None or now - hit[0] >= SECONDS:
        body = fresh(app, query)
        if body is None:
            return None
        if len(cache) > MAX_ENTRIES:
            cache.clear()
        hit = cache[query] = (now, [(b"content-length", str(len(body)).encode()), JSON], body)
    return hit[1], hit[2]

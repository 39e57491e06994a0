"""The published feedback of one page as JSON (``GET /api/feedback?page=…[&since=…]``): one
function, answered by the edge (``edge.py``) and, for every problem, by the view."""

from __future__ import annotations

import json
from datetime import datetime

from servicekultur.feedback.model import FeedbackError, NotFound
from servicekultur.feedback.stats import summarize
from servicekultur.web.feedback.context import FeedbackContext


def published_body(c: FeedbackContext, page: str, since: str = "") -> bytes:
    """What the view answers with 200; a German FeedbackError (or NotFound) otherwise."""
    if not page.startswith("/"):
        raise FeedbackError("Bitte geben Sie die Seite an, z. B. ?page=/artikel/…/", field="page")
    if not c.pages.exists(page):
        raise NotFound("Diese Seite gibt es nicht.", field="page")
    after = None
    if since:
        try:
            after = datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError as error:
            raise FeedbackError("„since“ muss ein Zeitpunkt im ISO-Format sein.") from error
    items = c.service.store.visible(page=page, since=after)
    return json.dumps(
        {"page": page, "items": [i.public() for i in items], "summary": summarize(items).as_dict()},
        ensure_ascii=False,
    ).encode()

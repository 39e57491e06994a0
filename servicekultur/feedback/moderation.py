"""What editors do with feedback: publish, reject, answer, mark as implemented; with the
notifications that follow. Used by /admin and the invoke tasks.

Every change the site shows queues its page for the build worker in the same transaction
(``FeedbackStore._update`` → ``renderqueue``): no build is started from here.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from servicekultur.feedback.model import IMPLEMENTED, PUBLISHED, REJECTED, FeedbackItem
from servicekultur.feedback.notify import Notifier
from servicekultur.feedback.store import FeedbackStore

logger = logging.getLogger(__name__)


@dataclass
class Moderation:
    store: FeedbackStore
    notifier: Notifier | None = None

    def approve(self, item_id: int) -> FeedbackItem:
        return self.store.set_status(item_id, PUBLISHED)

    def reject(self, item_id: int) -> FeedbackItem:
        return self.store.set_status(item_id, REJECTED)

    def answer(self, item_id: int, text: str, author: str = "Redaktion") -> FeedbackItem:
        item = self.store.answer(item_id, text, author)
        if self.notifier:
            self.notifier.answered(item, status_path(item))
        return item

    def implemented(self, item_id: int, change_url: str) -> FeedbackItem:
        return self.store.set_status(item_id, IMPLEMENTED, change_url=change_url.strip())


def status_path(item: FeedbackItem) -> str:
    return f"/feedback/status/{item.token}"

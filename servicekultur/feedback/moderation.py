"""What editors do with feedback: publish, reject, answer, mark as implemented; with the
notifications and the optional rebuild that follow. Used by /admin and the invoke tasks."""

from __future__ import annotations

import logging
import os
import shlex
import subprocess
from dataclasses import dataclass

from servicekultur.feedback.model import IMPLEMENTED, PUBLISHED, REJECTED, FeedbackItem
from servicekultur.feedback.notify import Notifier
from servicekultur.feedback.store import FeedbackStore

logger = logging.getLogger(__name__)


@dataclass
class Moderation:
    store: FeedbackStore
    notifier: Notifier | None = None
    rebuild_command: str = ""

    def approve(self, item_id: int) -> FeedbackItem:
        item = self.store.set_status(item_id, PUBLISHED)
        self._changed(item)
        return item

    def reject(self, item_id: int) -> FeedbackItem:
        item = self.store.set_status(item_id, REJECTED)
        self._changed(item)
        return item

    def answer(self, item_id: int, text: str, author: str = "Redaktion") -> FeedbackItem:
        item = self.store.answer(item_id, text, author)
        if self.notifier:
            self.notifier.answered(item, status_path(item))
        self._changed(item)
        return item

    def implemented(self, item_id: int, change_url: str) -> FeedbackItem:
        item = self.store.set_status(item_id, IMPLEMENTED, change_url=change_url.strip())
        self._changed(item)
        return item

    def _changed(self, item: FeedbackItem) -> None:
        if self.rebuild_command:
            trigger_rebuild(self.rebuild_command, [item.page])


def status_path(item: FeedbackItem) -> str:
    return f"/feedback/status/{item.token}"


def trigger_rebuild(command: str, pages: list[str]) -> subprocess.Popen | None:
    """Start the configured build command in the background; the pages go in KB_FEEDBACK_PAGES."""
    env = {**os.environ, "KB_FEEDBACK_PAGES": " ".join(pages)}
    try:
        process = subprocess.Popen(
            shlex.split(command), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
    except OSError as error:
        logger.error("feedback: rebuild command %r failed to start: %s", command, error)
        return None
    logger.info("feedback: rebuild started for %s", ", ".join(pages))
    return process

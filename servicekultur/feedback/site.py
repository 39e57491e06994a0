"""Feedback for the static build: read the store (read-only), grouped by page and item."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from servicekultur.feedback.model import TYPES, FeedbackItem, StoreError
from servicekultur.feedback.stats import SiteStats, Summary, site_stats, summarize

if TYPE_CHECKING:
    from servicekultur.feedback.store import FeedbackStore

logger = logging.getLogger(__name__)


@dataclass
class PageFeedback:
    """The visible feedback of one page: on the page itself and per checklist item."""

    page: str
    items: list[FeedbackItem] = field(default_factory=list)
    by_item: dict[str, list[FeedbackItem]] = field(default_factory=dict)

    @property
    def all(self) -> list[FeedbackItem]:
        return self.items + [i for group in self.by_item.values() for i in group]

    @property
    def summary(self) -> Summary:
        return summarize(self.all)

    @property
    def built(self) -> str:
        """The latest change among this page's items (ISO, UTC): what the page shows is
        complete up to here; the page script asks for what came after (``data-built``).
        Computed from the data, not the clock, so a page is rewritten only when it changes."""
        latest = last_change(self.all)
        return latest.isoformat(timespec="seconds") if latest else ""


def last_change(items: list[FeedbackItem]) -> datetime | None:
    times = [t for i in items for t in (i.published, i.answered) if t is not None]
    return max(times) if times else None


@dataclass
class SiteFeedback:
    pages: dict[str, PageFeedback]
    stats: SiteStats
    built: datetime | None  # the latest change of any visible item
    queue_seen: int = 0  # the last render-queue entry whose change is included

    def for_page(self, url: str) -> PageFeedback:
        return self.pages.get(url) or PageFeedback(url)

    def template_context(self) -> dict:
        """What the templates get (see docs/template-vertrag.md)."""
        return {
            "kb_feedback": self,
            "KB_FEEDBACK_TYPES": TYPES,
            "KB_FEEDBACK_BUILT": self.built.isoformat(timespec="seconds") if self.built else "",
        }


def empty_site_feedback() -> SiteFeedback:
    return SiteFeedback({}, site_stats([], datetime.now(UTC)), None)


def _no_database_file(url: str) -> Path | None:
    """The missing file of a SQLite ``url`` (None: it exists, or it is a server database),
    told without SQLAlchemy: a build without feedback never imports it."""
    if not url.startswith("sqlite:///"):
        return None
    path = Path(url.removeprefix("sqlite:///").split("?", 1)[0])
    return None if path.is_file() or str(path) in ("", ":memory:") else path


def load_site_feedback(url: str, days: int = 90) -> SiteFeedback:
    """Everything visible, grouped by page; no database (or an unreadable one) means none."""
    path = _no_database_file(url)
    if path is not None:
        logger.info("feedback: no database at %s, building without feedback", path)
        return empty_site_feedback()
    from sqlalchemy import inspect
    from sqlalchemy.exc import SQLAlchemyError

    from servicekultur.feedback.schema import SCHEMA_VERSION, display_url, make_engine
    from servicekultur.feedback.schema import schema_version as version_of
    from servicekultur.feedback.store import FeedbackStore

    try:
        engine = make_engine(url)
    except StoreError as error:
        logger.warning("feedback: %s; building without feedback", error)
        return empty_site_feedback()
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("feedback") or version_of(conn) > SCHEMA_VERSION:
                logger.warning(
                    "feedback: database %s has no usable schema; skipping", display_url(url)
                )
                return empty_site_feedback()
        return site_feedback(FeedbackStore(engine), days)
    except (SQLAlchemyError, StoreError) as error:
        logger.warning(
            "feedback: cannot read %s (%s); building without feedback", display_url(url), error
        )
        return empty_site_feedback()
    finally:
        engine.dispose()


def site_feedback(store: FeedbackStore, days: int = 90) -> SiteFeedback:
    """Everything visible in ``store``, grouped by page (the render queue is read first: every
    change queued up to ``queue_seen`` is included)."""
    from sqlalchemy import func, select

    from servicekultur.feedback.schema import render_queue, schema_version

    with store._connect() as conn:
        queue_seen = 0
        if schema_version(conn) >= 4:
            queue_seen = conn.execute(select(func.max(render_queue.c.id))).scalar() or 0
    items = store.visible()
    pages: dict[str, PageFeedback] = {}
    for item in items:
        entry = pages.setdefault(item.page, PageFeedback(item.page))
        if item.item:
            entry.by_item.setdefault(item.item, []).append(item)
        else:
            entry.items.append(item)
    stats = site_stats(items, datetime.now(UTC), days)
    return SiteFeedback(pages, stats, last_change(items), queue_seen)

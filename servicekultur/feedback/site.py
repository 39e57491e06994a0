"""Feedback for the static build: read the store (read-only), grouped by page and item."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import inspect
from sqlalchemy.exc import SQLAlchemyError

from servicekultur.feedback.model import FeedbackItem, StoreError
from servicekultur.feedback.schema import (
    SCHEMA_VERSION,
    display_url,
    make_engine,
    schema_version,
    sqlite_path,
)
from servicekultur.feedback.stats import SiteStats, Summary, site_stats, summarize
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


@dataclass
class SiteFeedback:
    pages: dict[str, PageFeedback]
    stats: SiteStats
    built: datetime

    def for_page(self, url: str) -> PageFeedback:
        return self.pages.get(url) or PageFeedback(url)


def empty_site_feedback() -> SiteFeedback:
    now = datetime.now(UTC)
    return SiteFeedback({}, site_stats([], now), now)


def load_site_feedback(url: str, days: int = 90) -> SiteFeedback:
    """Everything visible, grouped by page; no database (or an unreadable one) means none."""
    path = sqlite_path(url)
    if path is not None and not path.is_file():
        logger.info("feedback: no database at %s, building without feedback", path)
        return empty_site_feedback()
    try:
        engine = make_engine(url)
    except StoreError as error:
        logger.warning("feedback: %s; building without feedback", error)
        return empty_site_feedback()
    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table("feedback") or schema_version(conn) > SCHEMA_VERSION:
                logger.warning(
                    "feedback: database %s has no usable schema; skipping", display_url(url)
                )
                return empty_site_feedback()
        store = FeedbackStore(engine)
        items = store.visible()
    except (SQLAlchemyError, StoreError) as error:
        logger.warning(
            "feedback: cannot read %s (%s); building without feedback", display_url(url), error
        )
        return empty_site_feedback()
    finally:
        engine.dispose()
    pages: dict[str, PageFeedback] = {}
    for item in items:
        entry = pages.setdefault(item.page, PageFeedback(item.page))
        if item.item:
            entry.by_item.setdefault(item.item, []).append(item)
        else:
            entry.items.append(item)
    now = datetime.now(UTC)
    return SiteFeedback(pages, site_stats(items, now, days), now)

"""Reader feedback: storage, checks, moderation, statistics, import/export (no HTTP here)."""

from servicekultur.feedback.model import (
    TYPES,
    Conflict,
    FeedbackError,
    FeedbackItem,
    NotFound,
    RateLimited,
    Refused,
    StoreError,
)
from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.store import FeedbackStore
from servicekultur.feedback.submission import Submission, parse_submission

__all__ = [
    "TYPES",
    "Conflict",
    "FeedbackError",
    "FeedbackItem",
    "FeedbackStore",
    "Moderation",
    "NotFound",
    "RateLimited",
    "Refused",
    "StoreError",
    "Submission",
    "parse_submission",
]

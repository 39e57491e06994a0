"""Reader feedback: storage, checks, moderation, statistics, import/export (no HTTP here)."""

from servicekultur.feedback.model import TYPES, FeedbackError, FeedbackItem, NotFound, StoreError
from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.store import FeedbackStore
from servicekultur.feedback.submission import Submission, parse_submission

__all__ = [
    "TYPES",
    "FeedbackError",
    "FeedbackItem",
    "FeedbackStore",
    "Moderation",
    "NotFound",
    "StoreError",
    "Submission",
    "parse_submission",
]

"""Reader feedback: storage, checks, moderation, statistics, import/export (no HTTP here).

The names below are loaded on first use (PEP 562): a build without a feedback database reads
``feedback.site`` and ``feedback.stats`` without importing SQLAlchemy."""

from importlib import import_module

_WHERE = {
    "TYPES": "model",
    "Conflict": "model",
    "FeedbackError": "model",
    "FeedbackItem": "model",
    "NotFound": "model",
    "RateLimited": "model",
    "Refused": "model",
    "StoreError": "model",
    "Moderation": "moderation",
    "FeedbackStore": "store",
    "Submission": "submission",
    "parse_submission": "submission",
}


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)


__all__ = sorted(_WHERE)

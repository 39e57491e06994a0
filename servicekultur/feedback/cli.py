"""Command-line moderation (invoke feedback.*): the same domain calls as /admin."""

from __future__ import annotations

from servicekultur.config import Settings
from servicekultur.feedback.export import to_csv, to_json
from servicekultur.feedback.model import STATUS_LABELS, FeedbackError
from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.notify import MailConfig, Notifier
from servicekultur.feedback.store import FeedbackStore


def _moderation() -> Moderation:
    settings = Settings.from_env()
    store = FeedbackStore.open(settings.database)
    mail = MailConfig.from_settings(settings)
    return Moderation(store, Notifier(mail), settings.rebuild_command)


def list_feedback(status: str = "") -> list[str]:
    if status and status not in STATUS_LABELS:
        raise FeedbackError(f"Unbekannter Status „{status}“; möglich: {', '.join(STATUS_LABELS)}")
    store = _moderation().store
    lines = []
    for item in store.items(status=status or None):
        where = item.page + (f"#{item.item}" if item.item else "")
        text = " ".join(item.text.split())
        lines.append(
            f"{item.id:>5}  {item.status_label:<14} {item.type_label:<9} {where}  "
            f"{text[:70]}{'…' if len(text) > 70 else ''}"
        )
    return lines


def act(action: str, item_id: int, text: str = "", author: str = "Redaktion", url: str = ""):
    moderation = _moderation()
    if action == "approve":
        return moderation.approve(item_id)
    if action == "reject":
        return moderation.reject(item_id)
    if action == "answer":
        return moderation.answer(item_id, text, author)
    return moderation.implemented(item_id, url)


def export(fmt: str = "json") -> str:
    if fmt not in {"json", "csv"}:
        raise FeedbackError("Exportformat ist json oder csv.")
    items = _moderation().store.items()
    return to_json(items) if fmt == "json" else to_csv(items)


def open_store() -> FeedbackStore:
    """The feedback store named by the settings (KB_DATABASE_URL / KB_STATE_DIR)."""
    return FeedbackStore.open(Settings.from_env().database)


def purge() -> int:
    return _moderation().store.purge_rejected(Settings.from_env().retention_days)

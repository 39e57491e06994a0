"""Export of all feedback for the editors: JSON (complete) and CSV (one row per item)."""

from __future__ import annotations

import csv
import io
import json

from servicekultur.feedback.model import FeedbackItem

CSV_FIELDS = [
    "id",
    "page",
    "item",
    "type",
    "status",
    "created",
    "published",
    "name",
    "email",
    "email_confirmed",
    "text",
    "answer_text",
    "answer_author",
    "answered",
    "change_url",
    "source",
]


def to_json(items: list[FeedbackItem]) -> str:
    return json.dumps([item.export() for item in items], ensure_ascii=False, indent=2) + "\n"


def _csv_cell(value: object) -> object:
    # Spreadsheets run cells starting with = + - @ as formulas: neutralise them.
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def to_csv(items: list[FeedbackItem]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    writer.writeheader()
    for item in items:
        writer.writerow({k: _csv_cell(v) for k, v in item.export().items()})
    return out.getvalue()

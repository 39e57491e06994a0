"""What a round can be started on: the checklists (with their items) and the named Workshop-Sets,
written by the build (``kb_workshop``) as one JSON file beside the pages and read by the service,
which never imports Pelican. The file holds only what the checklist pages show anyway.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from servicekultur.content.text import strip_tags
from servicekultur.feedback.model import FeedbackError
from servicekultur.workshop.rounds.model import MAX_ITEMS, RoundItem
from servicekultur.workshop.sets import SelectionError, parse_selection

logger = logging.getLogger(__name__)

CATALOG_FILE = "workshop/runden-katalog.json"  # below the output folder


def catalog_data(checklists: list, sets: list, public_url: str = "") -> dict:
    """The JSON the build writes: checklists (slug, title, items), named sets, and the public
    address the pages (and their QR codes) were built for."""
    return {
        "public_url": public_url,
        "checklists": [
            {
                "slug": c.slug,
                "title": strip_tags(c.title),
                "items": [
                    {"id": item.id, "text": strip_tags(item.text_html)}
                    for item in c.checklist.items
                ],
            }
            for c in checklists
        ],
        "sets": [{"name": s.name, "title": s.title, "selection": s.query} for s in sets],
    }


def write_catalog(output_dir: Path | str, data: dict) -> Path:
    """Write the catalogue (only when it changed, atomically)."""
    path = Path(output_dir) / CATALOG_FILE
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


@dataclass(frozen=True)
class CatalogChecklist:
    slug: str
    title: str
    items: tuple[tuple[str, str], ...]  # (id, text)


@dataclass(frozen=True)
class CatalogSet:
    name: str
    title: str
    selection: str


class Catalog:
    def __init__(self, checklists: list[CatalogChecklist], sets: list[CatalogSet]) -> None:
        self.checklists = {c.slug: c for c in checklists}
        self.sets = {s.name: s for s in sets}

    @classmethod
    def from_data(cls, data: dict) -> Catalog:
        checklists = [
            CatalogChecklist(c["slug"], c["title"], tuple((i["id"], i["text"]) for i in c["items"]))
            for c in data.get("checklists", [])
        ]
        sets = [CatalogSet(s["name"], s["title"], s["selection"]) for s in data.get("sets", [])]
        return cls(checklists, sets)

    def resolve(self, choice: str) -> tuple[str, str, list[RoundItem]]:
        """``slug``, ``set:name`` or a selection (``slug,slug:id``) → default title, the
        selection as stored, and the items in order. Unknown names are a FeedbackError."""
        choice = (choice or "").strip()
        if choice.startswith("set:"):
            named = self.sets.get(choice[4:])
            if named is None:
                raise FeedbackError(f"Das Workshop-Set „{choice[4:]}“ gibt es nicht.", "auswahl")
            title, selection = named.title, named.selection
        else:
            title, selection = "", choice
        known = {slug: [item for item, _ in c.items] for slug, c in self.checklists.items()}
        try:
            chosen = parse_selection(selection[:2000], known)
        except SelectionError as error:
            raise FeedbackError(f"Auswahl nicht möglich: {error}.", "auswahl") from error
        items = []
        for slug, ids in chosen.items():
            checklist = self.checklists[slug]
            items += [
                RoundItem(f"{slug}:{item}", text, checklist.title)
                for item, text in checklist.items
                if not ids or item in ids
            ]
        if len(items) > MAX_ITEMS:
            raise FeedbackError(
                f"Eine Runde fasst höchstens {MAX_ITEMS} Punkte; bitte weniger auswählen.",
                "auswahl",
            )
        if not title:
            title = self.checklists[next(iter(chosen))].title
            if len(chosen) > 1:
                title = f"{title} und {len(chosen) - 1} weitere"
        query = ",".join(
            ",".join(f"{slug}:{i}" for i in ids) if ids else slug for slug, ids in chosen.items()
        )
        return title, query, items


class CatalogFile:
    """The built catalogue, re-read when the build replaced it (None before the first build)."""

    def __init__(self, output_dir: Path | str) -> None:
        self.path = Path(output_dir) / CATALOG_FILE
        self._seen: tuple[float, Catalog | None] = (-1.0, None)

    def load(self) -> Catalog | None:
        try:
            mtime = os.stat(self.path).st_mtime
        except OSError:
            return None
        if mtime != self._seen[0]:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                catalog = Catalog.from_data(data)
            except (OSError, ValueError, KeyError, TypeError) as error:
                logger.warning("workshop rounds: catalogue %s unreadable: %s", self.path, error)
                catalog = None
            self._seen = (mtime, catalog)
        return self._seen[1]

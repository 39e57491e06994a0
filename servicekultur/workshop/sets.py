"""Workshop sets: a trainer's selection of whole checklists and single items.

A selection is written as ``slug`` (whole checklist) or ``slug:item-id`` (one item), joined by
commas; the builder puts it into the URL as ``/workshop/set/?auswahl=…``, named sets come from the
setting ``KB_WORKSHOP_SETS`` (``{"name": {"title": "…", "items": ["slug", "slug:item"]}}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ENTRY = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9-]*)(?:[:#](?P<item>[a-z0-9][a-z0-9-]*))?$")
SET_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class SelectionError(ValueError):
    """A selection names a checklist or item that does not exist (message in German)."""


@dataclass
class WorkshopSet:
    name: str
    title: str
    # slug → item ids (empty list: the whole checklist), in the order chosen
    selection: dict[str, list[str]] = field(default_factory=dict)

    @property
    def query(self) -> str:
        parts = []
        for slug, items in self.selection.items():
            parts += [f"{slug}:{item}" for item in items] if items else [slug]
        return ",".join(parts)


def parse_selection(entries: list[str] | str, known: dict[str, list[str]]) -> dict[str, list[str]]:
    """``["a", "b:x"]`` or ``"a,b:x"`` → ``{"a": [], "b": ["x"]}``; ``known``: slug → item ids."""
    if isinstance(entries, str):
        entries = [e for e in entries.split(",") if e.strip()]
    selection: dict[str, list[str]] = {}
    for raw in entries:
        match = _ENTRY.match(raw.strip())
        if not match:
            raise SelectionError(f"„{raw}“ ist weder „slug“ noch „slug:punkt-id“")
        slug, item = match["slug"], match["item"]
        if slug not in known:
            raise SelectionError(f"keine Checkliste „{slug}“")
        if item is None:
            selection[slug] = []
            continue
        if item not in known[slug]:
            raise SelectionError(f"Checkliste „{slug}“ hat keinen Punkt „{item}“")
        chosen = selection.setdefault(slug, [item])
        if chosen and item not in chosen:
            chosen.append(item)
    if not selection:
        raise SelectionError("leere Auswahl")
    return selection


def named_sets(config: object, known: dict[str, list[str]]) -> tuple[list[WorkshopSet], list[str]]:
    """The sets of ``KB_WORKSHOP_SETS``; problems come back as German messages (set skipped)."""
    sets: list[WorkshopSet] = []
    problems: list[str] = []
    if not isinstance(config, dict):
        return sets, ["KB_WORKSHOP_SETS muss ein dict sein"]
    for name, spec in config.items():
        if not isinstance(name, str) or not SET_NAME.match(name):
            problems.append(f"Set-Name „{name}“: nur Kleinbuchstaben, Ziffern, Bindestriche")
            continue
        if isinstance(spec, list | tuple):
            spec = {"items": list(spec)}
        if not isinstance(spec, dict) or not isinstance(spec.get("items"), list | tuple | str):
            problems.append(f"Set „{name}“: erwartet {{'title': …, 'items': [...]}}")
            continue
        try:
            selection = parse_selection(spec["items"], known)
        except SelectionError as error:
            problems.append(f"Set „{name}“: {error}")
            continue
        title = str(spec.get("title") or f"Workshop-Set „{name}“")
        sets.append(WorkshopSet(name, title, selection))
    return sets, problems

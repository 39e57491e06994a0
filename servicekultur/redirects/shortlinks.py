"""Short links ``/c/<code>`` for checklists and their items, stable for good.

A code is derived from the link's key (``slug`` for a checklist, ``slug#item-id`` for an item):
the SHA-256 of the key, written in an alphabet without look-alike characters (no 0/o, 1/l/i, u),
five characters long (six or more only if two keys would share a code). Every code ever issued is
kept in the registry file (``KB_SHORTLINK_FILE``, one ``code key`` per line, committed), so a code
never changes silently: a registered key keeps its code even if the derivation changed, and a
registered code whose key no longer exists (slug or item id renamed without an alias) is a build
error pointing at the registry line.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.text import strip_tags

logger = logging.getLogger(__name__)

ALPHABET = "23456789abcdefghjkmnpqrstvwxyz"
CODE_LENGTH = 5
_LINE = re.compile(
    r"^(?P<code>[a-z0-9]+)\s+(?P<key>[a-z0-9][a-z0-9-]*(?:#[a-z0-9][a-z0-9-]*)?)\s*$"
)
HEADER = (
    "# Kurzlinks /c/<code> – vom Build gepflegt, bitte mit einchecken.\n"
    "# Einträge nie löschen oder ändern: gedruckte Handouts und Folien verweisen darauf.\n"
)


def derive_code(key: str, length: int = CODE_LENGTH) -> str:
    """The code a key gets when it is first registered (deterministic)."""
    number = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest(), "big")
    chars = []
    for _ in range(length):
        number, rest = divmod(number, len(ALPHABET))
        chars.append(ALPHABET[rest])
    return "".join(chars)


@dataclass
class ShortLinks:
    """The registry: code → key, with the line each entry is on."""

    path: str = "kurzlinks.txt"
    codes: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)

    @property
    def by_key(self) -> dict[str, str]:
        return {key: code for code, key in self.codes.items()}

    @classmethod
    def load(cls, file: Path, display_path: str) -> tuple[ShortLinks, list[ContentIssue]]:
        links = cls(path=display_path)
        issues: list[ContentIssue] = []
        if not file.is_file():
            return links, issues
        for number, raw in enumerate(file.read_text(encoding="utf-8").split("\n"), start=1):
            text = raw.strip()
            if not text or text.startswith("#"):
                continue
            match = _LINE.match(text)
            if not match:
                issues.append(
                    ContentIssue(display_path, number, f"Zeile „{text}“ ist kein „code schlüssel“")
                )
                continue
            code, key = match["code"], match["key"]
            if code in links.codes:
                issues.append(
                    ContentIssue(
                        display_path,
                        number,
                        f"Kurzlink-Code „{code}“ doppelt (schon in Zeile {links.lines[code]})",
                    )
                )
                continue
            links.codes[code] = key
            links.lines[code] = number
        return links, issues

    def assign(self, keys: list[str]) -> dict[str, str]:
        """A code for every key: the registered one, or a new derived one (listed in ``added``)."""
        by_key = self.by_key
        for key in sorted(set(keys) - set(by_key)):
            length = CODE_LENGTH
            code = derive_code(key, length)
            while code in self.codes:
                length += 1
                code = derive_code(key, length)
            self.codes[code] = key
            self.added.append(code)
            by_key[key] = code
        return {key: by_key[key] for key in keys}

    def stale(self, known_keys: set[str]) -> list[ContentIssue]:
        """Registered codes whose key nothing answers to any more."""
        return [
            ContentIssue(
                self.path,
                self.lines.get(code, 0),
                f"Kurzlink /c/{code} zeigt auf „{key}“, das es nicht mehr gibt – alten Slug als "
                "„Aliases:“ bzw. alte Punkt-ID als „{#neue-id alias=alte-id}“ eintragen",
                rule="shortlink",
            )
            for code, key in self.codes.items()
            if key not in known_keys and code not in self.added
        ]

    def save_added(self, file: Path) -> None:
        """Append the newly issued codes to the registry file (never rewrites existing lines)."""
        if not self.added:
            return
        text = file.read_text(encoding="utf-8") if file.is_file() else HEADER
        if text and not text.endswith("\n"):
            text += "\n"
        text += "".join(f"{code} {self.codes[code]}\n" for code in self.added)
        tmp = file.with_suffix(file.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(file)
        logger.info("kb_workshop: %d neue Kurzlinks in %s eingetragen", len(self.added), file)


def short_link_keys(checklists, old_slugs: dict[str, list[str]]) -> tuple[dict, dict]:
    """Keys (``slug``, ``slug#item-id``) → (site URL with fragment, title) of every checklist and
    item: ``current`` ones get codes; ``legacy`` ones (old slugs and item ids) keep theirs."""
    current: dict[str, tuple[str, str]] = {}
    legacy: dict[str, tuple[str, str]] = {}
    for checklist in checklists:
        title = strip_tags(checklist.title)
        aliases = getattr(checklist, "kb_item_aliases", {})
        for index, slug in enumerate([checklist.slug, *old_slugs.get(checklist.slug, [])]):
            target = legacy if index else current
            target[slug] = (checklist.url, title)
            for item in checklist.checklist.items:
                where = (f"{checklist.url}#{item.id}", f"{item.text} – {title}")
                target[f"{slug}#{item.id}"] = where
                for old in aliases.get(item.id, []):
                    legacy[f"{slug}#{old}"] = where
    return current, legacy

"""What the index holds: one SearchDocument per page, glossary term and checklist item."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields

TYPE_LABELS = {
    "artikel": "Artikel",
    "fallgeschichten": "Fallgeschichte",
    "checklisten": "Checkliste",
    "checkpunkt": "Checkpunkt",
    "glossar": "Glossar",
    "seiten": "Seite",
}


@dataclass
class SearchDocument:
    """A searchable unit; ``group`` is the page it belongs to (a checklist item's checklist)."""

    id: str
    url: str
    type: str
    title: str
    group: str = ""
    summary: str = ""
    headings: list[str] = field(default_factory=list)
    body: str = ""
    tags: list[str] = field(default_factory=list)
    category: str = ""
    author: str = ""
    branche: str = ""
    phase: str = ""
    anchor: str = ""
    date: str = ""

    def __post_init__(self) -> None:
        self.group = self.group or self.id

    @property
    def meta_text(self) -> str:
        """Taxonomy words searched with a boost of their own."""
        parts = [*self.tags, self.category, self.author, self.branche, self.phase]
        return " . ".join(p for p in parts if p)

    def fingerprint(self) -> str:
        """A hash over every field (cheap: computed for every document on every build)."""
        digest = hashlib.sha1()
        for name in _FIELDS:
            value = getattr(self, name)
            text = "\x1f".join(value) if isinstance(value, list) else str(value)
            digest.update(text.encode("utf-8", "surrogatepass"))
            digest.update(b"\x1e")
        return digest.hexdigest()


_FIELDS = tuple(spec.name for spec in fields(SearchDocument))


def group_fingerprint(documents: list[SearchDocument]) -> str:
    """One hash over a page and its sub-documents: a change in any re-indexes them all."""
    digest = hashlib.sha1()
    for doc in sorted(documents, key=lambda d: d.id):
        digest.update(doc.fingerprint().encode("ascii"))
    return digest.hexdigest()

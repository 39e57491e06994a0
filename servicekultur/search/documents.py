"""What the index holds: one SearchDocument per page, glossary term and checklist item."""

from __future__ import annotations

from dataclasses import dataclass, field

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

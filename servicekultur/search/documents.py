"""What the index holds: one SearchDocument per page, glossary term and checklist item."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

# The analysed text fields with their BM25F boosts: title > headings > taxonomy > summary > body.
BOOSTS = {"title": 6.0, "headings": 3.0, "meta": 2.5, "summary": 2.0, "body": 1.0}
TEXT_FIELDS = tuple(BOOSTS)

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


class PackedDocument(SearchDocument):
    """A SearchDocument whose body is kept zlib-compressed and unpacked each time it is read.

    The index job holds every document of a build until the last one has arrived, and then
    reads each body only twice (tokens, stored fields): packed, the texts take a quarter of
    the memory (German text with „“ is stored by Python at two bytes a character)."""

    @property
    def body(self) -> str:
        return zlib.decompress(self._body).decode("utf-8")

    @body.setter
    def body(self, text: str) -> None:
        self._body = zlib.compress(text.encode("utf-8"), 1)


def packed(doc: SearchDocument) -> PackedDocument:
    """``doc`` with its body packed (see :class:`PackedDocument`)."""
    values = {name: getattr(doc, name) for name in doc.__dataclass_fields__}
    return PackedDocument(**values)


def field_texts(doc: SearchDocument) -> tuple[str, ...]:
    """The texts of the analysed fields, in the order of ``TEXT_FIELDS``."""
    texts = {
        "title": doc.title,
        "headings": " . ".join(doc.headings),
        "meta": doc.meta_text,
        "summary": doc.summary,
        "body": doc.body,
    }
    return tuple(texts[name] for name in TEXT_FIELDS)

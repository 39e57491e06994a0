"""The content types of the knowledge base and the folders they live in."""

from __future__ import annotations

from enum import Enum


class ContentType(Enum):
    """A kind of content; the value is its folder under ``content/`` and its URL segment."""

    ARTICLE = "artikel"
    CASE_STORY = "fallgeschichten"
    CHECKLIST = "checklisten"
    GLOSSARY = "glossar"
    PAGE = "pages"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def plural(self) -> str:
        return _LABELS[self][1]

    @property
    def template(self) -> str:
        return _LABELS[self][2]

    @classmethod
    def for_path(cls, relative_path: str) -> ContentType:
        """The type of a source file from its path relative to the content folder."""
        top = relative_path.replace("\\", "/").split("/", 1)[0]
        for kind in cls:
            if kind.value == top:
                return kind
        return cls.PAGE


_LABELS = {
    ContentType.ARTICLE: ("Artikel", "Artikel", "article"),
    ContentType.CASE_STORY: ("Fallgeschichte", "Fallgeschichten", "casestory"),
    ContentType.CHECKLIST: ("Checkliste", "Checklisten", "checklist"),
    ContentType.GLOSSARY: ("Glossar-Eintrag", "Glossar", "glossary"),
    ContentType.PAGE: ("Seite", "Seiten", "page"),
}

# Phases of a customer relationship a case story can belong to, in lifecycle order.
PHASES = ("Pre-Customer", "Akquise", "Vertrag", "Betreuung", "Reklamation", "Kündigung")

"""Synonym groups kept as data (``data/synonyms.txt``), expanded at query time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"


def read_groups(path: Path) -> list[list[str]]:
    """One group per line, words separated by commas; ``#`` starts a comment."""
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        words = [w.strip() for w in line.split(",") if w.strip()]
        if len(words) > 1:
            groups.append(words)
    return groups


class Synonyms:
    """Maps an analysed term to the analysed terms of its synonyms."""

    def __init__(self, groups: list[list[str]], key: Callable[[str], str]) -> None:
        self.by_term: dict[str, set[str]] = {}
        for group in groups:
            terms = {key(word) for word in group}
            for term in terms:
                self.by_term.setdefault(term, set()).update(terms - {term})

    def of(self, term: str) -> set[str]:
        return self.by_term.get(term, set())

"""Splitting German compounds into known parts: „Zahlungsziel“ → zahlung + ziel.

The dictionary of known parts is derived from the corpus (every word of at least
``MIN_PART`` letters the texts use on its own) plus a small curated list
(``data/compound_parts.txt``). A word is split greedily, longest known head first, with the
linking letters (Fugen) -s-, -es-, -n-, -en-, -e- allowed between parts; the rest must be a
known word or split again. Words in ``data/compound_exceptions.txt`` are never split, and no
part is shorter than ``MIN_PART`` letters unless it is on the curated list.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from servicekultur.search.analysis.folding import fold

DATA = Path(__file__).resolve().parents[1] / "data"
MIN_PART = 4
MIN_CURATED = 3
FUGEN = ("", "s", "es", "n", "en", "e")
MAX_PARTS = 4


def read_word_list(path: Path) -> set[str]:
    """Folded words of a data file, one per line, ``#`` comments."""
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.add(fold(word))
    return words


def curated_parts() -> set[str]:
    return read_word_list(DATA / "compound_parts.txt")


def exceptions() -> set[str]:
    """Words never split, and (written ``-teil``) parts never accepted."""
    return read_word_list(DATA / "compound_exceptions.txt")


class CompoundSplitter:
    """Greedy dictionary splitter over folded words."""

    def __init__(
        self,
        words: Iterable[str],
        curated: set[str] | None = None,
        never_split: set[str] | None = None,
        stopwords: frozenset[str] = frozenset(),
    ) -> None:
        curated = curated_parts() if curated is None else curated
        self.never_split = exceptions() if never_split is None else never_split
        bad_parts = {w[1:] for w in self.never_split if w.startswith("-")}
        self.known = {w for w in words if len(w) >= MIN_PART and w.isalpha()} - stopwords
        self.known |= {w for w in curated if len(w) >= MIN_CURATED}
        self.known -= bad_parts
        self.split = lru_cache(maxsize=200_000)(self._split)

    def _split(self, word: str) -> tuple[str, ...]:
        """The parts of ``word`` (folded), or ``()`` when it is not a compound of known words."""
        if word in self.never_split or len(word) < 2 * MIN_CURATED or not word.isalpha():
            return ()
        parts = self._parts(word, MAX_PARTS)
        return tuple(parts) if parts and len(parts) > 1 else ()

    def _parts(self, word: str, budget: int) -> list[str] | None:
        if budget <= 1:
            return None
        for end in range(len(word) - MIN_CURATED, MIN_CURATED - 1, -1):
            head = word[:end]
            if head not in self.known:
                continue
            rest = word[end:]
            for fuge in FUGEN:
                if not rest.startswith(fuge):
                    continue
                tail = rest[len(fuge) :]
                if len(tail) < MIN_CURATED or (fuge and tail in {"s", "n"}):
                    continue
                if tail in self.known and tail not in self.never_split:
                    return [head, tail]
                more = self._parts(tail, budget - 1)
                if more:
                    return [head, *more]
        return None

"""Splitting German compounds into known parts: „Zahlungsziel“ → zahlung + ziel.

Known parts are the nouns of the lexicon (``lexicon.Lexicon``, from a maintained dictionary),
the words the corpus uses on its own (at least ``MIN_PART`` letters) and a small curated list
(``data/compound_parts.txt``, also three-letter parts such as „amt“). A word is split greedily,
longest known head first, with the linking letters (Fugen) -s-, -es-, -n-, -en-, -e- allowed
between parts; the rest must be known or split again. Parts that are compounds themselves are
split too, down to their atoms („Luftsicherheitsgesetz“ → luft, sicherheit, gesetz).

With a lexicon, part of speech counts: the last part must be a noun (a compound is a noun when
its head is), and a word the lexicon knows as an adjective or verb form is never split — so
„mittelfristigen“ is not „Frist“. Words in ``data/compound_exceptions.txt`` are never split,
and with ``-`` a part there is never accepted.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from servicekultur.search.analysis.folding import fold
from servicekultur.search.analysis.lexicon import Lexicon

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
        lexicon: Lexicon | None = None,
        filtered: bool = False,
        cache: int | None = 200_000,
    ) -> None:
        curated = curated_parts() if curated is None else curated
        self.never_split = exceptions() if never_split is None else never_split
        bad_parts = {w[1:] for w in self.never_split if w.startswith("-")}
        if filtered:  # only letters and at least MIN_PART of them already (``QueryWords.known``)
            self.known = set(words) - stopwords
        else:
            self.known = {w for w in words if len(w) >= MIN_PART and w.isalpha()} - stopwords
        self.known |= {w for w in curated if len(w) >= MIN_CURATED}
        self.known -= bad_parts
        self.lexicon = lexicon or Lexicon()
        self.has_lexicon = bool(self.lexicon)
        self.curated = {w for w in curated if len(w) >= MIN_CURATED} - bad_parts
        self.refused = stopwords | bad_parts
        self.split = lru_cache(maxsize=cache)(self._split)  # ``None``: unbounded

    def _noun(self, word: str) -> bool:
        return len(word) >= MIN_PART and word not in self.refused and word in self.lexicon.nouns

    def _head(self, word: str) -> bool:
        """May ``word`` begin or continue a compound? Any known word or noun."""
        return word in self.known or (self.has_lexicon and self._noun(word))

    def _final(self, word: str) -> bool:
        """May ``word`` end a compound? Without a lexicon any known word, with one a noun."""
        if not self.has_lexicon:
            return word in self.known
        return word in self.curated or self._noun(word)

    def _split(self, word: str) -> tuple[str, ...]:
        """The atoms of ``word`` (folded), or ``()`` when it is not a compound of known words."""
        if word in self.never_split or len(word) < 2 * MIN_CURATED or not word.isalpha():
            return ()
        if word in self.lexicon.others:
            return ()
        parts = self._parts(word, MAX_PARTS)
        if not parts or len(parts) < 2:
            return ()
        atoms: list[str] = []
        for part in parts:
            atoms.extend(self.split(part) or (part,))
        return tuple(atoms)

    def spans(self, word: str) -> tuple[str, ...]:
        """Runs of two or more neighbouring atoms as spelled inside ``word``, shorter than the
        word („Bundeskleingartengesetz“ → kleingarten, kleingartengesetz, …), so a part that is
        a compound itself finds the longer word."""
        atoms = self.split(word)
        if len(atoms) < 3:
            return ()
        starts, position = [], 0
        for atom in atoms:
            position = word.find(atom, position)
            if position < 0:
                return ()
            starts.append(position)
            position += len(atom)
        ends = [start + len(atom) for start, atom in zip(starts, atoms, strict=True)]
        found = []
        for first in range(len(atoms)):
            for last in range(first + 1, len(atoms)):
                if first == 0 and last == len(atoms) - 1:
                    continue
                found.append(word[starts[first] : ends[last]])
        return tuple(found)

    def _heads(self, word: str) -> list[int]:
        """Ends of the known heads of ``word``, longest first."""
        ends = list(range(len(word) - MIN_CURATED, MIN_CURATED - 1, -1))
        known = [word[:end] in self.known for end in ends]
        if self.has_lexicon:
            nouns, refused = self.lexicon.nouns, self.refused
            for i, end in enumerate(ends):
                if not known[i] and end >= MIN_PART:
                    head = word[:end]
                    known[i] = head not in refused and head in nouns
        return [end for end, ok in zip(ends, known, strict=True) if ok]

    def _parts(self, word: str, budget: int) -> list[str] | None:
        if budget <= 1:
            return None
        for end in self._heads(word):
            head = word[:end]
            rest = word[end:]
            for fuge in FUGEN:
                if not rest.startswith(fuge):
                    continue
                tail = rest[len(fuge) :]
                if len(tail) < MIN_CURATED or (fuge and tail in {"s", "n"}):
                    continue
                if self._final(tail) and tail not in self.never_split:
                    return [head, tail]
                more = self._parts(tail, budget - 1)
                if more:
                    return [head, *more]
        return None

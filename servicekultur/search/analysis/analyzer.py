"""GermanAnalyzer: text → terms per position, the same way at index and at query time.

Each word becomes its folded Snowball stem; compounds add the stems of their atoms and then of
their longer runs of atoms at the same position („Bundeskleingartengesetz“ → … klein, garten,
gesetz, kleingarten, kleingartengesetz …), hyphenated words add the joined form and the parts
(„E-Mail“ → email, mail). Stop words are dropped but keep their position, so phrases stay exact.
Analysis of a word is cached.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.german import GermanStemmer

from servicekultur.search.analysis.compounds import CompoundSplitter
from servicekultur.search.analysis.folding import fold, hyphen_parts, words_in

STOPWORDS = frozenset(fold(w) for w in stopwords_for_language("de")) | {"and", "or", "not"}
_STEMMER = GermanStemmer()


@lru_cache(maxsize=500_000)
def stem(folded: str) -> str:
    """Snowball German stem of a folded word (numbers stay as they are)."""
    if not folded.isalpha():
        return folded
    return _STEMMER.stem(folded)


_stem_word = stem.__wrapped__


class GermanAnalyzer:
    """Turns text into analysed terms; one instance per compound dictionary."""

    def __init__(self, splitter: CompoundSplitter, cache: int | None = 500_000) -> None:
        """``cache``: how many words' terms (and stems of their parts) are kept; ``None``: all
        of them, in plain dicts (an index build, which closes the analyzer once every word is
        analysed: an entry of a bounded cache costs ~80 bytes more for its place in the LRU
        order)."""
        self.splitter = splitter
        self.word_terms = lru_cache(maxsize=cache)(self._word_terms)
        self.stem = stem if cache is not None else lru_cache(maxsize=None)(stem.__wrapped__)

    def _word_terms(self, word: str) -> tuple[str, ...]:
        """Terms of one written word: its stem first, then compound/hyphen variants."""
        folded = fold(word)
        if folded in STOPWORDS or not folded:
            return ()
        parts = hyphen_parts(folded)
        # a whole word's stem is not cached: each spelling is analysed once (an index build
        # asks once per spelling, a query's words go through ``word_terms``), its parts recur
        if parts:
            terms = [_stem_word("".join(parts))]
            for part in parts:
                terms.extend(self._simple(part))
        else:
            terms = [_stem_word(folded)] if len(folded) > 1 or folded.isdigit() else []
            terms.extend(self.stem(part) for part in self.splitter.split(folded))
            terms.extend(self.stem(span) for span in self.splitter.spans(folded))
        unique = []
        for term in terms:
            if term not in unique:
                unique.append(term)
        return tuple(unique)

    def close(self) -> None:
        """Let go of the analysis caches (this analyzer's, its splitter's and its stems): the
        first two hold a bound method of their object, a cycle that only the garbage
        collector breaks, and an index build pauses it. A closed analyzer is gone
        once nothing else refers to it, and cannot analyse any more."""
        for owner, cache in ((self, "word_terms"), (self, "stem"), (self.splitter, "split")):
            getattr(owner, cache).cache_clear()
            delattr(owner, cache)

    def terms_of_each(self, words: Iterable[str]) -> Iterator[tuple[str, ...]]:
        """``word_terms`` of distinct spellings, each asked once (an index build): kept out of
        the cache, which would hold every spelling of the corpus for nothing."""
        return map(self._word_terms, words)

    def _simple(self, part: str) -> list[str]:
        if part in STOPWORDS or (len(part) < 2 and not part.isdigit()):
            return []
        split = self.splitter
        return [self.stem(part), *(self.stem(p) for p in (*split.split(part), *split.spans(part)))]

    def compound_parts(self, word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Stems of a written word's atoms (all needed for a match) and of its longer runs."""
        folded = fold(word)
        if folded in STOPWORDS or hyphen_parts(folded):
            return tuple(self.word_terms(word)[1:]), ()
        main = self.stem(folded)
        atoms = tuple(
            p for p in dict.fromkeys(map(self.stem, self.splitter.split(folded))) if p != main
        )
        spans = tuple(self.stem(p) for p in self.splitter.spans(folded))
        return atoms, tuple(s for s in dict.fromkeys(spans) if s != main and s not in atoms)

    def positions(self, text: str) -> list[tuple[str, ...]]:
        """Terms per word position (an empty tuple for a stop word)."""
        return [self.word_terms(word) for word in words_in(text)]

    def encode(self, text: str) -> str:
        """The pre-analysed form the index stores: positions by spaces, variants by ``|``."""
        return " ".join("|".join(terms) for terms in self.positions(text))

    def terms(self, text: str) -> list[str]:
        """All terms of a text in order (for term vectors)."""
        return [term for terms in self.positions(text) for term in terms]

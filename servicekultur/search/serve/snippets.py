"""Snippets: the best passage of a text for the query, HTML-escaped, matches in ``<mark>``.

One :class:`Snippets` serves all hits of a query: whether a written word matches is decided once
per distinct word (analysis is cached too), so a page of ten long hits costs a few milliseconds.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left

from servicekultur.search.analysis import GermanAnalyzer, fold
from servicekultur.search.analysis.folding import WORD

WINDOW = 28
MAX_SCAN_CHARS = 20_000
MAX_STARTS = 60  # candidate passages compared per text
_SPLIT = re.compile(f"({WORD.pattern})")


_FOLDED = {"ae": "(?:ae|ä)", "oe": "(?:oe|ö)", "ue": "(?:ue|ü)", "ss": "(?:ss|ß)"}
_PAIRS = re.compile("ae|oe|ue|ss")


def _spellings(piece: str) -> str:
    """A regex for a folded piece of a word in any spelling („gebuehr“ also as „gebühr“)."""
    out, position = [], 0
    for match in _PAIRS.finditer(piece):
        out.append(re.escape(piece[position : match.start()]))
        out.append(_FOLDED[match.group()])
        position = match.end()
    out.append(re.escape(piece[position:]))
    return "".join(out)


class Snippets:
    def __init__(
        self,
        analyzer: GermanAnalyzer,
        terms: set[str],
        prefixes: tuple[str, ...] = (),
        window: int = WINDOW,
    ) -> None:
        self.analyzer = analyzer
        self.terms = terms
        self.prefixes = prefixes
        self.window = window
        self._matches: dict[str, bool] = {}
        # Words that may match contain a term (a stem is a prefix of its folded word, a compound
        # part a piece of it), in either spelling of umlauts and ß: one regex finds them in C.
        pieces = sorted({*terms, *prefixes} - {""}, key=len, reverse=True)
        self._candidate = re.compile("|".join(map(_spellings, pieces)), re.I) if pieces else None

    def matches(self, word: str) -> bool:
        found = self._matches.get(word)
        if found is None:
            folded = fold(word)
            if self.prefixes and folded.startswith(self.prefixes):
                found = True
            else:
                # A stem is a prefix of its folded word and a compound part a piece of it, so
                # a word containing none of the terms cannot match: no analysis needed.
                joined = folded.replace("-", "")
                found = any(term in joined for term in self.terms) and not self.terms.isdisjoint(
                    self.analyzer.word_terms(word)
                )
            self._matches[word] = found
        return found

    def make(self, text: str) -> str:
        """About ``window`` words around the densest run of matches (or the opening words)."""
        parts = _SPLIT.split(text[:MAX_SCAN_CHARS])  # separator, word, separator, …, separator
        words = parts[1::2]
        if not words:
            return ""
        known, candidate = self._matches, self._candidate
        matching = set()
        if candidate is not None:
            for w in set(words):
                found = known.get(w)
                if found is None and candidate.search(w.replace("-", "")):
                    found = self.matches(w)
                if found:
                    matching.add(w)
        hits = [i for i, w in enumerate(words) if w in matching] if matching else []
        start = max(0, self._best_start(words, hits) - 4) if hits else 0
        end = min(len(words), start + self.window)
        out = ["… " if start > 0 else ""]
        for i in range(start, end):
            if i > start:
                out.append(html.escape(parts[2 * i]))
            word = html.escape(words[i])
            out.append(f"<mark>{word}</mark>" if words[i] in matching else word)
        out.append(" …" if end < len(words) else html.escape(parts[-1]))
        return "".join(out).strip()

    def _best_start(self, words: list[str], hits: list[int]) -> int:
        """The first hit of the window with the most distinct (then most) matching words."""
        best, best_score = hits[0], -1
        for n, first in enumerate(hits[:MAX_STARTS]):
            last = bisect_left(hits, first + self.window, lo=n)
            distinct = {fold(words[h]) for h in hits[n:last]}
            score = len(distinct) * 10 + (last - n)
            if score > best_score:
                best, best_score = first, score
        return best


def make_snippet(
    text: str,
    analyzer: GermanAnalyzer,
    terms: set[str],
    prefixes: tuple[str, ...] = (),
    window: int = WINDOW,
) -> str:
    """One snippet (for a single text; a query's hits share one :class:`Snippets`)."""
    return Snippets(analyzer, terms, prefixes, window).make(text)

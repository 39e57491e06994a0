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


_JOINERS = "-‐‑_"  # characters inside a word (hyphens)
_FOLDED = {"ae": "(?:ae|ä)", "oe": "(?:oe|ö)", "ue": "(?:ue|ü)", "ss": "(?:ss|ß)"}
_PAIRS = re.compile("ae|oe|ue|ss")
_LETTER = {"ae": "ä", "oe": "ö", "ue": "ü", "ss": "ß"}


def _spellings(piece: str) -> str:
    """A regex for a folded piece of a word in any spelling („gebuehr“ also as „gebühr“)."""
    out, position = [], 0
    for match in _PAIRS.finditer(piece):
        out.append(re.escape(piece[position : match.start()]))
        out.append(_FOLDED[match.group()])
        position = match.end()
    out.append(re.escape(piece[position:]))
    return "".join(out)


def _variants(piece: str) -> set[str]:
    """A folded piece in every spelling of its umlauts and ß, lower-case („gebuehr“, „gebühr“)."""
    found = {""}
    position = 0
    for match in _PAIRS.finditer(piece):
        plain = piece[position : match.start()]
        pair = match.group()
        found = {f + plain + spelled for f in found for spelled in (pair, _LETTER[pair])}
        position = match.end()
    return {f + piece[position:] for f in found}


def _find_all(text: str, piece: str):
    position = text.find(piece)
    while position >= 0:
        yield position
        position = text.find(piece, position + 1)


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
        self._pieces = sorted({v for piece in pieces for v in _variants(piece)})

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
        """About ``window`` words around the densest run of matches (or the opening words).

        Only the matching words are looked at across the text (one regex finds candidates, each
        distinct word is analysed once); the words themselves are split out only around the
        passage that is shown."""
        text = text[:MAX_SCAN_CHARS]
        hits = self._hits(text)  # (word number, first character, word)
        if not hits:
            return self._render(text, 0, 0)
        best = self._best_start(hits)
        number, position = hits[best][0], hits[best][1]
        before = [m.start() for m in WORD.finditer(text, max(0, position - 400), position)]
        back = min(4, len(before))
        start_char = before[-back] if back else position
        return self._render(text, start_char, number - back)

    def _hits(self, text: str) -> list[tuple[int, int, str]]:
        if self._candidate is None:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):  # a rare letter whose lower case is longer
            starts = sorted({m.start() for m in self._candidate.finditer(text)})
        else:
            starts = sorted({i for piece in self._pieces for i in _find_all(lowered, piece)})
        hits: list[tuple[int, int, str]] = []
        number, counted, position = 0, 0, 0
        for found in starts:
            if found < position:
                continue  # inside the word just looked at
            start = found
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in _JOINERS):
                start -= 1
            word_match = WORD.match(text, start)
            if word_match is None:
                continue
            word = word_match.group()
            position = word_match.end()
            if self._matches.get(word) if word in self._matches else self.matches(word):
                number += len(WORD.findall(text, counted, start))
                counted = start
                hits.append((number, start, word))
                if len(hits) >= 2 * MAX_STARTS:
                    break
        return hits

    def _render(self, text: str, start_char: int, start_number: int) -> str:
        region, end_char = [], start_char
        while True:  # enough text for the window (a word may be long)
            end_char = min(len(text), end_char + 40 * self.window)
            region = _SPLIT.split(text[start_char:end_char])
            if end_char >= len(text) or len(region) // 2 > self.window + 1:
                break
        words = region[1::2]
        if not words:
            return ""
        end = min(len(words), self.window)
        out = ["… " if start_number > 0 else ""]
        for i in range(end):
            if i > 0:
                out.append(html.escape(region[2 * i]))
            word = html.escape(words[i])
            out.append(f"<mark>{word}</mark>" if self._shown_match(words[i]) else word)
        more = end < len(words) or (end_char < len(text) and WORD.search(text, end_char))
        out.append(" …" if more else html.escape(region[-1]))
        return "".join(out).strip()

    def _shown_match(self, word: str) -> bool:
        found = self._matches.get(word)
        if found is None:
            candidate = self._candidate
            found = bool(candidate and candidate.search(word.replace("-", ""))) and self.matches(
                word
            )
            self._matches[word] = found
        return found

    def _best_start(self, hits: list[tuple[int, int, str]]) -> int:
        """The hit beginning the window with the most distinct (then most) matching words."""
        numbers = [h[0] for h in hits]
        best, best_score = 0, -1
        for n, first in enumerate(numbers[:MAX_STARTS]):
            last = bisect_left(numbers, first + self.window, lo=n)
            distinct = {fold(h[2]) for h in hits[n:last]}
            score = len(distinct) * 10 + (last - n)
            if score > best_score:
                best, best_score = n, score
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

"""Snippets: the best passage of a text for the query, HTML-escaped, matches in ``<mark>``."""

from __future__ import annotations

import html

from servicekultur.search.analysis import GermanAnalyzer, fold
from servicekultur.search.analysis.folding import WORD

WINDOW = 28
MAX_SCAN_CHARS = 20_000


def _matches(
    word: str, analyzer: GermanAnalyzer, terms: set[str], prefixes: tuple[str, ...]
) -> bool:
    if prefixes and fold(word).startswith(prefixes):
        return True
    return any(term in terms for term in analyzer.word_terms(word))


def make_snippet(
    text: str,
    analyzer: GermanAnalyzer,
    terms: set[str],
    prefixes: tuple[str, ...] = (),
    window: int = WINDOW,
) -> str:
    """About ``window`` words around the densest run of matches (or the opening words)."""
    text = text[:MAX_SCAN_CHARS]
    spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
    if not spans:
        return ""
    hits = [i for i, (s, e) in enumerate(spans) if _matches(text[s:e], analyzer, terms, prefixes)]
    start_word = 0
    if hits:
        best, best_score = hits[0], -1
        for first in hits[:60]:
            inside = [h for h in hits if first <= h < first + window]
            distinct = {fold(text[spans[h][0] : spans[h][1]]) for h in inside}
            score = len(distinct) * 10 + len(inside)
            if score > best_score:
                best, best_score = first, score
        start_word = max(0, best - 4)
    end_word = min(len(spans), start_word + window)
    hit_set = set(hits)
    out = ["… " if start_word > 0 else ""]
    cursor = spans[start_word][0]
    for i in range(start_word, end_word):
        s, e = spans[i]
        out.append(html.escape(text[cursor:s]))
        word = html.escape(text[s:e])
        out.append(f"<mark>{word}</mark>" if i in hit_set else word)
        cursor = e
    if end_word < len(spans):
        out.append(" …")
    else:
        out.append(html.escape(text[cursor:]))
    return "".join(out).strip()

"""The words of an index as the query side needs them, folded and sorted once at build time.

``QueryWords`` holds the folded written words (with document frequency and the most frequent
spelling, for „Meinten Sie …?“), the runs of compound parts found inside longer words
(„kleingartengesetz“ in „Bundeskleingartengesetz“) and, sorted, every such word a typo may
mean. The build merges the words of changed pages into it and stores it with the index; the
service loads plain lists and folds nothing at start-up.
"""

from __future__ import annotations

import pickle
from collections import Counter
from dataclasses import dataclass

from servicekultur.search.analysis.folding import fold

MIN_CHOICE = 3  # shorter words are never typo candidates


def merge_folded(folded: dict[str, tuple[int, str]], words) -> None:
    """Add written words (lower-case) with their document frequency to ``folded``: folded form →
    (summed frequency, the most frequent spelling)."""
    for word, df in words.items():
        key = fold(word)
        total, spelling = folded.get(key, (0, ""))
        folded[key] = (total + df, word if df > total else spelling)


@dataclass
class QueryWords:
    words: dict[str, tuple[int, str]]  # folded written word → (frequency, spelling)
    spans: Counter  # folded run of compound parts → frequency
    choices: list[str]  # sorted: words and spans of letters only, at least MIN_CHOICE long
    choice_dfs: list[int]
    choice_spellings: list[str]

    @classmethod
    def build(cls, words: dict[str, tuple[int, str]], spans: Counter) -> QueryWords:
        merged = {k: v for k, v in words.items() if len(k) >= MIN_CHOICE and k.isalpha()}
        for span, df in spans.items():
            merged.setdefault(span, (df, span))
        choices = sorted(merged)
        return cls(
            words,
            spans,
            choices,
            [merged[c][0] for c in choices],
            [merged[c][1] for c in choices],
        )

    def dumps(self) -> bytes:
        keys = list(self.words)
        state = (
            keys,
            [self.words[k][0] for k in keys],
            [self.words[k][1] for k in keys],
            list(self.spans),
            list(self.spans.values()),
            self.choices,
            self.choice_dfs,
            self.choice_spellings,
        )
        return pickle.dumps(state, pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, data: bytes, lazy: bool = False) -> QueryWords:
        """``lazy``: the service keeps the words as a list (no dictionary to build)."""
        keys, dfs, spellings, span_keys, span_dfs, choices, choice_dfs, spelled = pickle.loads(data)
        words = keys if lazy else dict(zip(keys, zip(dfs, spellings, strict=True), strict=True))
        spans = Counter() if lazy else Counter(dict(zip(span_keys, span_dfs, strict=True)))
        return cls(words, spans, choices, choice_dfs, spelled)

    @classmethod
    def empty(cls) -> QueryWords:
        return cls({}, Counter(), [], [], [])

"""The words of an index as the query side needs them, folded and sorted once at build time.

``QueryWords`` holds the folded written words (with document frequency and the most frequent
spelling, for „Meinten Sie …?“), the runs of compound parts found inside longer words
(„kleingartengesetz“ in „Bundeskleingartengesetz“) and, sorted, every such word a typo may
mean. The build merges the words of changed pages into it and stores it with the index; the
service loads plain lists and folds nothing at start-up.
"""

from __future__ import annotations

import io
import pickle
from collections import Counter
from dataclasses import dataclass

from servicekultur.search.analysis.compounds import MIN_PART
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
    known: list[str]  # the written words that may be parts of compounds (``CompoundSplitter``)

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
            sorted(w for w in words if len(w) >= MIN_PART and w.isalpha()),
        )

    def dumps(self) -> bytes:
        """Two pickles in a row: what the service needs first, the build's state after it."""
        keys = list(self.words)
        serve = (self.known, self.choices, self.choice_dfs, self.choice_spellings)
        build = (
            keys,
            [self.words[k][0] for k in keys],
            [self.words[k][1] for k in keys],
            list(self.spans),
            list(self.spans.values()),
        )
        dumps = pickle.dumps
        return dumps(serve, pickle.HIGHEST_PROTOCOL) + dumps(build, pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, data: bytes, lazy: bool = False) -> QueryWords:
        """``lazy``: only what the service needs (the build's word state is not read)."""
        stream = io.BytesIO(data)
        serve = pickle.load(stream)
        if not isinstance(serve, tuple) or len(serve) != 4:
            return cls.empty()  # written by an older version: rebuilt by the next build
        known, choices, choice_dfs, spelled = serve
        if lazy:
            return cls({}, Counter(), choices, choice_dfs, spelled, known)
        keys, dfs, spellings, span_keys, span_dfs = pickle.load(stream)
        words = dict(zip(keys, zip(dfs, spellings, strict=True), strict=True))
        spans = Counter(dict(zip(span_keys, span_dfs, strict=True)))
        return cls(words, spans, choices, choice_dfs, spelled, known)

    @classmethod
    def empty(cls) -> QueryWords:
        return cls({}, Counter(), [], [], [], [])

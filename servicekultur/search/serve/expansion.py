"""From a parsed query to a ranked Whoosh query: stems, compound parts, synonyms, typos."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from itertools import pairwise

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from whoosh import query as wq

from servicekultur.search.analysis import GermanAnalyzer, Synonyms, fold
from servicekultur.search.analysis.analyzer import stem
from servicekultur.search.analysis.vocabulary import QueryWords
from servicekultur.search.documents import TEXT_FIELDS
from servicekultur.search.serve.query import ParsedQuery

# How much an alternative reading of a word counts, relative to the word itself.
BOOST_PARTS = 0.7
BOOST_SYNONYM = 0.6
BOOST_PREFIX = 0.8
BOOST_JOINED = 0.9
BOOST_FUZZY = 0.25
BOOST_PHRASE = 2.0


def max_edits(word: str) -> int:
    """Typo tolerance: one edit from 5 letters, two from 9."""
    return 2 if len(word) >= 9 else 1 if len(word) >= 5 else 0


class Vocabulary:
    """What a typo may mean: the sorted choices of ``QueryWords``, searched only among the
    words with the same first letter (one slice of the sorted list)."""

    def __init__(self, words: QueryWords) -> None:
        self.words = words

    def near(self, folded: str) -> list[tuple[str, int, int]]:
        """Known words within the typo tolerance as (word, edits, index), nearest and most
        frequent first."""
        edits = max_edits(folded)
        if not edits:
            return []
        choices = self.words.choices
        low = bisect_left(choices, folded[0])
        high = bisect_left(choices, chr(ord(folded[0]) + 1), lo=low)
        found = process.extract(
            folded, choices[low:high], scorer=Levenshtein.distance, score_cutoff=edits, limit=12
        )
        near = [(w, d, low + i) for w, d, i in found if d > 0]
        near.sort(key=lambda wdi: (wdi[1], -self.words.choice_dfs[wdi[2]]))
        return near[:4]

    def spelling(self, index: int) -> str:
        return self.words.choice_spellings[index]


@dataclass
class Expansion:
    query: wq.Query
    terms: set[str]
    prefixes: tuple[str, ...]
    corrections: dict[str, str]
    literals: tuple[str, ...] = ()  # folded phrases with stop words, to look for as written


class Phrase(wq.Phrase):
    """Words in this order; ``offsets`` are their places in the typed phrase, so a stop word
    between them („Angebot ohne Antwort“) must still stand between them in the text."""

    def __init__(self, fieldname: str, words: list[str], offsets: tuple[int, ...], boost: float):
        super().__init__(fieldname, words, boost=boost)
        self.offsets = offsets


# Alternative readings (parts, synonyms, typos) are looked up in fewer fields: cheaper to match.
VARIANT_FIELDS = ("title", "meta", "body")


def _any_field(term: str, boost: float = 1.0, fields: tuple[str, ...] = TEXT_FIELDS) -> wq.Query:
    return wq.Or([wq.Term(f, term, boost=boost) for f in fields])


class QueryExpander:
    def __init__(
        self, analyzer: GermanAnalyzer, synonyms: Synonyms, vocabulary: Vocabulary, known
    ) -> None:
        self.analyzer = analyzer
        self.synonyms = synonyms
        self.vocabulary = vocabulary
        self.known = known  # term → bool: does any text field contain it?

    def expand(self, parsed: ParsedQuery) -> Expansion:
        clauses: list[wq.Query] = []
        terms: set[str] = set()
        prefixes: list[str] = []
        corrections: dict[str, str] = {}
        plain: list[str] = []
        for clause in parsed.clauses:
            if clause.phrase:
                analysed = [self.analyzer.word_terms(w) for w in clause.words]
                stems = [t[0] for t in analysed if t]
                offsets = tuple(i for i, t in enumerate(analysed) if t)  # stop words keep a gap
                terms.update(stems)
                if len(stems) > 1:
                    phrases = [Phrase(f, stems, offsets, BOOST_PHRASE) for f in TEXT_FIELDS]
                    clauses.append(wq.Or(phrases))
                elif stems:  # „"ohne Antwort"“: one word besides stop words, searched as a word
                    word = clause.words[offsets[0]]
                    alternatives = self._word(word, False, terms, prefixes, corrections)
                    clauses.append(
                        wq.Or(alternatives) if len(alternatives) > 1 else alternatives[0]
                    )
                continue
            word = clause.words[0]
            alternatives = self._word(word, clause.prefix, terms, prefixes, corrections)
            if alternatives:
                clauses.append(wq.Or(alternatives) if len(alternatives) > 1 else alternatives[0])
                plain.append(word)
        for first, second in pairwise(plain):
            joined = stem(fold(first) + fold(second))
            if self.known(joined):
                terms.add(joined)
                clauses.append(_any_field(joined, BOOST_JOINED))
        query = wq.Or(clauses) if len(clauses) > 1 else (clauses or [wq.NullQuery])[0]
        literals = tuple(
            " ".join(fold(w) for w in c.words)
            for c in parsed.clauses
            if c.phrase and any(not self.analyzer.word_terms(w) for w in c.words)
        )
        return Expansion(query, terms, tuple(prefixes), corrections, literals)

    def _word(self, word, prefix, terms, prefixes, corrections) -> list[wq.Query]:
        analysed = self.analyzer.word_terms(word)
        folded = fold(word)
        if prefix:
            prefixes.append(folded)
            stems = {folded, analysed[0]} if analysed else {folded}
            return [
                wq.Or([wq.Prefix(f, s, boost=BOOST_PREFIX) for f in TEXT_FIELDS for s in stems])
            ]
        if not analysed:
            return []  # a stop word
        main = analysed[0]
        parts, spans = self.analyzer.compound_parts(word)
        terms.update(analysed)
        alternatives = [_any_field(main)]
        if parts:
            alternatives.append(wq.And([_any_field(p, BOOST_PARTS, VARIANT_FIELDS) for p in parts]))
        for span in spans:
            alternatives.append(_any_field(span, BOOST_PARTS, VARIANT_FIELDS))
        for synonym in sorted(self.synonyms.of(main)):
            terms.add(synonym)
            alternatives.append(_any_field(synonym, BOOST_SYNONYM, VARIANT_FIELDS))
        if not self.known(main):
            # A misspelt word, or a misspelt compound whose parts are known words anyway.
            split_known = bool(parts) and all(self.known(p) for p in parts)
            near = self.vocabulary.near(folded)
            for candidate, distance, _ in near:
                candidate_terms = self.analyzer.word_terms(candidate)
                if candidate_terms and candidate_terms[0] != main:
                    terms.add(candidate_terms[0])
                    boost = BOOST_FUZZY / distance
                    alternatives.append(_any_field(candidate_terms[0], boost, VARIANT_FIELDS))
            if near and not split_known:
                corrections[word] = self.vocabulary.spelling(near[0][2])
        return alternatives

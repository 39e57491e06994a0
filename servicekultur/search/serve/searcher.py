"""Searching one index generation: ranking (BM25F), facets, snippets, „Meinten Sie …?“."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import query as wq

from servicekultur.search.analysis import STOPWORDS, Synonyms, fold, load_analyzer, words_in
from servicekultur.search.analysis.analyzer import stem
from servicekultur.search.analysis.synonyms import DATA, read_groups
from servicekultur.search.documents import BOOSTS, TEXT_FIELDS, TYPE_LABELS
from servicekultur.search.serve.expansion import QueryExpander, Vocabulary
from servicekultur.search.serve.facets import FacetTable
from servicekultur.search.serve.query import (
    ONLY_COMMON_WORDS,
    OPERATORS,
    ParsedQuery,
    parse_query,
)
from servicekultur.search.serve.scoring import Scorer
from servicekultur.search.serve.snippets import Snippets
from servicekultur.search.store.layout import (
    open_index,
    read_lexicon,
    read_query_words,
)
from servicekultur.search.store.postings import BM25F, PostingStore

logger = logging.getLogger(__name__)

# Our own content types: a prefix search ranks their title matches first.
OWN_TYPES = ("artikel", "fallgeschichten", "checklisten", "glossar", "checkpunkt")
LITERAL_CANDIDATES = 50
TITLE_COVERAGE = 0.5  # a title made only of the query's terms counts 1.5 times
MAX_LIMIT = 50
MAX_OFFSET = 1000


@dataclass
class SearchRequest:
    q: str
    limit: int = 10
    offset: int = 0
    filters: dict[str, str] = field(default_factory=dict)  # facet name → value


@dataclass
class SearchResponse:
    query: str
    total: int
    results: list[dict]
    facets: dict[str, dict[str, int]]
    suggestion: str | None
    hint: str | None = None

    def as_json(self) -> dict:
        results = [{k: v for k, v in hit.items() if k != "type_label"} for hit in self.results]
        return {
            "query": self.query,
            "total": self.total,
            "results": results,
            "facets": self.facets,
            "suggestion": self.suggestion,
            "hint": self.hint,
        }


class SearchIndex:
    """One opened index generation with its analyzer and vocabulary."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ix = open_index(path)
        self.searcher = self.ix.searcher(weighting=BM25F)
        words = read_query_words(path, lazy=True)
        self.analyzer = load_analyzer(words.known, read_lexicon(path), parts=True)
        key_of = lambda w: (self.analyzer.word_terms(w) or (fold(w),))[0]  # noqa: E731
        synonyms = Synonyms(read_groups(DATA / "synonyms.txt"), key_of)
        self.expander = QueryExpander(self.analyzer, synonyms, Vocabulary(words), self.known)
        store = PostingStore(self.searcher, TEXT_FIELDS, path)
        self.scorer = Scorer(store)
        self.facets = FacetTable(self.searcher.reader(), store.size)
        self.own = self.facets.carrying("type", OWN_TYPES)

    def _title_coverage(self, ids: np.ndarray, terms: set[str]) -> np.ndarray:
        """How much of each title the query's terms make up (0–1): a reader who types a title
        („Passgesetz“) means the page with that title more than one that mentions it."""
        store = self.scorer.store
        matched = np.zeros(store.size, dtype=np.float32)
        for term in terms:
            docs, weights = store.weights("title", term)
            matched[docs] += weights
        length = store.lengths["title"][ids] * BOOSTS["title"]
        return np.minimum(matched[ids] / np.maximum(length, 1), 1.0)

    def _literal_boost(self, ids, scores, literals: tuple[str, ...]) -> np.ndarray:
        """„"ohne Antwort"“: stop words are not indexed, so the best candidates whose title or
        summary has the phrase as written count double."""
        scores = scores.copy()
        for i in np.argsort(-scores, kind="stable")[:LITERAL_CANDIDATES].tolist():
            stored = self.searcher.stored_fields(int(ids[i]))
            text = " ".join(words_in(f"{stored['title_text']} {stored['summary_text']}"))
            if any(literal in fold(text) for literal in literals):
                scores[i] *= 2
        return scores

    def _title_prefix(self, prefixes: tuple[str, ...]) -> np.ndarray:
        stems = {s for p in prefixes for s in (p, stem(p))}
        return self.scorer.evaluate(wq.Or([wq.Prefix("title", s) for s in stems])).ids

    def known(self, term: str) -> bool:
        return any(self.searcher.doc_frequency(f, term) for f in TEXT_FIELDS)

    def close(self) -> None:
        self.searcher.close()

    def search(self, request: SearchRequest) -> SearchResponse:
        parsed = parse_query(request.q)
        expansion = self.expander.expand(parsed)
        found = self.scorer.evaluate(expansion.query)
        ids, scores = found.ids, found.scores
        allowed = self.facets.mask(request.filters)
        if allowed is not None:
            keep = allowed[ids]
            ids, scores = ids[keep], scores[keep]
        if len(ids):
            scores = scores * (1 + TITLE_COVERAGE * self._title_coverage(ids, expansion.terms))
        if expansion.literals and len(ids):
            scores = self._literal_boost(ids, scores, expansion.literals)
        order = np.argsort(-scores, kind="stable")  # ties: lower document number first
        if expansion.prefixes and len(ids):
            # „kunden*“: our own texts whose title has a word so beginning come first.
            first = self.own[ids] & np.isin(ids, self._title_prefix(expansion.prefixes))
            order = order[np.argsort(~first[order], kind="stable")]
        page = order[request.offset : request.offset + request.limit]
        results = [(self.searcher.stored_fields(int(ids[i])), float(scores[i])) for i in page]
        snippets = Snippets(self.analyzer, expansion.terms, expansion.prefixes)
        hits = []
        for hit, score in results:
            snippet = snippets.make(hit.get("body_text") or hit.get("summary_text") or "")
            if "<mark>" not in snippet and hit.get("summary_text"):
                summary = snippets.make(hit["summary_text"])
                snippet = summary if "<mark>" in summary or not snippet else snippet
            hits.append(
                {
                    "url": hit["url"],
                    "title": hit["title_text"],
                    "type": hit["type"],
                    "type_label": TYPE_LABELS.get(hit["type"], hit["type"]),
                    "snippet": snippet,
                    "score": round(score, 4),
                }
            )
        return SearchResponse(
            parsed.text,
            len(ids),
            hits,
            self.facets.counts(ids),
            _suggestion(parsed.text, expansion.corrections),
            _hint(parsed),
        )


def _hint(parsed: ParsedQuery) -> str | None:
    """A German hint when the query cannot find anything as typed (only stop words)."""
    if parsed.hint:
        return parsed.hint
    words = [w for c in parsed.clauses for w in c.words]
    if words and all(fold(w) in STOPWORDS or w.lower() in OPERATORS for w in words):
        return ONLY_COMMON_WORDS
    return None


def _suggestion(text: str, corrections: dict[str, str]) -> str | None:
    if not corrections:
        return None
    for word, better in corrections.items():
        if word[:1].isupper():
            better = better[:1].upper() + better[1:]
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, text, count=1)
    return text

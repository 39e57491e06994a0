"""Searching an index generation: ranking (BM25F), facets, snippets, „Meinten Sie …?“.

``SearchService`` follows the ``KB_INDEX_DIR`` link: when a build swaps in a new generation, the
next search opens it — the service never needs a restart.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import scoring

from servicekultur.search.analysis import Synonyms, fold
from servicekultur.search.analysis.synonyms import DATA, read_groups
from servicekultur.search.documents import TYPE_LABELS
from servicekultur.search.expansion import QueryExpander, Vocabulary, without_common
from servicekultur.search.facets import FACETS, FacetTable, matching_ids
from servicekultur.search.indexer import MANIFEST, load_analyzer, vocabulary_words
from servicekultur.search.query import parse_query
from servicekultur.search.schema import TEXT_FIELDS
from servicekultur.search.snippets import make_snippet

logger = logging.getLogger(__name__)

MAX_LIMIT = 50
# On indexes of at least COMMON_MIN_DOCS documents, body terms in more than COMMON_SHARE of all
# documents are left out of the ranking query (they still count for total and facets).
COMMON_MIN_DOCS = 2000
COMMON_SHARE = 0.2
MAX_OFFSET = 1000


class IndexUnavailable(RuntimeError):
    """No built index at the configured place."""


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

    def as_json(self) -> dict:
        results = [{k: v for k, v in hit.items() if k != "type_label"} for hit in self.results]
        return {
            "query": self.query,
            "total": self.total,
            "results": results,
            "facets": self.facets,
            "suggestion": self.suggestion,
        }


class SearchIndex:
    """One opened index generation with its analyzer and vocabulary."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.ix = whoosh_index.open_dir(str(path))
        weighting = scoring.BM25F(B=0.75, K1=1.2, title_B=0.3, headings_B=0.5, meta_B=0.3)
        self.searcher = self.ix.searcher(weighting=weighting)
        counts = vocabulary_words(path)
        self.analyzer = load_analyzer(counts)
        words: dict[str, tuple[int, str]] = {}
        for word, df in counts.items():
            key = fold(word)
            if key not in words or df > words[key][0]:
                words[key] = (words.get(key, (0, ""))[0] + df, word)
            else:
                words[key] = (words[key][0] + df, words[key][1])
        key_of = lambda w: (self.analyzer.word_terms(w) or (fold(w),))[0]  # noqa: E731
        synonyms = Synonyms(read_groups(DATA / "synonyms.txt"), key_of)
        self.expander = QueryExpander(self.analyzer, synonyms, Vocabulary(words), self.known)
        self.facets = FacetTable(self.searcher.reader())

    def ranking_query(self, query: wq.Query) -> wq.Query:
        total = self.searcher.doc_count_all()
        if total < COMMON_MIN_DOCS:
            return query
        limit = COMMON_SHARE * total

        def is_common(field: str, text: str) -> bool:
            return field == "body" and self.searcher.doc_frequency(field, text) > limit

        return without_common(query, is_common) or query

    def known(self, term: str) -> bool:
        return any(self.searcher.doc_frequency(f, term) for f in TEXT_FIELDS)

    def close(self) -> None:
        self.searcher.close()

    def search(self, request: SearchRequest) -> SearchResponse:
        parsed = parse_query(request.q)
        expansion = self.expander.expand(parsed)
        filters = [wq.Term(FACETS[name], value) for name, value in request.filters.items()]
        matching = self.facets.matching(
            matching_ids(expansion.query, self.searcher), request.filters
        )
        wanted = request.offset + request.limit
        options = {"limit": wanted, "filter": wq.And(filters) if filters else None, "terms": False}
        ranking = self.ranking_query(expansion.query)
        results = self.searcher.search(ranking, **options)
        if ranking is not expansion.query and results.scored_length() < min(wanted, len(matching)):
            results = self.searcher.search(expansion.query, **options)
        hits = []
        for hit in results[request.offset : request.offset + request.limit]:
            text = hit.get("body_text") or hit.get("summary_text") or ""
            snippet = make_snippet(text, self.analyzer, expansion.terms, expansion.prefixes)
            if "<mark>" not in snippet and hit.get("summary_text"):
                summary = make_snippet(
                    hit["summary_text"], self.analyzer, expansion.terms, expansion.prefixes
                )
                snippet = summary if "<mark>" in summary or not snippet else snippet
            hits.append(
                {
                    "url": hit["url"],
                    "title": hit["title_text"],
                    "type": hit["type"],
                    "type_label": TYPE_LABELS.get(hit["type"], hit["type"]),
                    "snippet": snippet,
                    "score": round(float(hit.score), 4),
                }
            )
        return SearchResponse(
            parsed.text,
            len(matching),
            hits,
            self.facets.counts(matching),
            _suggestion(parsed.text, expansion.corrections),
        )


def _suggestion(text: str, corrections: dict[str, str]) -> str | None:
    if not corrections:
        return None
    for word, better in corrections.items():
        if word[:1].isupper():
            better = better[:1].upper() + better[1:]
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", better, text, count=1)
    return text


class SearchService:
    """The live index at ``index_dir`` (a link to a generation), reopened when it changes."""

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)
        self._current: SearchIndex | None = None

    def index(self) -> SearchIndex:
        target = Path(os.path.realpath(self.index_dir))
        if self._current is not None and self._current.path == target:
            return self._current
        if not (target / MANIFEST).is_file():
            if self._current is not None:
                return self._current
            raise IndexUnavailable(str(self.index_dir))
        fresh = SearchIndex(target)
        old, self._current = self._current, fresh
        if old is not None:
            old.close()
        logger.info("search index %s opened", target)
        return fresh

    def search(self, request: SearchRequest) -> SearchResponse:
        return self.index().search(request)

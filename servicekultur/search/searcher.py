"""Searching an index generation: ranking (BM25F), facets, snippets, „Meinten Sie …?“.

``SearchService`` follows the ``KB_INDEX_DIR`` link: when a build swaps in a new generation, the
next search opens it — the service never needs a restart.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index
from whoosh import scoring

from servicekultur.search.analysis import Synonyms, fold
from servicekultur.search.analysis.synonyms import DATA, read_groups
from servicekultur.search.documents import TYPE_LABELS
from servicekultur.search.expansion import QueryExpander, Vocabulary
from servicekultur.search.facets import FacetTable
from servicekultur.search.indexer import MANIFEST, load_analyzer, vocabulary_words
from servicekultur.search.postings import B_DEFAULT, K1, B, PostingStore
from servicekultur.search.query import parse_query
from servicekultur.search.schema import TEXT_FIELDS
from servicekultur.search.scoring import Scorer
from servicekultur.search.snippets import Snippets

logger = logging.getLogger(__name__)

MAX_LIMIT = 50
MAX_OFFSET = 1000
# Whoosh's own weighting with the same parameters (idf, and any search run through Whoosh).
BM25F = scoring.BM25F(B=B_DEFAULT, K1=K1, **{f"{f}_B": b for f, b in B.items()})


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
        self.searcher = self.ix.searcher(weighting=BM25F)
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
        store = PostingStore(self.searcher, TEXT_FIELDS)
        self.scorer = Scorer(store)
        self.facets = FacetTable(self.searcher.reader(), store.size)

    def warm(self) -> None:
        """Read the postings of the most frequent terms into memory (see ``PostingStore.warm``)."""
        start = time.perf_counter()
        with self.ix.searcher(weighting=BM25F) as searcher:
            postings = self.scorer.store.warm(searcher)
        logger.info(
            "search index %s warmed: %d postings in %.1f s",
            self.path.name,
            postings,
            time.perf_counter() - start,
        )

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
        order = np.argsort(-scores, kind="stable")  # ties: lower document number first
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
    """The live index at ``index_dir`` (a link to a generation), reopened when it changes.

    The first generation is warmed before it answers; a later one answers at once and is warmed
    in a background thread (through a searcher of its own), so a rebuild never pauses searches.
    """

    def __init__(self, index_dir: Path, warm: bool = True) -> None:
        self.index_dir = Path(index_dir)
        self.warm = warm
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
        if self.warm and old is None:
            fresh.warm()
        elif self.warm:
            threading.Thread(target=fresh.warm, name="kb-search-warm", daemon=True).start()
        return fresh

    def search(self, request: SearchRequest) -> SearchResponse:
        return self.index().search(request)

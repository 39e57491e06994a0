"""„Mehr zum Thema“ as pages show it: the links of each page, worked out once when a page
first asks (``PendingRelated``), from the related pages of ``related``."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import NamedTuple

from servicekultur import allocator
from servicekultur.search.build.generations import KeyTerms
from servicekultur.search.build.related import RELATED_TYPES, related_pages
from servicekultur.search.documents import TYPE_LABELS, SearchDocument

logger = logging.getLogger(__name__)


class LinkTarget(NamedTuple):
    """What „Mehr zum Thema“ shows of a document, kept while the index job has the texts (a
    tuple, not a SearchDocument copy: 35,000 of them at 10,000 pages)."""

    id: str
    url: str
    type: str
    title: str
    summary: str


class RelatedLink(NamedTuple):
    """A „Mehr zum Thema“ link (``rel.url`` or ``rel["url"]``): a tuple, not a ~230-byte dict."""

    url: str
    title: str
    summary: str
    type: str

    def __getitem__(self, key):
        return getattr(self, key) if isinstance(key, str) else tuple.__getitem__(self, key)


def link_target(doc: SearchDocument) -> LinkTarget:
    return LinkTarget(doc.id, doc.url, doc.type, doc.title, doc.summary)


def related_links(
    key_terms: dict[str, list[tuple[str, int]]],
    documents: list[SearchDocument] | list[LinkTarget],
    count: int = 4,
) -> dict[str, list[RelatedLink]]:
    """Document id → its „Mehr zum Thema“ links (url, title, summary, type label)."""
    candidates = {doc.id for doc in documents if doc.type in RELATED_TYPES}
    related = related_pages(key_terms, candidates, count)
    by_id = {doc.id: doc for doc in documents}

    def link(to) -> RelatedLink:
        return RelatedLink(to.url, to.title, to.summary, TYPE_LABELS.get(to.type, to.type))

    return {
        page: [link(by_id[r]) for r in others if r in by_id] for page, others in related.items()
    }


class PendingRelated:
    """„Mehr zum Thema“ of the documents handed to the index job, worked out once, when first
    asked: the build goes on while the job plans (kb_redirects writes its pages meanwhile), and
    a build that only loads its documents (preview, build worker) asks when it renders."""

    def __init__(self, key_terms: Callable[[], KeyTerms], documents: list, count: int) -> None:
        self._key_terms = key_terms  # e.g. IndexJob.planned: waits for the plan
        self._documents: list | None = documents  # LinkTargets, filled while handed over
        self._count = count
        self._links: dict[str, list[RelatedLink]] | None = None

    def links(self) -> dict[str, list[RelatedLink]]:
        if self._links is None:
            started, count = time.perf_counter(), len(self._documents)
            self._links = related_links(self._key_terms(), self._documents, self._count)
            seconds = time.perf_counter() - started  # the wait for the plan included
            logger.info("kb_search: related pages of %d documents in %.2f s", count, seconds)
            self._documents = self._key_terms = None
            allocator.trim()  # what the step made and freed lies between the links kept
        return self._links

    def of(self, doc_id: str) -> RelatedLinks:
        return RelatedLinks(self, doc_id)


class RelatedLinks(Sequence):
    """One page's „Mehr zum Thema“ (``article.kb_related``), from :class:`PendingRelated`."""

    __slots__ = ("_id", "_pending")

    def __init__(self, pending: PendingRelated, doc_id: str) -> None:
        self._pending, self._id = pending, doc_id

    def _links(self) -> list[RelatedLink]:
        return self._pending.links().get(self._id, [])

    def __getitem__(self, index):
        return self._links()[index]

    def __len__(self) -> int:
        return len(self._links())

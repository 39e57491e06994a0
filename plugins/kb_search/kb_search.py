"""kb_search: writes the German search index and the „Mehr zum Thema“ links at build time."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pelican import signals

from servicekultur.config import apply_build
from servicekultur.search.documents import TYPE_LABELS
from servicekultur.search.indexer import IndexReport, plan_index, publish, read_key_terms
from servicekultur.search.related import related_pages

from .background import IndexJob
from .extract import search_documents

logger = logging.getLogger(__name__)

RELATED_TYPES = {"artikel", "fallgeschichten", "checklisten"}
_jobs: list[IndexJob] = []
LAST_REPORT: list[IndexReport] = []  # the latest build's report (for tests and tooling)


def index_dir(settings: dict) -> Path:
    return Path(settings["KB_INDEX_DIR"])


def on_initialized(pelican) -> None:
    for job in _jobs:  # a build that stopped early (strict mode) leaves its writer behind
        job.abandon()
    _jobs.clear()
    settings = pelican.settings
    apply_build(settings)
    if "search" not in settings["DIRECT_TEMPLATES"]:
        settings["DIRECT_TEMPLATES"] = [*settings["DIRECT_TEMPLATES"], "search"]
    settings.setdefault("SEARCH_SAVE_AS", "suche/index.html")


def on_all_generators_finalized(generators) -> None:
    settings = generators[0].settings
    context = generators[0].context
    start = time.perf_counter()
    documents, objects = search_documents(generators, context)
    target = index_dir(settings)
    plan = plan_index(documents, target, procs=settings["KB_SEARCH_PROCS"])
    if isinstance(plan, IndexReport):  # nothing changed: the live index stays
        LAST_REPORT[:] = [plan]
        terms = read_key_terms(plan.generation)
    else:
        # Whoosh writes in a second process while Pelican writes the pages in this one.
        job = IndexJob(plan, settings["KB_SEARCH_PROCS"], settings["KB_SEARCH_BACKGROUND"])
        _jobs.append(job)
        terms = plan.key_terms
    candidates = {doc.id for doc in documents if doc.type in RELATED_TYPES}
    related = related_pages(terms, candidates, settings["KB_SEARCH_RELATED"])
    by_id = {doc.id: doc for doc in documents}
    for doc_id, obj in objects.items():
        obj.kb_related = [
            {
                "url": by_id[r].url,
                "title": by_id[r].title,
                "summary": by_id[r].summary,
                "type": TYPE_LABELS.get(by_id[r].type, by_id[r].type),
            }
            for r in related.get(doc_id, [])
            if r in by_id
        ]
    logger.info(
        "kb_search: %d documents prepared, related pages in %.2f s",
        len(documents),
        time.perf_counter() - start,
    )


def on_finalized(pelican) -> None:
    for job in _jobs:
        report = job.wait()
        LAST_REPORT[:] = [report]
        publish(job.index_dir, report.generation)
        logger.info(
            "kb_search: %d analysed, %d unchanged, index written in %.2f s",
            report.analysed,
            report.reused,
            report.seconds,
        )
    _jobs.clear()


def register() -> None:
    # Settings checked and the /suche page shell added before anything is generated.
    signals.initialized.connect(on_initialized)
    # Every document read and linked, nothing written yet: index it, attach related pages.
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    # Pages written: only now does the new index become the live one.
    signals.finalized.connect(on_finalized)

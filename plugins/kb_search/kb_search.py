"""kb_search: writes the German search index and the „Mehr zum Thema“ links at build time."""

from __future__ import annotations

import logging
import time

from pelican import signals

from servicekultur.content.run import build_run, start_build_run
from servicekultur.search.build.extract import iter_search_documents
from servicekultur.search.build.generations import publish
from servicekultur.search.build.job import IndexJob
from servicekultur.search.build.related import link_target, related_links

logger = logging.getLogger(__name__)

REQUIRES = ("kb_content",)  # our reader sets what is indexed
REPORT = "search"  # build_run(settings).reports["search"]: the IndexReport of this build
_jobs: list[IndexJob] = []  # this build's index job (a build that stopped early leaves one)


def on_initialized(pelican) -> None:
    for job in _jobs:
        job.abandon()
    _jobs.clear()
    settings = pelican.settings
    start_build_run(pelican, "kb_search", REQUIRES)
    if "search" not in settings["DIRECT_TEMPLATES"]:
        settings["DIRECT_TEMPLATES"] = [*settings["DIRECT_TEMPLATES"], "search"]
    settings.setdefault("SEARCH_SAVE_AS", "suche/index.html")
    # Forked now, while this process is small: it plans and writes the index later.
    index_dir, procs = settings["KB_INDEX_DIR"], settings["KB_SEARCH_PROCS"]
    _jobs.append(IndexJob(index_dir, procs, settings["KB_SEARCH_BACKGROUND"]))


def on_all_generators_finalized(generators) -> None:
    settings = generators[0].settings
    context = generators[0].context
    start = time.perf_counter()
    documents, objects = [], {}  # kept here without their texts: the index job takes those

    def handed_over():
        for document, obj in iter_search_documents(generators, context):
            if obj is not None:
                objects[document.id] = obj
            documents.append(link_target(document))
            yield document

    terms = _jobs[-1].key_terms(handed_over())  # the index is written meanwhile, pages go on
    links = related_links(terms, documents, settings["KB_SEARCH_RELATED"])
    for doc_id, obj in objects.items():
        obj.kb_related = links.get(doc_id, [])
    logger.info(
        "kb_search: %d documents prepared, related pages in %.2f s",
        len(documents),
        time.perf_counter() - start,
    )


def on_finalized(pelican) -> None:
    for job in _jobs:
        report = job.wait()
        build_run(pelican.settings).reports[REPORT] = report
        if not report.changed:
            continue  # nothing changed: the live index stays
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

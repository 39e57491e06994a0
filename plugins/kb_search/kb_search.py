"""kb_search: writes the German search index and the „Mehr zum Thema“ links at build time."""

from __future__ import annotations

import logging

from pelican import signals

from servicekultur.content.run import build_run, start_build_run
from servicekultur.search.build.extract import iter_search_documents
from servicekultur.search.build.generations import publish
from servicekultur.search.build.job import IndexJob
from servicekultur.search.build.links import PendingRelated, link_target

logger = logging.getLogger(__name__)

REQUIRES = ("kb_content",)  # our reader sets what is indexed
REPORT = "search"  # build_run(settings).reports["search"]: the IndexReport of this build
_jobs: list[IndexJob] = []  # this build's index job (a build that stopped early leaves one)


def on_initialized(pelican) -> None:
    for job in _jobs:
        job.abandon()
    _jobs.clear()
    _pending.clear()
    settings = pelican.settings
    start_build_run(pelican, "kb_search", REQUIRES)
    if "search" not in settings["DIRECT_TEMPLATES"]:
        settings["DIRECT_TEMPLATES"] = [*settings["DIRECT_TEMPLATES"], "search"]
    settings.setdefault("SEARCH_SAVE_AS", "suche/index.html")
    # Forked now, while this process is small: it plans and writes the index later.
    index_dir, procs = settings["KB_INDEX_DIR"], settings["KB_SEARCH_PROCS"]
    _jobs.append(IndexJob(index_dir, procs, settings["KB_SEARCH_BACKGROUND"]))


_pending: list[PendingRelated] = []  # this build's related pages, until they are worked out


def on_all_generators_finalized(generators) -> None:
    """Every document read and linked: hand them to the index job, which plans the index while
    the other plugins go on (redirect pages are written meanwhile, see kb_redirects); each page
    gets its „Mehr zum Thema“ links, worked out when first asked."""
    context, settings = generators[0].context, generators[0].settings
    documents: list = []  # kept here without their texts: the index job takes those
    pending = PendingRelated(_jobs[-1].planned, documents, settings["KB_SEARCH_RELATED"])

    def handed_over():
        for document, obj in iter_search_documents(generators, context):
            if obj is not None:
                obj.kb_related = pending.of(document.id)
            documents.append(link_target(document))
            yield document

    _jobs[-1].hand_over(handed_over())
    _pending[:] = [pending]


def on_get_writer(pelican) -> None:
    """Before the first page is written: the related pages (an index job that failed is
    reported here, not in a template)."""
    for pending in _pending:
        pending.links()
    _pending.clear()


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
    # Every document read and linked, nothing written yet: hand them to the index job …
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    # … and just before the pages are written, attach their related pages.
    signals.get_writer.connect(on_get_writer)
    # Pages written: only now does the new index become the live one.
    signals.finalized.connect(on_finalized)

"""kb_search: writes the German search index and the „Mehr zum Thema“ links at build time."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pelican import signals

from servicekultur.search.build.extract import search_documents
from servicekultur.search.build.generations import publish, read_key_terms
from servicekultur.search.build.job import IndexJob
from servicekultur.search.build.plan import IndexReport, plan_index
from servicekultur.search.build.related import related_links

logger = logging.getLogger(__name__)

DEFAULTS = {
    "KB_SEARCH_INDEX_DIR": "",  # empty: <OUTPUT_PATH>/../var/index
    "KB_SEARCH_RELATED": 4,
    "KB_SEARCH_PROCS": 1,
    "KB_SEARCH_BACKGROUND": True,
}
_jobs: list[IndexJob] = []
LAST_REPORT: list[IndexReport] = []  # the latest build's report (for tests and tooling)


def index_dir(settings: dict) -> Path:
    configured = settings.get("KB_SEARCH_INDEX_DIR") or ""
    if configured:
        return Path(configured)
    return Path(settings["OUTPUT_PATH"]).resolve().parent / "var" / "index"


def _check_config(settings: dict) -> None:
    """Validate our settings once; bad values are logged and replaced by the default."""
    for key, default in DEFAULTS.items():
        value = settings.get(key, default)
        if isinstance(default, bool):
            valid = isinstance(value, bool)
        elif isinstance(default, int):
            valid = isinstance(value, int) and not isinstance(value, bool)
            low, high = (3, 5) if key == "KB_SEARCH_RELATED" else (1, 16)
            valid = valid and low <= value <= high
        else:
            valid = isinstance(value, str | Path)
        if not valid:
            logger.warning("kb_search: %s=%r is invalid, using %r", key, value, default)
            value = default
        settings[key] = value


def on_initialized(pelican) -> None:
    for job in _jobs:  # a build that stopped early (strict mode) leaves its writer behind
        job.abandon()
    _jobs.clear()
    settings = pelican.settings
    _check_config(settings)
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

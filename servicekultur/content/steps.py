"""What kb_content does between reading and writing, for the whole site at once."""

from __future__ import annotations

import logging

from servicekultur import allocator
from servicekultur.content.dates import format_date
from servicekultur.content.diagnostics import QUIET_CHECK_FAILURE
from servicekultur.content.run import BuildRun, written_documents
from servicekultur.content.site import check_references, link_documents, set_neighbours
from servicekultur.content.sitemap import sitemap_entries
from servicekultur.contract import template_names


def prepare_build(settings: dict) -> None:
    """Before anything is read: the template filter and contract names, and no traceback in
    Pelican's log for a failed content check (its messages have said everything)."""
    logging.getLogger("pelican").addFilter(QUIET_CHECK_FAILURE)
    allocator.return_large_blocks()  # freed page texts and arrays go back (see ``allocator``)
    settings.setdefault("JINJA_FILTERS", {})["de_date"] = format_date
    # the markers the service reads in built pages, also inside imported macro templates
    settings.setdefault("JINJA_GLOBALS", {})["KB_CONTRACT"] = template_names()


def after_reading(context: dict, settings: dict, run: BuildRun) -> None:
    """Every document is read, nothing written: check references and links, resolve ``[[…]]``,
    link glossary terms, set neighbours, and note what the sitemap and the clean-up need."""
    run.parallel.stop()  # everything is read; frees what no reader asked for
    documents = written_documents(context)
    for doc in documents:
        # Pelican formats ``url`` from the URL settings on every access (templates ask tens of
        # thousands of times); ``override_url`` is Pelican's own way to give it once.
        doc.override_url = doc.url
    cited_by = check_references(documents, run.site(context, settings["PATH"]), run.diagnostics)
    link_documents(documents, context.get("kb_glossary", []), settings["SITEURL"], cited_by)
    allocator.trim()  # every page's text was replaced: the old ones were freed between others
    set_neighbours([*context.get("articles", []), *context.get("drafts", [])])
    run.sitemap = sitemap_entries(context, run.listed)
    run.static = {static.save_as for static in context.get("staticfiles", [])}

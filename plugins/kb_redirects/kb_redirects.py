"""kb_redirects: old URLs keep working — slug and item aliases, short links ``/c/<code>`` and the
imported URL map (``KB_REDIRECTS_FILE``), each a static redirect page (servicekultur/redirects)."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from servicekultur.content.run import build_run, start_build_run
from servicekultur.redirects.collect import collect_redirects
from servicekultur.redirects.mapfile import RedirectError

logger = logging.getLogger(__name__)
REPORT = "redirects"


class RedirectGenerator(Generator):
    """Collects every redirect once all documents are read; writes nothing itself."""

    def generate_context(self) -> None:
        run = build_run(self.settings)
        ctx = self.context
        documents = [*ctx.get("articles", []), *ctx.get("drafts", [])]
        documents += [*ctx.get("pages", []), *ctx.get("hidden_pages", [])]
        try:
            plan = collect_redirects(
                documents,
                Path(self.settings["PATH"]),
                self.settings["KB_SHORTLINK_FILE"],
                self.settings["KB_REDIRECTS_FILE"],
                run.diagnostics,
            )
        except RedirectError as error:
            logger.error("%s", error)
            return
        run.redirects |= plan.sources  # links to old URLs are valid
        run.reports[REPORT] = plan


REQUIRES = ("kb_content",)  # our reader sets what this plugin reads


def on_initialized(pelican) -> None:
    start_build_run(pelican, "kb_redirects", REQUIRES)


def on_get_generators(pelican):
    return RedirectGenerator


def on_all_generators_finalized(generators) -> None:
    settings, context = generators[0].settings, generators[0].context
    run = build_run(settings)
    plan = run.reports.get(REPORT)
    if plan is not None:
        run.diagnostics.extend(plan.check(run.site(context, settings["PATH"]).urls))


def on_get_writer(pelican) -> None:
    run = build_run(pelican.settings)
    plan = run.reports.get(REPORT)
    if plan is not None:
        output, siteurl = Path(pelican.settings["OUTPUT_PATH"]), pelican.settings["SITEURL"]
        written = plan.write(output, siteurl, since=run.started)
        logger.info("kb_redirects: %d Weiterleitungen geschrieben", written)


def register() -> None:
    # Settings checked and this build's run started before anything is read.
    signals.initialized.connect(on_initialized)
    # Aliases, item aliases and short links are collected once every document is read.
    signals.get_generators.connect(on_get_generators)
    # The one collision check needs every URL of the site, which is known only now.
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    # Redirect pages are written before the real pages: a real page written later to the same
    # place replaces one (check() already drops the redirects that collide with a known URL).
    # Connected before kb_search's receiver (PLUGINS order): they are written while the index
    # job plans, before the build waits for its key terms.
    signals.get_writer.connect(on_get_writer)

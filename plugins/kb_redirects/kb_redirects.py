"""kb_redirects: turn ``content/redirects.json`` (old URL → new URL) into redirect pages."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from servicekultur.config import apply_build
from servicekultur.redirects.mapfile import RedirectError, load_map, write_redirects

logger = logging.getLogger(__name__)


def on_initialized(pelican) -> None:
    apply_build(pelican.settings)


def on_finalized(pelican) -> None:
    settings = pelican.settings
    try:
        mapping = load_map(Path(settings["PATH"]) / settings["KB_REDIRECTS_FILE"])
    except RedirectError as error:
        logger.error("%s", error)
        return
    for problem in write_redirects(mapping, Path(settings["OUTPUT_PATH"]), settings["SITEURL"]):
        logger.warning("kb_redirects: %s", problem)
    if mapping:
        logger.info("kb_redirects: %d Weiterleitungen geschrieben", len(mapping))


def register() -> None:
    # Settings checked before anything is read.
    signals.initialized.connect(on_initialized)
    # Redirect pages go in after every real page is written, so they never replace one.
    signals.finalized.connect(on_finalized)

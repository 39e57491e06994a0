"""kb_redirects: turn ``content/redirects.json`` (old URL → new URL) into redirect pages."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican import signals

from servicekultur.authoring.redirects import (
    REDIRECTS_FILE,
    RedirectError,
    load_map,
    write_redirects,
)

logger = logging.getLogger(__name__)

DEFAULTS = {"KB_REDIRECTS_FILE": REDIRECTS_FILE}


def on_finalized(pelican) -> None:
    settings = pelican.settings
    name = settings.get("KB_REDIRECTS_FILE", REDIRECTS_FILE)
    if not isinstance(name, str) or not name:
        logger.warning(
            "kb_redirects: KB_REDIRECTS_FILE=%r is invalid, using %r", name, REDIRECTS_FILE
        )
        name = REDIRECTS_FILE
    try:
        mapping = load_map(Path(settings["PATH"]) / name)
    except RedirectError as error:
        logger.error("%s", error)
        return
    for problem in write_redirects(mapping, Path(settings["OUTPUT_PATH"]), settings["SITEURL"]):
        logger.warning("kb_redirects: %s", problem)
    if mapping:
        logger.info("kb_redirects: %d Weiterleitungen geschrieben", len(mapping))


def register() -> None:
    # Redirect pages go in after every real page is written, so they never replace one.
    signals.finalized.connect(on_finalized)

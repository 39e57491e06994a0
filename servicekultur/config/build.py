"""The build's view of the registry: Pelican's settings dict checked and completed once.

Every plugin calls :func:`apply_build` at ``initialized`` (the first call does the work), so each
plugin also works alone. A bad value is reported with its name; a strict build stops, any other
build goes on with the default.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from servicekultur.config.catalog import REGISTRY
from servicekultur.config.registry import BUILD, SettingsError
from servicekultur.config.service import default_index_dir, local_url, sqlite_url

logger = logging.getLogger(__name__)
APPLIED = "KB_SETTINGS_APPLIED"


def apply_build(settings: dict, environ: dict[str, str] | None = None) -> None:
    """Check every build setting (environment, else Pelican settings, else default) in place."""
    if settings.get(APPLIED):
        return
    environ = os.environ if environ is None else environ
    strict = _value("KB_STRICT", settings, environ, strict=False)
    for setting in REGISTRY.read_by(BUILD):
        settings[setting.name] = _value(setting.name, settings, environ, strict)
    public = settings["KB_PUBLIC_URL"] or local_url(settings["KB_HOST"], settings["KB_PORT"])
    settings["KB_PUBLIC_URL"] = public
    settings["FEED_DOMAIN"] = public
    if settings["KB_ABSOLUTE_URLS"]:
        settings["SITEURL"] = public
    settings["KB_INDEX_DIR"] = settings["KB_INDEX_DIR"] or default_index_dir(
        settings["OUTPUT_PATH"]
    )
    state = Path(settings["KB_STATE_DIR"])
    settings["KB_DATABASE_URL"] = settings["KB_DATABASE_URL"] or sqlite_url(state)
    settings[APPLIED] = True


def _value(name: str, settings: dict, environ: dict[str, str], strict: bool):
    try:
        return REGISTRY.value(name, settings, environ)
    except SettingsError as error:
        if strict:
            raise
        default = REGISTRY[name].documented_default()
        logger.warning("Einstellung %s; verwendet wird der Standard %s", error, default)
        return REGISTRY[name].default

"""kb_workshop: checklists for workshops — short links, alias redirects, QR codes, scoring,
workshop mode, trainer overview and workshop sets. Needs kb_content (listed before it)."""

from __future__ import annotations

import logging

from pelican import signals

from .generator import WorkshopGenerator

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, object] = {
    "KB_PUBLIC_URL": "",
    "KB_SHORTLINK_FILE": "kurzlinks.txt",
    "KB_WORKSHOP_SETS": {},
}


def _check_config(settings: dict) -> None:
    """Validate our settings once; bad values are logged and replaced by the default."""
    for key, default in DEFAULTS.items():
        value = settings.get(key, default)
        if not isinstance(value, type(default)):
            logger.warning("kb_workshop: %s=%r is invalid, using %r", key, value, default)
            value = default
        settings[key] = value
    url = settings["KB_PUBLIC_URL"]
    if url and not url.startswith(("http://", "https://")):
        logger.warning("kb_workshop: KB_PUBLIC_URL=%r is not an http(s) URL, ignoring it", url)
        settings["KB_PUBLIC_URL"] = ""


def public_url(settings: dict) -> str:
    """The absolute address QR codes and handouts point to."""
    for candidate in (
        settings.get("KB_PUBLIC_URL"),
        settings.get("SITEURL"),
        settings.get("FEED_DOMAIN"),
    ):
        if isinstance(candidate, str) and candidate.startswith(("http://", "https://")):
            return candidate.rstrip("/")
    return "http://127.0.0.1:8000"


def on_initialized(pelican) -> None:
    _check_config(pelican.settings)
    pelican.settings["KB_PUBLIC_URL_RESOLVED"] = public_url(pelican.settings)


def on_get_generators(pelican):
    return WorkshopGenerator


def register() -> None:
    # Settings checked once, before anything is read.
    signals.initialized.connect(on_initialized)
    # Our generator runs after articles and pages are read: validation, redirects, extra pages.
    signals.get_generators.connect(on_get_generators)

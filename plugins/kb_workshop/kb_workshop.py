"""kb_workshop: checklists for workshops — short links, alias redirects, QR codes, scoring,
workshop mode, trainer overview and workshop sets. Needs kb_content (listed before it)."""

from __future__ import annotations

import logging

from pelican import signals

from servicekultur.config import apply_build
from servicekultur.content.run import start_build_run

from .generator import WorkshopGenerator

logger = logging.getLogger(__name__)


REQUIRES = ("kb_content",)  # our reader sets what this plugin reads


def on_initialized(pelican) -> None:
    apply_build(pelican.settings)
    start_build_run(pelican, "kb_workshop", REQUIRES)


def on_get_generators(pelican):
    return WorkshopGenerator


def register() -> None:
    # Settings checked once, before anything is read.
    signals.initialized.connect(on_initialized)
    # Our generator runs after articles and pages are read: validation, redirects, extra pages.
    signals.get_generators.connect(on_get_generators)

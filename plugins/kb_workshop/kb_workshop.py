"""kb_workshop: checklists for workshops — self-check scoring, QR codes, workshop mode, trainer
overview and workshop sets (short links and aliases: kb_redirects)."""

from __future__ import annotations

from pelican import signals

from servicekultur.content.run import start_build_run

from .generator import WorkshopGenerator

REQUIRES = ("kb_content",)  # our reader sets what this plugin reads


def on_initialized(pelican) -> None:
    start_build_run(pelican, "kb_workshop", REQUIRES)


def on_get_generators(pelican):
    return WorkshopGenerator


def register() -> None:
    # Settings checked and this build's run started before anything is read.
    signals.initialized.connect(on_initialized)
    # Our generator runs after articles and pages are read: validation, redirects, extra pages.
    signals.get_generators.connect(on_get_generators)

"""kb_content: our content types in Pelican.

Validation, checklists, timelines, cross-references, glossary links and overview pages.
"""

from __future__ import annotations

import logging
import sys

from pelican import signals

from servicekultur.content.dates import format_date
from servicekultur.content.diagnostics import ContentCheckFailed

from . import reader
from .finalize import finalize_site
from .generators import KnowledgeBaseGenerator
from .prerender import PRERENDERED

logger = logging.getLogger(__name__)

DEFAULTS = {
    "KB_STRICT": False,
    "KB_LONG_WAIT_DAYS": 21,
    "KB_WORDS_PER_MINUTE": 200,
    "KB_TEMPLATE_ANCHORS": ["inhalt", "feedback", "verlauf", "lehren", "checkliste"],
    "KB_OVERVIEW_PAGINATION": 20,
    "KB_READ_PROCS": 2,
}


def _check_config(settings: dict) -> None:
    """Validate our settings once; bad values are logged and replaced by the default."""
    for key, default in DEFAULTS.items():
        value = settings.get(key, default)
        valid = isinstance(value, type(default))
        if isinstance(default, int) and not isinstance(default, bool):
            valid = isinstance(value, int) and not isinstance(value, bool) and value > 0
        if isinstance(default, list):
            valid = isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
        if not valid:
            logger.warning("kb_content: %s=%r is invalid, using %r", key, value, default)
            value = default
        settings[key] = value


def _forget_aborted_sitemap() -> None:
    """pelican-sitemap remembers the Pelican instance of a build until its ``finalized``; a build
    that stopped early (strict mode) would keep later builds in this process from writing a
    sitemap (tests, live preview). A new build starts with a clean slate."""
    sitemap = sys.modules.get("pelican.plugins.sitemap.sitemap")
    generator = getattr(sitemap, "generator", None)
    if generator is not None:
        generator._main_pelican = None
        generator.page_queue = []


def on_initialized(pelican) -> None:
    reader.DIAGNOSTICS.clear()
    PRERENDERED.stop()
    _forget_aborted_sitemap()
    _check_config(pelican.settings)
    pelican.settings.setdefault("JINJA_FILTERS", {})["de_date"] = format_date


def on_readers_init(readers) -> None:
    for extension in reader.KnowledgeBaseReader.file_extensions:
        readers.reader_classes[extension] = reader.KnowledgeBaseReader


def on_get_generators(pelican):
    return KnowledgeBaseGenerator


def on_article_generator_init(generator) -> None:
    PRERENDERED.start(generator, generator.settings["KB_READ_PROCS"])


def on_all_generators_finalized(generators) -> None:
    PRERENDERED.stop()  # everything is read; frees what no reader asked for
    settings = generators[0].settings
    finalize_site(generators, reader.DIAGNOSTICS)
    errors = reader.DIAGNOSTICS.errors
    if errors and settings.get("KB_STRICT"):
        raise ContentCheckFailed(errors)


def register() -> None:
    # Settings and Jinja filters before anything is read.
    signals.initialized.connect(on_initialized)
    # Our reader replaces Pelican's Markdown reader: schema, checklists, timelines, file:line.
    signals.readers_init.connect(on_readers_init)
    # Markdown of the later files is rendered in forked processes while Pelican reads the rest.
    signals.article_generator_init.connect(on_article_generator_init)
    # Glossary and the per-type overview pages are a generator of their own.
    signals.get_generators.connect(on_get_generators)
    # Cross-references, glossary links and link checks need every document read, nothing written.
    signals.all_generators_finalized.connect(on_all_generators_finalized)

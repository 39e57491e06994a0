"""kb_content: our content types in Pelican — reader, overview pages, site-wide steps, sitemap."""

from __future__ import annotations

import logging
import os

from pelican import signals

from servicekultur.content.dates import format_date
from servicekultur.content.diagnostics import QUIET_CHECK_FAILURE, ContentCheckFailed
from servicekultur.content.outputs import finish_output
from servicekultur.content.run import build_run, start_build_run
from servicekultur.content.site import drop_duplicates
from servicekultur.content.steps import after_reading
from servicekultur.content.urls import LISTING_URLS
from servicekultur.contract import template_names, write_static_headers

from .generators import KnowledgeBaseGenerator
from .reader import KnowledgeBaseReader


def on_initialized(pelican) -> None:
    start_build_run(pelican, "kb_content")
    logging.getLogger("pelican").addFilter(QUIET_CHECK_FAILURE)  # no traceback for a failed check
    pelican.settings.setdefault("JINJA_FILTERS", {})["de_date"] = format_date
    # the markers the service reads in built pages, also inside imported macro templates
    pelican.settings.setdefault("JINJA_GLOBALS", {})["KB_CONTRACT"] = template_names()


def on_readers_init(readers) -> None:
    for extension in KnowledgeBaseReader.file_extensions:
        readers.reader_classes[extension] = KnowledgeBaseReader


def on_get_generators(pelican):
    return KnowledgeBaseGenerator


def on_article_generator_init(generator) -> None:
    settings = generator.settings
    reader = generator.readers.readers.get("md")
    if not isinstance(reader, KnowledgeBaseReader) or settings.get("LOAD_CONTENT_CACHE"):
        return  # another reader, or Pelican's own cache decides what is read
    files = [
        *generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"]),
        *generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"]),
    ]
    paths = [os.path.abspath(os.path.join(generator.path, f)) for f in files]
    paths = [p for p in paths if p.endswith(tuple(f".{e}" for e in reader.file_extensions))]
    build_run(settings).parallel.start(reader.files, paths, settings["KB_READ_PROCS"])


def on_article_generator_pretaxonomy(generator) -> None:
    lists = [generator.articles, generator.drafts, generator.hidden_articles]
    drop_duplicates(lists, build_run(generator.settings).diagnostics)


def on_page_generator_finalized(generator) -> None:
    lists = [generator.pages, generator.hidden_pages, generator.draft_pages]
    taken = [f"{url}index.html" for url in LISTING_URLS]
    drop_duplicates(lists, build_run(generator.settings).diagnostics, taken)


def on_all_generators_finalized(generators) -> None:
    after_reading(generators[0].context, generators[0].settings, build_run(generators[0].settings))


def on_get_writer(pelican) -> None:
    errors = build_run(pelican.settings).diagnostics.errors
    if errors and pelican.settings["KB_STRICT"]:
        raise ContentCheckFailed(errors)


def on_finalized(pelican) -> None:
    write_static_headers(pelican.output_path)
    run = build_run(pelican.settings)
    finish_output(pelican.settings, run.started, run.sitemap, run.static)


def register() -> None:
    # Settings checked and this build's run started before anything is read.
    signals.initialized.connect(on_initialized)
    # Our reader replaces Pelican's Markdown reader: schema, checklists, timelines, file:line.
    signals.readers_init.connect(on_readers_init)
    # Markdown of the later files is rendered in forked processes while Pelican reads the rest.
    signals.article_generator_init.connect(on_article_generator_init)
    # Two texts for one address: the later is reported and left out before listings are made.
    signals.article_generator_pretaxonomy.connect(on_article_generator_pretaxonomy)
    signals.page_generator_finalized.connect(on_page_generator_finalized)
    # Glossary and the per-type overview pages are a generator of their own.
    signals.get_generators.connect(on_get_generators)
    # Cross-references, glossary links and link checks need every document read, nothing written.
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    # The last moment before anything is written: a strict build stops on the problems of every
    # plugin (whatever order their checks ran in).
    signals.get_writer.connect(on_get_writer)
    # Everything written: security headers for static hosts (_headers, .htaccess, nginx
    # snippet), the sitemap, and the output folder cleared of what no source made.
    signals.finalized.connect(on_finalized)

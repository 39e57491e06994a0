"""kb_content: our content types in Pelican — reader, overview pages, site-wide link steps."""

from __future__ import annotations

import os
import sys

from pelican import signals

from servicekultur.content.dates import format_date
from servicekultur.content.diagnostics import ContentCheckFailed
from servicekultur.content.run import build_run, start_build_run
from servicekultur.content.site import check_references, link_documents, set_neighbours
from servicekultur.contract import template_names, write_static_headers

from .generators import KnowledgeBaseGenerator
from .reader import KnowledgeBaseReader


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
    start_build_run(pelican, "kb_content")
    _forget_aborted_sitemap()
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
    extensions = tuple(f".{ext}" for ext in reader.file_extensions)
    paths = [os.path.abspath(os.path.join(generator.path, f)) for f in files]
    paths = [p for p in paths if p.endswith(extensions)]
    build_run(settings).parallel.start(reader.parse, paths, settings["KB_READ_PROCS"])


def on_all_generators_finalized(generators) -> None:
    settings, context = generators[0].settings, generators[0].context
    run = build_run(settings)
    run.parallel.stop()  # everything is read; frees what no reader asked for
    documents = [*context.get("articles", []), *context.get("drafts", [])]
    documents += [*context.get("pages", []), *context.get("hidden_pages", [])]
    for doc in documents:
        # Pelican formats ``url`` from the URL settings on every access (templates ask tens of
        # thousands of times); ``override_url`` is Pelican's own way to give it once.
        doc.override_url = doc.url
    cited_by = check_references(documents, run.site(context, settings["PATH"]), run.diagnostics)
    link_documents(documents, context.get("kb_glossary", []), settings["SITEURL"], cited_by)
    set_neighbours([*context.get("articles", []), *context.get("drafts", [])])


def on_get_writer(pelican) -> None:
    errors = build_run(pelican.settings).diagnostics.errors
    if errors and pelican.settings["KB_STRICT"]:
        raise ContentCheckFailed(errors)


def on_finalized(pelican) -> None:
    write_static_headers(pelican.output_path)


def register() -> None:
    # Settings checked and this build's run started before anything is read.
    signals.initialized.connect(on_initialized)
    # Our reader replaces Pelican's Markdown reader: schema, checklists, timelines, file:line.
    signals.readers_init.connect(on_readers_init)
    # Markdown of the later files is rendered in forked processes while Pelican reads the rest.
    signals.article_generator_init.connect(on_article_generator_init)
    # Glossary and the per-type overview pages are a generator of their own.
    signals.get_generators.connect(on_get_generators)
    # Cross-references, glossary links and link checks need every document read, nothing written.
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    # The last moment before anything is written: a strict build stops on the problems of every
    # plugin (whatever order their checks ran in).
    signals.get_writer.connect(on_get_writer)
    # Pages written: the security headers for static hosts (_headers, .htaccess, nginx snippet).
    signals.finalized.connect(on_finalized)

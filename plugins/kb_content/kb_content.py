"""kb_content: our content types in Pelican — reader, overview pages, site-wide steps, sitemap."""

from __future__ import annotations

from pelican import signals

from servicekultur.content.outputs import finish_output
from servicekultur.content.run import build_run, start_build_run
from servicekultur.content.site import drop_duplicate_texts, fast_taxonomy_lists
from servicekultur.content.steps import after_reading, prepare_build

from .generators import KnowledgeBaseGenerator
from .reader import KnowledgeBaseReader


def on_initialized(pelican) -> None:
    start_build_run(pelican, "kb_content")
    prepare_build(pelican.settings)


def on_readers_init(readers) -> None:
    for extension in KnowledgeBaseReader.file_extensions:
        readers.reader_classes[extension] = KnowledgeBaseReader


def on_get_generators(pelican):
    return KnowledgeBaseGenerator


def on_article_generator_init(generator) -> None:
    settings, reader = generator.settings, generator.readers.readers.get("md")
    if isinstance(reader, KnowledgeBaseReader) and not settings.get("LOAD_CONTENT_CACHE"):
        parallel = build_run(settings).parallel  # (with the cache, Pelican decides what is read)
        parallel.start_for_pelican(reader.files, generator.get_files, generator.path, settings)


def on_texts_read(generator) -> None:
    drop_duplicate_texts(generator, build_run(generator.settings).diagnostics)


def on_all_generators_finalized(generators) -> None:
    after_reading(generators[0].context, generators[0].settings, build_run(generators[0].settings))
    for generator in generators:
        fast_taxonomy_lists(generator)


def on_get_writer(pelican) -> None:
    build_run(pelican.settings).stop_if_strict(pelican.settings["KB_STRICT"])


def on_finalized(pelican) -> None:
    finish_output(pelican.settings, build_run(pelican.settings))


def register() -> None:
    # Settings checked and this build's run started before anything is read.
    signals.initialized.connect(on_initialized)
    # Our reader replaces Pelican's Markdown reader: schema, checklists, timelines, file:line.
    signals.readers_init.connect(on_readers_init)
    # Markdown of the later files is rendered in forked processes while Pelican reads the rest.
    signals.article_generator_init.connect(on_article_generator_init)
    # Two texts for one address: the later is reported and left out before listings are made.
    signals.article_generator_pretaxonomy.connect(on_texts_read)
    signals.page_generator_finalized.connect(on_texts_read)
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

"""A long-lived Pelican build that re-renders single pages in a fraction of a second.

``load`` runs Pelican's own pipeline up to the point where everything is read and linked (every
plugin's ``all_generators_finalized`` ran) and keeps the generators, context, readers and
templates; ``full_build`` also writes the site. Two users share it:

- the live preview (``authoring.preview``): a saved document is read again with the same readers,
  put in place of its old version in the context, given its cross-references and glossary links,
  and written with the same template — listings, feeds and the search index are left to a full
  background regenerate;
- the build worker (``publishing.worker``): pages whose feedback changed are written again with
  the kept context and the new feedback (``publishing.pages``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from pelican import Pelican, signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.settings import read_settings
from pelican.writers import Writer

from servicekultur.content.glossary import GlossaryLinker
from servicekultur.content.refs import crossref_resolver, replace_crossrefs

logger = logging.getLogger(__name__)

_ARTICLE_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
)
_PAGE_LISTS = (
    "pages",
    "translations",
    "hidden_pages",
    "hidden_translations",
    "draft_pages",
    "draft_translations",
)
_STATUS_LIST = {
    (ArticlesGenerator, "published"): "articles",
    (ArticlesGenerator, "draft"): "drafts",
    (ArticlesGenerator, "hidden"): "hidden_articles",
    (PagesGenerator, "published"): "pages",
    (PagesGenerator, "draft"): "draft_pages",
    (PagesGenerator, "hidden"): "hidden_pages",
}


class NeedsFullBuild(Exception):
    """This change cannot be rendered alone (glossary, theme, settings, deleted file)."""


def load_settings(settings_file: Path, content: Path, output: Path, **overrides) -> dict:
    return read_settings(
        str(settings_file),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), **overrides},
    )


class IncrementalSite:
    """Pelican's generators kept alive between saves."""

    def __init__(self, settings: dict) -> None:
        self.settings = settings
        self.pelican = Pelican(settings)
        self.content = Path(self.pelican.path)
        self.generators: list = []

    def full_build(self) -> None:
        """Pelican.run(), keeping the generators (and so the context and templates)."""
        self.load()
        pelican = self.pelican
        writer = pelican._get_writer()
        for generator in self.generators:
            if hasattr(generator, "generate_output"):
                generator.generate_output(writer)
        signals.finalized.send(pelican)

    def load(self) -> None:
        """Pelican.run() up to the first write: every document read, linked, given its
        plugin attributes; nothing written."""
        pelican = self.pelican
        context = self.settings.copy()
        context.update(
            generated_content={},
            static_links=set(),
            static_content={},
            localsiteurl=self.settings["SITEURL"],
        )
        self.generators = [
            cls(
                context=context,
                settings=self.settings,
                path=pelican.path,
                theme=pelican.theme,
                output_path=pelican.output_path,
            )
            for cls in pelican._get_generator_classes()
        ]
        for generator in self.generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
        signals.all_generators_finalized.send(self.generators)
        for generator in self.generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()

    def generator(self, cls):
        return next(g for g in self.generators if isinstance(g, cls))

    def kind_of(self, rel: str) -> type | None:
        top = rel.split("/", 1)[0]
        if top in self.settings["ARTICLE_PATHS"]:
            return ArticlesGenerator
        if top in self.settings["PAGE_PATHS"]:
            return PagesGenerator
        return None

    def render(self, rel: str) -> str:
        """Re-read and write one document; returns its URL. Raises ``NeedsFullBuild``."""
        rel = rel.replace(os.sep, "/")
        cls = self.kind_of(rel)
        if cls is None or not self.generators:
            raise NeedsFullBuild(rel)
        source = self.content / rel
        if not source.is_file():
            raise NeedsFullBuild(rel)
        generator = self.generator(cls)
        is_article = cls is ArticlesGenerator
        content = generator.readers.read_file(
            base_path=generator.path,
            path=rel,
            content_class=Article if is_article else Page,
            context=generator.context,
            preread_signal=signals.article_generator_preread if is_article else None,
            preread_sender=generator,
            context_signal=signals.article_generator_context if is_article else None,
            context_sender=generator,
        )
        if not content.is_valid() or content.status not in ("published", "draft", "hidden"):
            raise NeedsFullBuild(rel)
        old = self._swap(generator, content, _ARTICLE_LISTS if is_article else _PAGE_LISTS)
        generator.add_source_path(content)
        self._finish(content, old)
        writer = Writer(generator.output_path, settings=self.settings)
        template = generator.get_template(content.template)
        if is_article:
            writer.write_file(
                content.save_as,
                template,
                generator.context,
                article=content,
                category=getattr(content, "category", None),
                override_output=hasattr(content, "override_save_as"),
                url=content.url,
                blog=True,
                all_articles=generator.articles,
                relative_urls=self.settings["RELATIVE_URLS"],
            )
        else:
            writer.write_file(
                content.save_as,
                template,
                generator.context,
                page=content,
                relative_urls=self.settings["RELATIVE_URLS"],
                override_output=hasattr(content, "override_save_as"),
                url=content.url,
            )
        return content.url

    def forget(self, rel: str) -> None:
        """A deleted document leaves the kept context (the background build removes its page)."""
        cls = self.kind_of(rel.replace(os.sep, "/"))
        if cls is None or not self.generators:
            return
        generator = self.generator(cls)
        names = _ARTICLE_LISTS if cls is ArticlesGenerator else _PAGE_LISTS
        for name in names:
            items = getattr(generator, name, [])
            items[:] = [c for c in items if c.relative_source_path != rel]

    def _swap(self, generator, content, names: tuple[str, ...]):
        """Put ``content`` where its old version was, in the generator and the shared context."""
        rel = content.relative_source_path
        old = None
        for name in names:
            items = getattr(generator, name, [])
            for index, item in enumerate(items):
                if item.relative_source_path == rel:
                    old = item
                    del items[index]
                    break
        target = getattr(generator, _STATUS_LIST[(type(generator), content.status)])
        target.insert(0, content)
        if old is not None:
            _replace_everywhere(generator.context, old, content)
        return old

    def _finish(self, doc, old) -> None:
        """What kb_content's site-wide step does for each document, for this one only."""
        articles = self.generator(ArticlesGenerator)
        pages = self.generator(PagesGenerator)
        documents = [*articles.articles, *articles.drafts, *pages.pages, *pages.hidden_pages]
        by_slug = {d.slug: d for d in documents}
        siteurl = self.settings.get("SITEURL", "")

        resolve = crossref_resolver(by_slug, siteurl)
        linker = GlossaryLinker(articles.context.get("kb_glossary", []), f"{siteurl}/glossar/")
        doc._content = linker.link(replace_crossrefs(doc._content, resolve))
        for attr in ("kb_newer", "kb_older", "kb_cited_by"):
            if old is not None and hasattr(old, attr) and hasattr(doc, attr) is False:
                setattr(doc, attr, getattr(old, attr))
        if getattr(doc, "checklist", None) is not None and not hasattr(doc, "kb_cited_by"):
            doc.kb_cited_by = {item.id: [] for item in doc.checklist.items}
        if hasattr(doc, "refresh_metadata_intersite_links"):
            doc.refresh_metadata_intersite_links()


def _replace_everywhere(context: dict, old, new) -> None:
    """Replace ``old`` by ``new`` in the context's lists (one level of nesting, for groups)."""
    for value in context.values():
        if isinstance(value, list):
            _replace_in(value, old, new)


def _replace_in(items: list, old, new) -> None:
    for index, item in enumerate(items):
        if item is old:
            items[index] = new
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], list):
            _replace_in(item[1], old, new)

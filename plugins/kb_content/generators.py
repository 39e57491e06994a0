"""A Pelican generator for the glossary and the overview pages of each content type."""

from __future__ import annotations

from pelican.contents import Page
from pelican.generators import Generator

from servicekultur.content.glossary import glossary_terms
from servicekultur.content.listing import facet_urls, group_texts, listing_writes, template_helpers
from servicekultur.content.run import build_run
from servicekultur.content.types import ContentType


class KnowledgeBaseGenerator(Generator):
    """Reads ``glossar/``; writes the overviews of each type, the facets, the glossary page."""

    def generate_context(self):
        read = self.readers.read_file
        entries = [
            (read(self.path, path, content_class=Page, context=self.context), path)
            for path in self.get_files(ContentType.GLOSSARY.value, extensions=("md", "markdown"))
        ]
        terms = glossary_terms(entries, build_run(self.settings).diagnostics)
        texts = group_texts(self.context.get("articles", []))
        self.context.update(texts, kb_glossary=terms, **template_helpers())
        build_run(self.settings).register_pages(facet_urls(texts))

    def generate_output(self, writer):
        paginated = self.settings.setdefault("PAGINATED_TEMPLATES", {})
        paginated.setdefault("overview", self.settings["KB_OVERVIEW_PAGINATION"])
        for url, template, variables in listing_writes(self.context):
            writer.write_file(
                f"{url}index.html",
                self.get_template(template),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=url,
                page_name=f"{url}index",
                **variables,
            )

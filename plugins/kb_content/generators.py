"""A Pelican generator for the glossary and the overview pages of each content type."""

from __future__ import annotations

from pelican.contents import Page
from pelican.generators import Generator

from servicekultur.content.glossary import GlossaryTerm, glossary_term
from servicekultur.content.listing import FACETS, german_sort_key, group_texts, overview_pages
from servicekultur.content.run import build_run
from servicekultur.content.slugs import slugify
from servicekultur.content.timeline import duration_label
from servicekultur.content.types import ContentType
from servicekultur.content.urls import facet_url


class KnowledgeBaseGenerator(Generator):
    """Reads ``glossar/`` and writes /artikel/, /fallgeschichten/ (+ Branche, Phase, Kanal),
    /checklisten/ and /glossar/."""

    def generate_context(self):
        self.context.update(
            group_texts(self.context.get("articles", [])),
            kb_glossary=self._read_glossary(),
            kb_slugify=slugify,
            kb_duration=duration_label,
            kind_labels={kind.value: kind.label for kind in ContentType},
        )
        build_run(self.settings).register_pages(
            facet_url(label, value) for label, key in FACETS for value, _ in self.context[key]
        )

    def _read_glossary(self) -> list[GlossaryTerm]:
        terms = [
            glossary_term(
                self.readers.read_file(self.path, path, content_class=Page, context=self.context),
                path,
            )
            for path in self.get_files(ContentType.GLOSSARY.value, extensions=("md", "markdown"))
        ]
        return sorted(terms, key=lambda t: german_sort_key(t.title))

    def generate_output(self, writer):
        ctx = self.context
        self.settings.setdefault("PAGINATED_TEMPLATES", {}).setdefault(
            "overview", self.settings["KB_OVERVIEW_PAGINATION"]
        )
        overview = self.get_template("overview")
        for url, items, title, kind in overview_pages(ctx):
            writer.write_file(
                f"{url}index.html",
                overview,
                ctx,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={"articles": items},
                template_name="overview",
                url=url,
                page_name=f"{url}index",
                overview_title=title,
                overview_kind=kind,
            )
        for url, template in (("checklisten/", "checklists"), ("glossar/", "glossary")):
            writer.write_file(
                f"{url}index.html",
                self.get_template(template),
                ctx,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=url,
                page_name=f"{url}index",
            )

"""A Pelican generator for the glossary and the overview pages of each content type."""

from __future__ import annotations

from pelican.contents import Page
from pelican.generators import Generator

from servicekultur.content.glossary import GlossaryTerm
from servicekultur.content.listing import FACETS, german_sort_key, group_texts
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
        terms = []
        for path in self.get_files(ContentType.GLOSSARY.value, extensions=("md", "markdown")):
            entry = self.readers.read_file(
                base_path=self.path, path=path, content_class=Page, context=self.context
            )
            terms.append(
                GlossaryTerm(
                    slug=entry.slug,
                    title=entry.title,
                    summary=entry.metadata.get("summary", ""),
                    aliases=list(entry.metadata.get("aliases", [])),
                    content=entry._content,
                    source_path=entry.metadata.get("kb_source", path),
                )
            )
        return sorted(terms, key=lambda t: german_sort_key(t.title))

    def generate_output(self, writer):
        ctx = self.context
        self.settings.setdefault("PAGINATED_TEMPLATES", {}).setdefault(
            "overview", self.settings["KB_OVERVIEW_PAGINATION"]
        )
        overview = self.get_template("overview")
        for kind, items in (
            (ContentType.ARTICLE, ctx["kb_articles"]),
            (ContentType.CASE_STORY, ctx["kb_case_stories"]),
        ):
            self._write(writer, overview, f"{kind.value}/", items, kind.plural, kind)
        for label, key in FACETS:
            for value, stories in ctx[key]:
                title = f"Fallgeschichten – {label.capitalize()}: {value}"
                url = facet_url(label, value)
                self._write(writer, overview, url, stories, title, ContentType.CASE_STORY)
        for url, template in (("checklisten/", "checklists"), ("glossar/", "glossary")):
            writer.write_file(
                f"{url}index.html",
                self.get_template(template),
                ctx,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=url,
                page_name=f"{url}index",
            )

    def _write(self, writer, template, url, items, title, kind) -> None:
        writer.write_file(
            f"{url}index.html",
            template,
            self.context,
            relative_urls=self.settings["RELATIVE_URLS"],
            paginated={"articles": items},
            template_name="overview",
            url=url,
            page_name=f"{url}index",
            overview_title=title,
            overview_kind=kind,
        )

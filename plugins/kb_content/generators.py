"""A Pelican generator for the glossary and the overview pages of each content type."""

from __future__ import annotations

import logging
from collections import defaultdict

from pelican.contents import Page
from pelican.generators import Generator

from servicekultur.content.glossary import GlossaryTerm
from servicekultur.content.slugs import slugify, transliterate
from servicekultur.content.timeline import duration_label
from servicekultur.content.types import PHASES, ContentType

logger = logging.getLogger(__name__)


def german_sort_key(text: str) -> str:
    return transliterate(text).casefold()


class KnowledgeBaseGenerator(Generator):
    """Reads ``glossar/`` and writes /artikel/, /fallgeschichten/ (+ Branche, Phase), /checklisten/
    and /glossar/."""

    def generate_context(self):
        articles = self.context.get("articles", [])
        by_type: dict[str, list] = defaultdict(list)
        for article in articles:
            by_type[getattr(article, "kb_type", ContentType.ARTICLE.value)].append(article)
        case_stories = by_type[ContentType.CASE_STORY.value]
        branchen: dict[str, list] = defaultdict(list)
        phasen: dict[str, list] = defaultdict(list)
        kanaele: dict[str, list] = defaultdict(list)
        for story in case_stories:
            if getattr(story, "branche", None):
                branchen[story.branche].append(story)
            if getattr(story, "phase", None):
                phasen[story.phase].append(story)
            for channel in getattr(story, "kanal", None) or []:
                kanaele[channel].append(story)
        self.context.update(
            kb_articles=by_type[ContentType.ARTICLE.value],
            kb_case_stories=case_stories,
            kb_checklists=by_type[ContentType.CHECKLIST.value],
            kb_branchen=sorted(branchen.items(), key=lambda kv: german_sort_key(kv[0])),
            kb_phasen=[(phase, phasen[phase]) for phase in PHASES if phase in phasen],
            kb_kanaele=sorted(kanaele.items(), key=lambda kv: german_sort_key(kv[0])),
            kb_glossary=self._read_glossary(),
            kb_slugify=slugify,
            kb_duration=duration_label,
            kind_labels={kind.value: kind.label for kind in ContentType},
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
        per_page = self.settings["KB_OVERVIEW_PAGINATION"]
        self.settings.setdefault("PAGINATED_TEMPLATES", {}).setdefault("overview", per_page)
        overview = self.get_template("overview")
        for kind, items in (
            (ContentType.ARTICLE, ctx["kb_articles"]),
            (ContentType.CASE_STORY, ctx["kb_case_stories"]),
        ):
            self._write_list(writer, overview, f"{kind.value}/", items, kind.plural, kind)
        facets = (
            ("branche", ctx["kb_branchen"]),
            ("phase", ctx["kb_phasen"]),
            ("kanal", ctx["kb_kanaele"]),
        )
        for label, groups in facets:
            for value, stories in groups:
                url = f"{ContentType.CASE_STORY.value}/{label}/{slugify(value)}/"
                title = f"Fallgeschichten – {label.capitalize()}: {value}"
                self._write_list(writer, overview, url, stories, title, ContentType.CASE_STORY)
        writer.write_file(
            "checklisten/index.html",
            self.get_template("checklists"),
            ctx,
            relative_urls=self.settings["RELATIVE_URLS"],
            url="checklisten/",
            page_name="checklisten/index",
        )
        writer.write_file(
            "glossar/index.html",
            self.get_template("glossary"),
            ctx,
            relative_urls=self.settings["RELATIVE_URLS"],
            url="glossar/",
            page_name="glossar/index",
        )

    def _write_list(self, writer, template, url, items, title, kind) -> None:
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

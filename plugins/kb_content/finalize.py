"""Site-wide steps once every document is read: cross-references, glossary links, link check."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator

from servicekultur.content.diagnostics import ContentIssue, Diagnostics
from servicekultur.content.glossary import GlossaryLinker
from servicekultur.content.linkcheck import KNOWN_PAGES, LISTING_URLS, SiteIndex, ids_in
from servicekultur.content.refs import crossref_resolver, replace_crossrefs
from servicekultur.content.slugs import slugify
from servicekultur.content.types import ContentType


def _documents(generators) -> tuple[list, list, dict]:
    articles, pages, context = [], [], {}
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            articles = list(generator.articles) + list(generator.drafts)
            context = generator.context
        elif isinstance(generator, PagesGenerator):
            pages = list(generator.pages) + list(generator.hidden_pages)
    return articles, pages, context


def _site_index(settings, context, documents) -> SiteIndex:
    index = SiteIndex(
        content_root=Path(settings["PATH"]),
        template_anchors=frozenset(settings["KB_TEMPLATE_ANCHORS"]),
    )
    for doc in documents:
        anchors = ids_in(doc._content)
        checklist = getattr(doc, "checklist", None)
        if checklist is not None:
            anchors |= {item.id for item in checklist.items}
        index.add_page(doc.url, anchors, getattr(doc, "kb_source", None))
    terms = context.get("kb_glossary", [])
    index.add_page("glossar/", {term.slug for term in terms})
    for term in terms:
        index.by_source[term.source_path] = "glossar/"
    for url in LISTING_URLS:
        index.add_page(url, set())
    for key in ("categories", "tags", "authors"):
        for item, _ in context.get(key, []):
            index.add_page(item.url, set())
    for label, groups in (
        ("branche", "kb_branchen"),
        ("phase", "kb_phasen"),
        ("kanal", "kb_kanaele"),
    ):
        for value, _ in context.get(groups, []):
            index.add_page(f"fallgeschichten/{label}/{slugify(value)}/", set())
    for url, anchors in context.get(KNOWN_PAGES, {}).items():
        index.add_page(url, anchors)
    return index


def _set_neighbours(articles) -> None:
    by_type = defaultdict(list)
    for article in articles:
        if getattr(article, "status", "published") == "published":
            by_type[getattr(article, "kb_type", "")].append(article)
    for items in by_type.values():
        items.sort(key=lambda a: a.date, reverse=True)
        for i, article in enumerate(items):
            article.kb_newer = items[i - 1] if i > 0 else None
            article.kb_older = items[i + 1] if i + 1 < len(items) else None


def finalize_site(generators, diagnostics: Diagnostics) -> None:
    articles, pages, context = _documents(generators)
    if not context:
        return
    settings = generators[0].settings
    documents = articles + pages
    for doc in documents:
        # Pelican formats ``url`` from the URL settings on every access (templates ask tens of
        # thousands of times); ``override_url`` is Pelican's own way to give it once.
        doc.override_url = doc.url
    by_slug = {doc.slug: doc for doc in documents}
    index = _site_index(settings, context, documents)
    siteurl = settings.get("SITEURL", "")
    cited_by: dict[tuple[str, str], list] = defaultdict(list)

    for doc in documents:
        source = getattr(doc, "kb_source", doc.source_path)
        for ref in getattr(doc, "kb_crossrefs", []):
            slug, _, anchor = ref.target.partition("#")
            target = by_slug.get(slug)
            problem = None
            if target is None:
                problem = f"Verweis [[{ref.target}]]: kein Inhalt mit dem Slug „{slug}“"
            elif anchor:
                checklist = getattr(target, "checklist", None)
                item = checklist.item(anchor) if checklist else None
                if item is None and anchor not in index.anchors.get(target.url, set()):
                    problem = f"Verweis [[{ref.target}]]: „{slug}“ hat keinen Punkt „{anchor}“"
                elif item is not None and getattr(doc, "kb_type", "") == "fallgeschichten":
                    cited_by[(slug, anchor)].append(doc)
            if problem:
                diagnostics.add(ContentIssue(source, ref.line, problem, rule="crossref"))
        for ref in getattr(doc, "kb_links", []):
            problem = index.check(source, doc.url, ref)
            if problem:
                diagnostics.add(ContentIssue(source, ref.line, problem, rule="link"))

    resolve = crossref_resolver(by_slug, siteurl)
    linker = GlossaryLinker(context.get("kb_glossary", []), f"{siteurl}/glossar/")
    for doc in documents:
        doc._content = linker.link(replace_crossrefs(doc._content, resolve))
        if getattr(doc, "kb_type", "") == ContentType.CHECKLIST.value:
            doc.kb_cited_by = {
                item.id: cited_by.get((doc.slug, item.id), []) for item in doc.checklist.items
            }
    _set_neighbours(articles)

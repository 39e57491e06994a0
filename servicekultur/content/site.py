"""Site-wide steps once every document is read: cross-references, link check, glossary links,
„Aus der Praxis“ citations and neighbours. Works on any objects with the attributes our reader
sets (Pelican's content objects at build time, the same objects in the live preview)."""

from __future__ import annotations

from collections import defaultdict

from servicekultur.content.diagnostics import ContentIssue, Diagnostics
from servicekultur.content.glossary import GlossaryLinker, GlossaryTerm
from servicekultur.content.refs import crossref_resolver, replace_crossrefs
from servicekultur.content.types import ContentType
from servicekultur.content.urls import LISTING_URLS, PageFacts, SiteIndex, ids_in


def page_facts(doc) -> PageFacts:
    """URL, anchors and source file of a read document, for the site index."""
    anchors = ids_in(doc._content)
    checklist = getattr(doc, "checklist", None)
    if checklist is not None:
        anchors |= {item.id for item in checklist.items}
    return PageFacts(doc.url, anchors, getattr(doc, "kb_source", None))


def drop_duplicates(groups: list[list], diagnostics: Diagnostics, taken=()) -> None:
    """Documents that would be written where another one (earlier by source path) or a page of
    the build (``taken``: files such as ``artikel/index.html``) is: reported, left out in place."""
    first: dict[str, object] = dict.fromkeys(taken, "")
    dropped: set[int] = set()
    documents = [(doc.save_as, doc) for group in groups for doc in group]  # (formatted each time)
    documents.sort(key=lambda pair: getattr(pair[1], "kb_source", pair[1].source_path))
    for save_as, doc in documents:
        if not save_as:
            continue
        owner = first.setdefault(save_as, doc)
        if owner is doc:
            continue
        dropped.add(id(doc))
        source = getattr(doc, "kb_source", doc.source_path)
        where = getattr(owner, "kb_source", "") or "eine Übersicht der Site"
        line = getattr(doc, "kb_meta_lines", {}).get("slug", 1)
        message = f"Slug „{doc.slug}“ schon vergeben an {where}"
        diagnostics.add(ContentIssue(source, line, message, rule="duplicate-slug"))
    for group in groups:
        group[:] = [doc for doc in group if id(doc) not in dropped]


TEXT_LISTS = ("articles", "drafts", "hidden_articles", "pages", "hidden_pages", "draft_pages")
# what the build itself writes where a page could also land (a page with slug "artikel")
LISTING_FILES = tuple(f"{url}index.html" for url in LISTING_URLS)


def drop_duplicate_texts(generator, diagnostics: Diagnostics) -> None:
    """:func:`drop_duplicates` over the lists of a Pelican articles or pages generator."""
    lists = [getattr(generator, name) for name in TEXT_LISTS if hasattr(generator, name)]
    drop_duplicates(lists, diagnostics, LISTING_FILES)


def check_references(documents: list, index: SiteIndex, diagnostics: Diagnostics) -> dict:
    """Report ``[[…]]`` references and links that lead nowhere; returns the checklist items case
    stories cite, as ``{(checklist slug, item id): [case stories]}``."""
    by_slug = {doc.slug: doc for doc in documents}
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
                rule = "image-missing" if ref.kind == "image" else "link"
                diagnostics.add(ContentIssue(source, ref.line, problem, rule=rule))
    return cited_by


def link_documents(
    documents: list, glossary: list[GlossaryTerm], siteurl: str, cited_by: dict | None = None
) -> None:
    """Replace ``[[…]]`` by links, link the first glossary mention, attach citations."""
    resolve = crossref_resolver({doc.slug: doc for doc in documents}, siteurl)
    linker = GlossaryLinker(glossary, f"{siteurl}/glossar/")
    for doc in documents:
        doc._content = linker.link(replace_crossrefs(doc._content, resolve))
        if cited_by is not None and getattr(doc, "kb_type", "") == ContentType.CHECKLIST.value:
            doc.kb_cited_by = {
                item.id: cited_by.get((doc.slug, item.id), []) for item in doc.checklist.items
            }


def set_neighbours(articles: list) -> None:
    """``kb_newer``/``kb_older``: the next published text of the same type by date."""
    by_type = defaultdict(list)
    for article in articles:
        if getattr(article, "status", "published") == "published":
            by_type[getattr(article, "kb_type", "")].append(article)
    for items in by_type.values():
        items.sort(key=lambda a: a.date, reverse=True)
        for i, article in enumerate(items):
            article.kb_newer = items[i - 1] if i > 0 else None
            article.kb_older = items[i + 1] if i + 1 < len(items) else None


class Members(list):
    """A list of texts whose ``in`` asks a set. Pelican's tag, category and author pages test
    ``article in articles`` for every article of the site, once per page: quadratic with a
    list, 7 % of a build of 10,000 texts. Once changed, it asks the list again."""

    def __init__(self, items=()) -> None:
        super().__init__(items)
        self._ids: set[int] | None = {id(item) for item in self}

    def __contains__(self, item) -> bool:
        if self._ids is None:
            return list.__contains__(self, item)
        return id(item) in self._ids


def _forgetting(name: str):
    change = getattr(list, name)

    def changed(self, *args):
        self._ids = None
        return change(self, *args)

    return changed


_CHANGES = ("append", "extend", "insert", "remove", "pop", "clear", "__setitem__", "__delitem__")
for _name in (*_CHANGES, "__iadd__", "__imul__"):
    setattr(Members, _name, _forgetting(_name))


def fast_taxonomy_lists(generator) -> None:
    """The article lists of a Pelican articles generator's taxonomies as :class:`Members` (once
    every text is read and the lists are final)."""
    tags = getattr(generator, "tags", None)
    if isinstance(tags, dict):
        for tag, articles in tags.items():
            tags[tag] = Members(articles)
        if "tags" in generator.context:
            generator.context["tags"] = list(tags.items())
    for name in ("categories", "authors"):
        pairs = getattr(generator, name, None)
        if isinstance(pairs, list):
            pairs[:] = [(key, Members(articles)) for key, articles in pairs]

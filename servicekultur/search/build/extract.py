"""Content objects of a build → SearchDocuments (pages, glossary terms, checklist items).

The objects are Pelican's articles and pages with our content model attached (timeline,
checklist), read by attribute only: this module imports no Pelican, the plugin hands them in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from servicekultur.content.text import strip_tags
from servicekultur.search.documents import SearchDocument

_HEADING = re.compile(r"<h[2-4][^>]*>(.*?)</h[2-4]>", re.S | re.I)


def _names(values) -> list[str]:
    if not values:
        return []
    if isinstance(values, str) or not isinstance(values, list | tuple):
        return [str(getattr(values, "name", values))]
    return [str(getattr(v, "name", v)) for v in values]


def _page(doc, kind: str) -> SearchDocument:
    html = doc._content or ""
    body = [strip_tags(html)]
    timeline = getattr(doc, "timeline", None)
    for event in getattr(timeline, "events", None) or []:
        body.append(f"{event.channel}: {strip_tags(event.text_html)}")
    checklist = getattr(doc, "checklist", None)
    if checklist is not None:
        for item in checklist.items:
            body.append(strip_tags(item.text_html) + ". " + strip_tags(item.explanation_html))
        body.extend(strip_tags(p) for p in checklist.prompts)
    headings = [strip_tags(h) for h in _HEADING.findall(html)]
    if checklist is not None:
        headings += [group.title for group in checklist.groups]
    date = getattr(doc, "date", None)
    return SearchDocument(
        id=f"/{doc.url}",
        url=f"/{doc.url}",
        type=kind,
        title=strip_tags(doc.title),
        summary=strip_tags(doc.metadata.get("summary", "") or ""),
        headings=headings,
        body=" ".join(b for b in body if b),
        tags=_names(getattr(doc, "tags", None)),
        category=_names(getattr(doc, "category", None))[0] if kind != "seiten" else "",
        author=", ".join(_names(getattr(doc, "authors", None))) if kind != "seiten" else "",
        branche=str(getattr(doc, "branche", "") or ""),
        phase=str(getattr(doc, "phase", "") or ""),
        date=date.date().isoformat() if date else "",
    )


def _items(page: SearchDocument, doc) -> list[SearchDocument]:
    items = []
    for group in doc.checklist.groups:
        for item in group.items:
            items.append(
                SearchDocument(
                    id=f"{page.url}#{item.id}",
                    url=f"{page.url}#{item.id}",
                    type="checkpunkt",
                    group=page.id,
                    title=strip_tags(item.text_html),
                    headings=[group.title, page.title],
                    body=strip_tags(item.explanation_html),
                    tags=page.tags,
                    category=page.category,
                    author=page.author,
                    anchor=item.id,
                    date=page.date,
                )
            )
    return items


def iter_search_documents(generators, context: dict) -> Iterator[tuple[SearchDocument, object]]:
    """Every published page as a SearchDocument with its Pelican object (``None`` for glossary
    terms and checklist items), one after the other: a build never holds all their texts."""
    for generator in generators:
        # Pelican's ArticlesGenerator has ``articles``, its PagesGenerator ``pages``.
        for article in getattr(generator, "articles", None) or []:
            page = _page(article, getattr(article, "kb_type", "artikel"))
            yield page, article
            if getattr(article, "checklist", None) is not None:
                yield from ((item, None) for item in _items(page, article))
        for doc in getattr(generator, "pages", None) or []:
            yield _page(doc, "seiten"), doc
    for term in context.get("kb_glossary", []):
        url = f"/glossar/#{term.slug}"
        glossary = SearchDocument(
            id=url,
            url=url,
            type="glossar",
            title=term.title,
            anchor=term.slug,
            summary=strip_tags(term.summary),
            body=strip_tags(term.content),
            headings=list(term.aliases),
        )
        yield glossary, None


def search_documents(generators, context: dict) -> tuple[list[SearchDocument], dict]:
    """Every published page as a SearchDocument, plus the Pelican objects by document id."""
    documents: list[SearchDocument] = []
    objects: dict = {}
    for document, obj in iter_search_documents(generators, context):
        documents.append(document)
        if obj is not None:
            objects[document.id] = obj
    return documents, objects

"""Texts grouped for the overview pages: by type, and case stories by Branche, Phase and Kanal."""

from __future__ import annotations

from collections import defaultdict

from servicekultur.content.slugs import transliterate
from servicekultur.content.types import PHASES, ContentType

FACETS = (("branche", "kb_branchen"), ("phase", "kb_phasen"), ("kanal", "kb_kanaele"))


def german_sort_key(text: str) -> str:
    return transliterate(text).casefold()


def group_texts(articles: list) -> dict[str, list]:
    """The listing context: ``kb_articles``, ``kb_case_stories``, ``kb_checklists`` and the
    case-story facets ``kb_branchen``/``kb_phasen``/``kb_kanaele`` as ``[(value, stories)]``."""
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
    return {
        "kb_articles": by_type[ContentType.ARTICLE.value],
        "kb_case_stories": case_stories,
        "kb_checklists": by_type[ContentType.CHECKLIST.value],
        "kb_branchen": sorted(branchen.items(), key=lambda kv: german_sort_key(kv[0])),
        "kb_phasen": [(phase, phasen[phase]) for phase in PHASES if phase in phasen],
        "kb_kanaele": sorted(kanaele.items(), key=lambda kv: german_sort_key(kv[0])),
    }


def overview_pages(context: dict) -> list[tuple[str, list, str, ContentType]]:
    """``(url, texts, title, kind)`` of every paginated overview: articles, case stories and one
    page per case-story facet value."""
    from servicekultur.content.urls import facet_url

    pages = [
        (f"{kind.value}/", context[key], kind.plural, kind)
        for kind, key in (
            (ContentType.ARTICLE, "kb_articles"),
            (ContentType.CASE_STORY, "kb_case_stories"),
        )
    ]
    for label, key in FACETS:
        for value, stories in context[key]:
            title = f"Fallgeschichten – {label.capitalize()}: {value}"
            pages.append((facet_url(label, value), stories, title, ContentType.CASE_STORY))
    return pages


def listing_writes(context: dict) -> list[tuple[str, str, dict]]:
    """``(url, template, template variables)`` of every listing page kb_content writes: the
    paginated overviews, the checklists and the glossary."""
    writes = [
        (
            url,
            "overview",
            {
                "paginated": {"articles": items},
                "template_name": "overview",
                "overview_title": title,
                "overview_kind": kind,
            },
        )
        for url, items, title, kind in overview_pages(context)
    ]
    writes += [("checklisten/", "checklists", {}), ("glossar/", "glossary", {})]
    return writes


def template_helpers() -> dict:
    """Functions and labels every template may use (see docs/template-vertrag.md)."""
    from servicekultur.content.slugs import slugify
    from servicekultur.content.timeline import duration_label

    return {
        "kb_slugify": slugify,
        "kb_duration": duration_label,
        "kind_labels": {kind.value: kind.label for kind in ContentType},
    }


def facet_urls(texts: dict) -> list[str]:
    """The pages of every case-story facet value in ``texts`` (from :func:`group_texts`)."""
    from servicekultur.content.urls import facet_url

    return [facet_url(label, value) for label, key in FACETS for value, _ in texts[key]]

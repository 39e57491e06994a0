"""Every URL the build writes, so an alias cannot silently overwrite a real page."""

from __future__ import annotations

from servicekultur.content.slugs import slugify
from servicekultur.content.urls import LISTING_URLS, normalize_url

FIXED = (*LISTING_URLS, "workshop/", "workshop/set/", "c/", "theme/", "feeds/")


def existing_urls(context: dict, articles: list, pages: list) -> set[str]:
    urls = {normalize_url(url) for url in FIXED}
    for doc in [*articles, *pages]:
        urls.add(normalize_url(doc.url))
        for translation in getattr(doc, "translations", []):
            urls.add(normalize_url(translation.url))
        if getattr(doc, "kb_type", "") == "checklisten":
            urls.add(normalize_url(doc.url) + "workshop/")
    for key in ("categories", "tags", "authors"):
        for item, _ in context.get(key, []) or []:
            urls.add(normalize_url(item.url))
    for key, label in (("kb_branchen", "branche"), ("kb_phasen", "phase"), ("kb_kanaele", "kanal")):
        for value, _ in context.get(key, []) or []:
            urls.add(f"fallgeschichten/{label}/{slugify(value)}/")
    return urls

"""Glossary terms and linking the first mention of each term in a text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.listing import german_sort_key

_TOKEN = re.compile(r"(<[^>]+>)")
_SKIP_TAGS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "script", "style"})
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")


@dataclass
class GlossaryTerm:
    slug: str
    title: str
    summary: str = ""
    aliases: list[str] = field(default_factory=list)
    content: str = ""
    source_path: str = ""

    @property
    def forms(self) -> list[str]:
        return [self.title, *self.aliases]


def glossary_terms(entries: list[tuple[object, str]], diagnostics) -> list[GlossaryTerm]:
    """The terms of the glossary files ``(entry, path)`` sorted for German readers; a file that
    made no page is left out, a second term with the same slug is reported and left out."""
    terms: dict[str, GlossaryTerm] = {}
    for entry, path in sorted(entries, key=lambda pair: pair[1]):
        if getattr(entry, "status", "") == "skip":
            continue  # empty, binary …: already reported by the reader
        term = glossary_term(entry, path)
        first = terms.setdefault(term.slug, term)
        if first is not term:
            line = entry.metadata.get("kb_meta_lines", {}).get("slug", 1)
            message = f"Slug „{term.slug}“ schon vergeben an {first.source_path}"
            diagnostics.add(ContentIssue(term.source_path, line, message, rule="duplicate-slug"))
    return sorted(terms.values(), key=lambda t: german_sort_key(t.title))


def glossary_term(entry, path: str) -> GlossaryTerm:
    """The term of a glossary file read like any content (an object with our reader's metadata)."""
    return GlossaryTerm(
        slug=entry.slug,
        title=entry.title,
        summary=entry.metadata.get("summary", ""),
        aliases=list(entry.metadata.get("aliases", [])),
        content=entry._content,
        source_path=entry.metadata.get("kb_source", path),
    )


class GlossaryLinker:
    """Links the first mention of each glossary term in an HTML fragment to its anchor."""

    def __init__(self, terms: list[GlossaryTerm], glossary_url: str) -> None:
        self.glossary_url = glossary_url
        self.by_form: dict[str, GlossaryTerm] = {}
        for term in terms:
            for form in term.forms:
                self.by_form.setdefault(form.casefold(), term)
        forms = sorted(self.by_form, key=len, reverse=True)
        self.pattern = (
            re.compile(
                r"(?<![\w-])("
                + "|".join(re.escape(f) for f in forms)
                + r")(?:e|en|n|s|es|er|ern)?(?![\w-])",
                re.IGNORECASE,
            )
            if forms
            else None
        )

    def link(self, markup: str, skip_slug: str | None = None) -> str:
        """Return ``markup`` with the first mention of every term wrapped in a link."""
        if self.pattern is None or not markup:
            return markup
        linked: set[str] = set()
        if skip_slug:
            linked.add(skip_slug)
        depth = 0
        parts = _TOKEN.split(markup)
        for index, part in enumerate(parts):
            if not part:
                continue
            if part.startswith("<"):
                match = _TAG_NAME.match(part)
                if match and match[2].lower() in _SKIP_TAGS and not part.endswith("/>"):
                    depth += -1 if match[1] else 1
                    depth = max(depth, 0)
                continue
            if depth:
                continue
            parts[index] = self._link_text(part, linked)
        return "".join(parts)

    def _link_text(self, text: str, linked: set[str]) -> str:
        def substitute(match: re.Match[str]) -> str:
            term = self.by_form[match[1].casefold()]
            if term.slug in linked:
                return match[0]
            linked.add(term.slug)
            title = html.escape(term.summary or term.title, quote=True)
            return (
                f'<a class="kb-term" href="{self.glossary_url}#{term.slug}" '
                f'title="{title}">{match[0]}</a>'
            )

        return self.pattern.sub(substitute, text)

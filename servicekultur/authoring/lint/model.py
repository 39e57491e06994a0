"""What the linter knows about the content folder: every document, parsed once, and the site index.

The parsing is the build's own (``servicekultur.content``): front matter, schema, checklists,
timelines and references are read exactly as the reader reads them, only without Pelican.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from servicekultur.config.catalog import REGISTRY
from servicekultur.content.decoding import read_source
from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.document import ParsedDocument, parse_document
from servicekultur.content.schema import validate
from servicekultur.content.slugs import slugify
from servicekultur.content.source import SourceDocument, parse_source, split_list
from servicekultur.content.types import ContentType
from servicekultur.content.urls import PageFacts, SiteIndex, ids_in, site_index

_HEADING = re.compile(r"^(#{1,6})\s+(?P<title>.+?)\s*(?:\{#(?P<id>[^}\s]+)[^}]*\})?\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _no_render(text: str) -> str:
    """The linter needs the structure, not the HTML: skip python-markdown (most of the time)."""
    return text


@dataclass
class LintDocument:
    """One content file as the linter sees it."""

    path: str  # relative to the content folder, with forward slashes
    text: str
    source: SourceDocument
    parsed: ParsedDocument
    schema_issues: list[ContentIssue]
    read_issues: list[ContentIssue] = field(default_factory=list)  # encoding, control characters

    @property
    def kind(self) -> ContentType:
        return self.parsed.kind

    @property
    def slug(self) -> str:
        return self.source.get("slug") or slugify(Path(self.path).stem)

    @property
    def is_draft(self) -> bool:
        return (self.source.get("status") or "").strip().lower() == "draft"

    @property
    def url(self) -> str:
        if self.kind is ContentType.GLOSSARY:
            return "glossar/"
        if self.kind is ContentType.PAGE:
            return f"{self.slug}/"
        if self.is_draft:
            return f"entwuerfe/{self.slug}/"
        return f"{self.kind.value}/{self.slug}/"

    @cached_property
    def prose_lines(self) -> list[tuple[int, str]]:
        """Body lines outside fenced code blocks, with their file line numbers."""
        lines: list[tuple[int, str]] = []
        in_code = False
        for offset, raw in enumerate(self.source.body.split("\n")):
            if _FENCE.match(raw):
                in_code = not in_code
                continue
            if not in_code:
                lines.append((self.source.body_line + offset, raw))
        return lines

    @cached_property
    def heading_ids(self) -> list[tuple[str, int]]:
        """The ids python-markdown gives the headings (explicit ``{#id}`` or slugified title)."""
        found: list[tuple[str, int]] = []
        for line, raw in self.prose_lines:
            match = _HEADING.match(raw)
            if match:
                found.append((match["id"] or slugify(match["title"]), line))
        return found

    @cached_property
    def explicit_id_lines(self) -> set[int]:
        """Lines of headings whose id the author wrote (``## Titel {#id}``)."""
        return {
            line for line, raw in self.prose_lines if (match := _HEADING.match(raw)) and match["id"]
        }

    def anchors(self) -> set[str]:
        ids = {anchor for anchor, _ in self.heading_ids} | ids_in(self.source.body)
        if self.parsed.checklist is not None:
            ids |= {item.id for item in self.parsed.checklist.items}
        return ids


@dataclass
class Workspace:
    """All documents of a content folder and the site index built from them."""

    root: Path
    documents: list[LintDocument] = field(default_factory=list)
    today: dt.datetime = field(default_factory=dt.datetime.now)
    unreadable: list[ContentIssue] = field(default_factory=list)  # files that make no page

    @classmethod
    def load(cls, root: Path, today: dt.datetime | None = None) -> Workspace:
        root = Path(root)
        workspace = cls(root=root, today=today or dt.datetime.now())
        max_bytes = REGISTRY.value("KB_MAX_FILE_MB", {}, os.environ) * 2**20
        for file in sorted(root.rglob("*.md")):
            rel = file.relative_to(root).as_posix()
            read = read_source(file, rel, max_bytes)
            if read.text is None:
                workspace.unreadable.extend(read.issues)
                continue
            text = read.text
            source = parse_source(text, rel)
            parsed = parse_document(text, rel, _no_render)
            schema = validate(source, parsed.kind)
            workspace.documents.append(LintDocument(rel, text, source, parsed, schema, read.issues))
        return workspace

    @cached_property
    def by_slug(self) -> dict[str, LintDocument]:
        """Articles, case stories, checklists and pages by slug (what ``[[slug]]`` can name)."""
        return {doc.slug: doc for doc in self.documents if doc.kind is not ContentType.GLOSSARY}

    @cached_property
    def glossary_slugs(self) -> set[str]:
        return {doc.slug for doc in self.documents if doc.kind is ContentType.GLOSSARY}

    @cached_property
    def site(self) -> SiteIndex:
        """The same index the build's link check uses, filled from the sources."""
        pages, taxonomies, glossary = [], [], []
        for doc in self.documents:
            if doc.kind is ContentType.GLOSSARY:
                glossary.append((doc.slug, doc.path))
                continue
            pages.append(PageFacts(doc.url, doc.anchors(), doc.path))
            for key, prefix in (("category", "kategorie"), ("author", "autor")):
                if doc.source.get(key):
                    taxonomies.append(f"{prefix}/{slugify(doc.source.get(key) or '')}/")
            taxonomies += [f"schlagwort/{slugify(t)}/" for t in split_list(doc.source.get("tags"))]
        return site_index(self.root, pages, glossary, taxonomies)

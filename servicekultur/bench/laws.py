"""Real German text as site content: the federal laws of ``../shared/corpora/gesetze``.

Each law is a Markdown file with YAML front matter (``Title``, ``jurabk``, ``slug``, …). An
importer's conversion: the front matter becomes our page metadata (title, slug, a summary naming
the official abbreviation), the law's own first heading (the title again) is dropped and image
references to files that are not part of the corpus become their alternative text. Laws become
pages (``content/pages/gesetze/``, URL ``/<slug>/``), so our own content types stay our own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from servicekultur.bench.corpora import require

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_SLUG = re.compile(r"[^a-z0-9_-]+")


@dataclass
class Law:
    slug: str
    title: str
    abbreviation: str
    body: str

    @property
    def url(self) -> str:
        return f"/{self.slug}/"


def laws_dir(root: Path) -> Path:
    """The laws corpus (``corpora.py`` says where it is looked for)."""
    return require("gesetze", root)


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """The ``key: value`` lines between the leading ``---`` lines, and the rest of the text."""
    if not text.startswith("---"):
        return {}, text
    end = text.find("\n---", 3)
    if end < 0:
        return {}, text
    meta = {}
    for line in text[3:end].splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip():
            meta[key.strip()] = value.strip().strip("'\"")
    return meta, text[end + 4 :].lstrip("-\n")


def read_law(path: Path) -> Law:
    meta, body = front_matter(path.read_text(encoding="utf-8"))
    title = " ".join(meta.get("Title", "").split()) or path.stem
    slug = _SLUG.sub("-", (meta.get("slug") or path.stem).lower()).strip("-")
    lines = body.lstrip("\n").splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]  # the law's own title heading: the page template shows the title
    body = _IMAGE.sub(lambda m: m.group(1), "\n".join(lines))
    return Law(slug, title, " ".join(meta.get("jurabk", "").split()), body.strip() + "\n")


def read_laws(source: Path, limit: int | None = None) -> list[Law]:
    paths = sorted(source.glob("*.md"))
    return [read_law(path) for path in paths[:limit]]


def write_laws(laws: list[Law], content: Path) -> None:
    """Each law as a page of our site in ``content/pages/gesetze/``."""
    target = content / "pages" / "gesetze"
    target.mkdir(parents=True, exist_ok=True)
    for law in laws:
        summary = f"{law.title} ({law.abbreviation})" if law.abbreviation else law.title
        header = f"Title: {law.title}\nSlug: {law.slug}\nSummary: {summary}\n\n"
        (target / f"{law.slug}.md").write_text(header + law.body, encoding="utf-8")

"""The real-content corpus: German federal laws (``../shared/corpora/gesetze``) as our articles.

Each law starts with YAML front matter (``Title``, ``jurabk``, ``slug``, ``layout``,
``origslug``); this converts it to our metadata at run time (what an importer does) and leaves the
Markdown body as it is. The texts are read from the shared corpus and never copied into the repo.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from servicekultur.content.slugs import slugify

ROOT = Path(__file__).resolve().parents[2]
LAWS = ROOT.parent / "shared" / "corpora" / "gesetze"
SHARED_LAWS = Path("/work/shared/corpora/gesetze")  # where the workplace keeps it
FOLDER = "artikel/gesetze"  # articles: the type with the least required metadata
_FRONT = re.compile(r"\A---\s*\n(?P<yaml>.*?)\n---\s*\n", re.S)
_ISSUED = re.compile(r"^Ausfertigungsdatum\s*\n:\s+(\d{4}-\d{2}-\d{2})", re.M)
_HEADING = re.compile(r"^#\s+(.+)$", re.M)
FALLBACK_DATE = "2000-01-01"


def laws_folder() -> Path | None:
    """The laws corpus beside the repository (CI) or in the workplace, if it is there."""
    for folder in (LAWS, SHARED_LAWS):
        if folder.is_dir() and any(folder.glob("*.md")):
            return folder
    return None


@dataclass(frozen=True)
class Law:
    slug: str
    text: str  # our source format: ``Key: value`` front matter, blank line, the law's Markdown


def _one_line(value: object) -> str:
    return " ".join(str(value or "").split())


def convert(text: str, fallback_slug: str) -> Law:
    """One law file → our article: title, date of issue, category, author, summary, slug."""
    match = _FRONT.match(text)
    meta: dict = {}
    body = text
    if match:
        loaded = yaml.safe_load(match["yaml"])
        meta = loaded if isinstance(loaded, dict) else {}
        body = text[match.end() :]
    heading = _HEADING.search(body)
    title = _one_line(meta.get("Title")) or (_one_line(heading[1]) if heading else fallback_slug)
    short = _one_line(meta.get("jurabk"))
    slug = slugify(str(meta.get("slug") or fallback_slug)) or slugify(fallback_slug)
    issued = _ISSUED.search(body)
    summary = f"{short}: {title}" if short and short != title else title
    header = [
        f"Title: {title}",
        f"Date: {issued[1] if issued else FALLBACK_DATE}",
        "Category: Gesetze",
        "Author: Bundesgesetzgeber",
        f"Summary: {summary}",
        f"Slug: {slug}",
    ]
    return Law(slug, "\n".join(header) + "\n\n" + body.lstrip("\n"))


def write_laws(source: Path, content: Path, limit: int | None = None) -> list[Path]:
    """Convert the first ``limit`` laws (by file name) into ``content/artikel/gesetze``."""
    target = content / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(source.glob("*.md"))[:limit]:
        law = convert(path.read_text(encoding="utf-8"), path.stem)
        out = target / f"{path.stem}.md"
        out.write_text(law.text, encoding="utf-8")
        written.append(out)
    return written


def laws_site(content: Path, own_content: Path, limit: int | None = None) -> int:
    """A content folder with our own content plus the converted laws; returns the law count."""
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(own_content, content)
    folder = laws_folder()
    if folder is None:
        raise FileNotFoundError(f"Gesetze-Korpus nicht gefunden (erwartet in {LAWS})")
    return len(write_laws(folder, content, limit))

"""Building real content: the federal laws (``../shared/corpora/gesetze``) as our articles.

Each law starts with YAML front matter (``Title``, ``jurabk``, ``slug``, ``layout``,
``origslug``); this converts it to our metadata at run time (what an importer does) and leaves the
Markdown body as it is — image references included, unlike ``bench/laws.py`` (search relevance),
which tidies the laws into pages: this one checks that the build copes with them as they are.
The texts are read from the shared corpus and never copied into the repo.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from servicekultur.bench.corpora import corpus, require
from servicekultur.content.slugs import slugify

ROOT = Path(__file__).resolve().parents[2]
FOLDER = "artikel/gesetze"  # articles: the type with the least required metadata
_FRONT = re.compile(r"\A---\s*\n(?P<yaml>.*?)\n---\s*\n", re.S)
_ISSUED = re.compile(r"^Ausfertigungsdatum\s*\n:\s+(\d{4}-\d{2}-\d{2})", re.M)
_HEADING = re.compile(r"^#\s+(.+)$", re.M)
FALLBACK_DATE = "2000-01-01"


def laws_folder() -> Path | None:
    """The laws corpus, if it is there (``corpora.py`` says where it is looked for)."""
    return corpus("gesetze")


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


def law_files(source: Path, limit: int | None = None, every: int = 1) -> list[Path]:
    """The laws by file name: every ``every``-th one, at most ``limit``."""
    return sorted(source.glob("*.md"))[::every][:limit]


def write_laws(content: Path, files: list[Path]) -> list[Path]:
    """Convert ``files`` (laws) into ``content/artikel/gesetze``."""
    target = content / FOLDER
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in files:
        law = convert(path.read_text(encoding="utf-8"), path.stem)
        out = target / f"{path.stem}.md"
        out.write_text(law.text, encoding="utf-8")
        written.append(out)
    return written


def laws_site(content: Path, own_content: Path, limit: int | None = None, every: int = 1) -> int:
    """A content folder with our own content plus the converted laws; returns the law count."""
    shutil.rmtree(content, ignore_errors=True)
    shutil.copytree(own_content, content)
    folder = require("gesetze")
    return len(write_laws(content, law_files(folder, limit, every)))


def run_laws_check(root: Path, limit: int | None = None, repeat: int = 2) -> int:
    """`invoke bench.laws`: build the laws plus our content both ways; print what was found,
    written and reported (errors by rule), and the build cost beside plain Pelican."""
    import tempfile
    from collections import Counter

    from rich.console import Console

    from servicekultur.bench.build import compare_builds

    console = Console()
    work = Path(tempfile.mkdtemp(prefix="kb-bench-laws-"))
    try:
        content = work / "content"
        laws = laws_site(content, root / "content", limit)
        sources = sum(1 for _ in content.rglob("*.md"))
        console.print(f"Quellen: {sources} Markdown-Dateien ({laws} Gesetze, Rest eigene Inhalte)")
        runs = compare_builds(root, content, work, f"bench.laws – {laws} Gesetze", repeat)
        ours = runs[-1][1]
        errors = [i for i in ours.issues if i["severity"] == "error"]
        console.print(f"Seiten geschrieben: {ours.pages}; Fehler: {len(errors)}")
        for rule, count in Counter(i["rule"] for i in errors).most_common():
            example = next(i for i in errors if i["rule"] == rule)
            console.print(
                f"  {rule:18} {count:5}  z. B. {example['path']}:{example['line']}: "
                f"{example['message']}"
            )
        return len(errors)
    finally:
        shutil.rmtree(work, ignore_errors=True)

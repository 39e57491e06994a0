"""`invoke new`: start a text in the right shape — file name, front matter and skeleton body."""

from __future__ import annotations

import datetime as dt
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from servicekultur.config.catalog import REGISTRY
from servicekultur.content.slugs import slugify
from servicekultur.content.types import ContentType

logger = logging.getLogger(__name__)

DEFAULT_AUTHOR = REGISTRY["KB_AUTHOR"].default
DEFAULT_CATEGORY = "Allgemein"


class ScaffoldError(ValueError):
    """The text cannot be created (unknown type, empty title, file exists)."""


@dataclass(frozen=True)
class Kind:
    content_type: ContentType
    skeleton: str


_ARTICLE_BODY = """\
Ein, zwei Sätze zum Einstieg: Worum geht es, und warum ist es für Kunden und Dienstleister wichtig?

## Die Ausgangslage

Beschreiben Sie die Situation.

## Was fair wäre

Was sollten beide Seiten tun?
"""

_CASE_STORY_BODY = """\
Kurze Einleitung: Wer wollte was, und was ist passiert?

## Verlauf

- {today} (E-Mail): Erstes Ereignis.
- {today} (Telefon): Nächstes Ereignis.

## Einordnung

Was lief gut, was nicht – und warum?

## Lehren

- Eine Lehre aus dem Fall.
"""

_CHECKLIST_BODY = """\
Wofür ist diese Checkliste gedacht, und wer setzt sie ein?

## Vorbereitung

- [ ] Erster Checkpunkt {{#erster-checkpunkt}}
    Eine kurze Erklärung, mit vier Leerzeichen eingerückt.
- [ ] Zweiter Checkpunkt {{#zweiter-checkpunkt}}

## Zum Weiterdenken

- Eine Frage für die Diskussion in der Gruppe?
"""

_GLOSSARY_BODY = """\
Eine Erklärung des Begriffs in wenigen Sätzen, mit einem Beispiel aus der Praxis.
"""

KINDS: dict[str, Kind] = {
    "artikel": Kind(ContentType.ARTICLE, _ARTICLE_BODY),
    "fallgeschichte": Kind(ContentType.CASE_STORY, _CASE_STORY_BODY),
    "checkliste": Kind(ContentType.CHECKLIST, _CHECKLIST_BODY),
    "glossar": Kind(ContentType.GLOSSARY, _GLOSSARY_BODY),
}


def default_author() -> str:
    """The author for new texts: ``KB_AUTHOR`` or the editorial team."""
    return str(REGISTRY.value("KB_AUTHOR", environ=os.environ)).strip() or DEFAULT_AUTHOR


def front_matter(kind: Kind, title: str, today: dt.date, author: str) -> str:
    title = " ".join(title.split())
    if kind.content_type is ContentType.GLOSSARY:
        return f"Title: {title}\nSummary: Kurze Definition von {title} in einem Satz.\n"
    lines = [
        f"Title: {title}",
        f"Date: {today.isoformat()}",
        f"Category: {DEFAULT_CATEGORY}",
        "Tags: ",
        f"Author: {author}",
        f"Summary: Worum es in „{title}“ geht, in ein bis zwei Sätzen.",
        "Status: draft",
    ]
    if kind.content_type is ContentType.CASE_STORY:
        lines += ["Branche: Handwerk", "Phase: Betreuung", "Kanal: E-Mail, Telefon"]
    if kind.content_type is ContentType.CHECKLIST:
        lines.append("Version: 1.0")
    return "\n".join(lines) + "\n"


def scaffold(
    kind_name: str,
    title: str,
    content_dir: Path,
    today: dt.date | None = None,
    author: str | None = None,
) -> Path:
    """Write a new text of ``kind_name``; refuses to overwrite an existing file."""
    kind = KINDS.get(kind_name.strip().lower())
    if kind is None:
        raise ScaffoldError(f"unbekannter Typ „{kind_name}“ (erlaubt: {', '.join(KINDS)})")
    slug = slugify(title)
    if not slug:
        raise ScaffoldError("Titel fehlt oder enthält keine Buchstaben/Ziffern")
    today = today or dt.date.today()
    target = Path(content_dir) / kind.content_type.value / f"{slug}.md"
    text = (
        front_matter(kind, title, today, author or default_author())
        + "\n"
        + kind.skeleton.format(today=today.isoformat())
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
    except FileExistsError as error:
        raise ScaffoldError(f"{target} existiert schon – nichts überschrieben") from error
    logger.info("scaffold: wrote %s", target)
    return target

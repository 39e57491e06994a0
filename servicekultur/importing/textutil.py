"""Plain text helpers for imports: paragraphs from hard-wrapped text, bylines, tag suggestions."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

from servicekultur.content.source import parse_source, split_list

_WORD = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]{5,}(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*\b")
STOPWORDS = {
    "Dieser",
    "Diese",
    "Dieses",
    "Wenn",
    "Damit",
    "Deshalb",
    "Außerdem",
    "Manche",
    "Welche",
    "Jeder",
    "Jede",
    "Heute",
    "Gestern",
    "Morgen",
    "Trotzdem",
    "Beispiel",
    "Wichtig",
    "Natürlich",
    "Vielleicht",
    "Allerdings",
    "Nachdem",
    "Während",
}


MONTHS = (
    "januar",
    "februar",
    "märz",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "dezember",
)
_BYLINE = re.compile(
    r"(?:veröffentlicht|geschrieben|erschienen)\s+am\s+(?P<day>\d{1,2})\.\s*(?P<month>[a-zä]+)\s+"
    r"(?P<year>\d{4})(?:\s+von\s+(?P<author>[^|·,\n]+))?",
    re.IGNORECASE,
)


def byline(text: str) -> tuple[dt.date | None, str]:
    """Date and author from a line like „Veröffentlicht am 18. September 2024 von Petra Weber“."""
    match = _BYLINE.search(text)
    if not match or match["month"].lower() not in MONTHS:
        return None, ""
    try:
        date = dt.date(
            int(match["year"]), MONTHS.index(match["month"].lower()) + 1, int(match["day"])
        )
    except ValueError:
        date = None
    return date, (match["author"] or "").strip()


def rebuild_paragraphs(text: str) -> str:
    """Join hard-wrapped lines into paragraphs; short unpunctuated lines become headings."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(re.match(r"^[-*•]\s+", line) for line in lines):
            paragraphs.append("\n".join(re.sub(r"^[-*•]\s+", "- ", line) for line in lines))
            continue
        joined = lines[0]
        for line in lines[1:]:
            if joined.endswith("-") and line[:1].islower():
                joined = joined[:-1] + line  # „Kunden-\nservice“ → „Kundenservice“
            elif joined.endswith("-"):
                joined += line  # „Service-\nLevel“ → „Service-Level“
            else:
                joined += " " + line
        joined = " ".join(joined.split())
        if len(lines) == 1 and len(joined) < 80 and not re.search(r"[.!?:;,…“\"]$", joined):
            paragraphs.append(f"## {joined}")
        else:
            paragraphs.append(joined)
    return "\n\n".join(paragraphs) + "\n"


def known_tags(content: Path) -> list[str]:
    """Every tag already used in the content folder (so suggestions reuse the vocabulary)."""
    tags: Counter[str] = Counter()
    for path in content.rglob("*.md"):
        try:
            source = parse_source(path.read_text(encoding="utf-8"), str(path))
        except (OSError, UnicodeDecodeError):
            continue
        tags.update(split_list(source.get("tags")))
    return [tag for tag, _ in tags.most_common()]


def suggest_tags(title: str, body: str, vocabulary: list[str], limit: int = 5) -> list[str]:
    """Known tags that occur in the text first, then its most frequent longer nouns."""
    text = f"{title}\n{body}"
    folded = text.casefold()
    chosen = [tag for tag in vocabulary if re.search(rf"\b{re.escape(tag.casefold())}", folded)]
    counts = Counter(w for w in _WORD.findall(text) if w not in STOPWORDS)
    for word, count in counts.most_common():
        if len(chosen) >= limit or count < 2:
            break
        if word.casefold() not in {t.casefold() for t in chosen}:
            chosen.append(word)
    return chosen[:limit]

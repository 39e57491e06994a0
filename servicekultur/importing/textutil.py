"""Plain text helpers for imports: paragraphs from hard-wrapped text, tag suggestions."""

from __future__ import annotations

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


_HEADING_END = re.compile(r"[.,;:…“\"»)]$")


def _is_heading(line: str, following: str | None) -> bool:
    """A line standing alone that reads as a subheading of the paragraph after it."""
    if len(line) > 120 or _HEADING_END.search(line) or re.match(r"^[-*•]\s", line):
        return False
    if line.endswith(("?", "!")):  # „Warum antwortet niemand?“ – a question, if it is short
        return len(line) <= 80 and len(line.split()) <= 10 and following is not None
    return following is not None or len(line) < 80


def rebuild_paragraphs(text: str) -> str:
    """Join hard-wrapped lines into paragraphs; short lines standing alone become headings."""
    blocks: list[list[str]] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if lines:
            blocks.append(lines)
    paragraphs: list[str] = []
    for index, lines in enumerate(blocks):
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
        following = " ".join(blocks[index + 1]) if index + 1 < len(blocks) else None
        if len(lines) == 1 and _is_heading(joined, following):
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

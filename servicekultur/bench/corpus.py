"""A synthetic German corpus of every content type, built from the sentences of our own content.

Documents reuse real sentences in new combinations, so word lengths, compounds and umlauts are
realistic for analysis and search, and every file is valid for our schema (strict build).
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from servicekultur.content.slugs import slugify
from servicekultur.content.source import parse_source
from servicekultur.content.types import PHASES

CATEGORIES = (
    "Fairness und Feedback",
    "Pre-Customer Experience",
    "Bestandskunden",
    "Service Excellence",
    "Stadtwerke",
)
AUTHORS = ("Katrin Albers", "Jonas Reimann", "Lea Brandt")
BRANCHEN = (
    "Telekommunikation",
    "Handwerk",
    "Energieversorgung",
    "Gebäudetechnik",
    "IT-Dienstleistung",
)
KANAELE = ("Telefon", "E-Mail", "Kontaktformular", "Vor Ort", "Brief", "Chat")
TAGS = (
    "Angebot",
    "Rückmeldung",
    "Erreichbarkeit",
    "Hotline",
    "Baustelle",
    "Glasfaser",
    "Kundenpflege",
    "Zahlungsziel",
    "Beschwerde",
    "Service-Level",
    "Stadtwerk",
    "Abschlag",
    "Kundenbindung",
    "Servicequalität",
    "Self-Service",
    "E-Mail",
    "Wartungsvertrag",
    "Fairness",
)
# Share of each type in a corpus of N documents (glossary terms are capped, see below).
MIX = (("artikel", 0.62), ("fallgeschichten", 0.2), ("checklisten", 0.15), ("glossar", 0.03))
_SENTENCE = re.compile(r"(?<=[.!?“])\s+(?=[A-ZÄÖÜ„])")


@dataclass
class CorpusStats:
    documents: int
    words: int
    by_type: dict[str, int]


def sentence_pool(content_dir: Path) -> list[str]:
    """Plain sentences of our own content, without headings, lists and markup."""
    sentences: list[str] = []
    for path in sorted(content_dir.rglob("*.md")):
        body = parse_source(path.read_text(encoding="utf-8"), str(path)).body
        for paragraph in body.split("\n\n"):
            text = " ".join(paragraph.split())
            if not text or text[0] in "#-*|>[0123456789":
                continue
            text = re.sub(r"\[\[[^\]]+\]\]|\{#[^}]+\}", "", text)
            sentences.extend(s.strip() for s in _SENTENCE.split(text) if len(s.split()) >= 5)
    if not sentences:
        raise ValueError(f"no sentences found in {content_dir}")
    return sentences


class CorpusWriter:
    def __init__(self, pool: list[str], seed: int) -> None:
        self.pool = pool
        self.rng = random.Random(seed)
        self.words = 0

    def text(self, words: int) -> str:
        paragraphs, current, count = [], [], 0
        while count < words:
            sentence = self.rng.choice(self.pool)
            current.append(sentence)
            count += len(sentence.split())
            if len(current) >= self.rng.randint(3, 6):
                paragraphs.append(" ".join(current))
                current = []
        if current:
            paragraphs.append(" ".join(current))
        self.words += count
        return "\n\n".join(paragraphs)

    def title(self) -> str:
        words = [w.strip(",.;:!?„“()") for w in self.rng.choice(self.pool).split()]
        return " ".join(w for w in words[: self.rng.randint(3, 7)] if w) or "Ohne Titel"

    def header(self, title: str, index: int) -> str:
        rng = self.rng
        date = f"20{rng.randint(20, 26)}-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
        tags = ", ".join(rng.sample(TAGS, rng.randint(2, 5)))
        summary = self.rng.choice(self.pool)[:280].replace("\n", " ")
        return (
            f"Title: {title}\nDate: {date}\nCategory: {rng.choice(CATEGORIES)}\nTags: {tags}\n"
            f"Author: {rng.choice(AUTHORS)}\nSummary: {summary}\n"
        )

    def article(self, index: int) -> str:
        sections = "\n\n".join(
            f"## {self.title()}\n\n{self.text(self.rng.randint(120, 280))}"
            for _ in range(self.rng.randint(2, 4))
        )
        return f"{self.header(self.title(), index)}\n{self.text(80)}\n\n{sections}\n"

    def case_story(self, index: int, checklists: list[tuple[str, list[str]]]) -> str:
        rng = self.rng
        day = rng.randint(0, 1500)
        events = []
        for _ in range(rng.randint(5, 9)):
            day += rng.choice((1, 2, 3, 7, 12, 30, 49))
            year, rest = 2020 + day // 365, day % 365
            date = f"{year}-{1 + rest // 31 % 12:02d}-{1 + rest % 28:02d}"
            events.append((date, rng.choice(KANAELE), self.rng.choice(self.pool)))
        events.sort()
        timeline = "\n".join(f"- {d} ({k}): {t}" for d, k, t in events)
        lessons = []
        for _ in range(3):
            if checklists:
                slug, items = rng.choice(checklists)
                lessons.append(f"- {rng.choice(self.pool)} [[{slug}#{rng.choice(items)}]]")
        head = self.header(self.title(), index) + (
            f"Branche: {rng.choice(BRANCHEN)}\nPhase: {rng.choice(PHASES)}\n"
            f"Kanal: {', '.join(rng.sample(KANAELE, 2))}\n"
        )
        return (
            f"{head}\n{self.text(150)}\n\n## Verlauf\n\n{timeline}\n\n## Einordnung\n\n"
            f"{self.text(rng.randint(250, 450))}\n\n## Lehren\n\n" + "\n".join(lessons) + "\n"
        )

    def checklist(self, index: int) -> tuple[str, list[str]]:
        ids, groups = [], []
        for _ in range(self.rng.randint(2, 4)):
            lines = []
            for _ in range(self.rng.randint(3, 5)):
                text = self.title()
                item_id = f"{slugify(text)[:40].strip('-') or 'punkt'}-{len(ids) + 1}"
                ids.append(item_id)
                lines.append(f"- [ ] {text} {{#{item_id}}}\n    {self.rng.choice(self.pool)}")
            groups.append(f"## {self.title()}\n\n" + "\n".join(lines))
        body = "\n\n".join(groups)
        prompts = "\n".join(f"- {self.rng.choice(self.pool)}" for _ in range(3))
        text = (
            f"{self.header(self.title(), index)}Version: 1.{index % 10}\n\n{self.text(120)}\n\n"
            f"{body}\n\n## Zum Weiterdenken\n\n{prompts}\n"
        )
        return text, ids

    def glossary(self, index: int) -> str:
        summary = self.rng.choice(self.pool)[:200]
        body = self.text(self.rng.randint(60, 160))
        return f"Title: Begriff {index}\nSummary: {summary}\n\n{body}\n"


def generate_corpus(target: Path, docs: int, source: Path, seed: int = 7) -> CorpusStats:
    """Write ``docs`` documents of every type into ``target`` (replaced if it exists)."""
    if docs < 1:
        raise ValueError("docs must be at least 1")
    shutil.rmtree(target, ignore_errors=True)
    writer = CorpusWriter(sentence_pool(source), seed)
    counts = {kind: max(1, round(docs * share)) for kind, share in MIX}
    counts["glossar"] = min(counts["glossar"], 60)
    counts["artikel"] = max(1, docs - sum(v for k, v in counts.items() if k != "artikel"))
    for folder in (*counts, "pages"):
        (target / folder).mkdir(parents=True, exist_ok=True)
    checklists: list[tuple[str, list[str]]] = []
    for i in range(counts["checklisten"]):
        text, ids = writer.checklist(i)
        slug = f"checkliste-{i:05d}"
        (target / "checklisten" / f"{slug}.md").write_text(text, encoding="utf-8")
        checklists.append((slug, ids))
    for i in range(counts["fallgeschichten"]):
        text = writer.case_story(i, checklists)
        (target / "fallgeschichten" / f"fall-{i:05d}.md").write_text(text, encoding="utf-8")
    for i in range(counts["artikel"]):
        (target / "artikel" / f"artikel-{i:05d}.md").write_text(writer.article(i), "utf-8")
    for i in range(counts["glossar"]):
        (target / "glossar" / f"begriff-{i:03d}.md").write_text(writer.glossary(i), "utf-8")
    for page in ("ueber-uns", "impressum", "datenschutz"):
        page_text = f"Title: {page.replace('-', ' ').title()}\nSlug: {page}\n\n{writer.text(200)}\n"
        (target / "pages" / f"{page}.md").write_text(page_text, encoding="utf-8")
    return CorpusStats(sum(counts.values()), writer.words, counts)

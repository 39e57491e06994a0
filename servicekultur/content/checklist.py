"""Checklists: groups of items with stable ids, parsed from the Markdown body with line numbers.

Syntax (see README, „Inhalte schreiben“)::

    ## Vor der Anfrage

    - [ ] Bedarf schriftlich beschreiben {#bedarf-beschreiben weight=2}
        Optional explanation, indented by four spaces.

    ## Zum Weiterdenken

    - A discussion question for the workshop group?
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from servicekultur.content.diagnostics import ContentIssue
from servicekultur.content.slugs import slugify
from servicekultur.content.text import DeferredRenderer

PROMPTS_HEADING = "Zum Weiterdenken"
ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*#*\s*$")
_ITEM = re.compile(r"^[-*]\s+\[[ xX]?\]\s*(?P<rest>.*)$")
_ATTRS = re.compile(r"\{(?P<attrs>[^{}]*)\}\s*$")
_BULLET = re.compile(r"^[-*]\s+(?P<text>.+)$")

Renderer = Callable[[str], str]


@dataclass(slots=True)  # no __dict__ each: 18,000 items at 10,000 pages
class ChecklistItem:
    id: str
    text: str
    text_html: str
    explanation_html: str = ""
    weight: float = 1.0
    line: int = 0
    attrs: dict[str, str] = field(default_factory=dict)  # e.g. alias=alte-id (kb_workshop)


@dataclass(slots=True)
class ChecklistGroup:
    title: str
    slug: str
    items: list[ChecklistItem] = field(default_factory=list)


@dataclass(slots=True)
class Checklist:
    groups: list[ChecklistGroup] = field(default_factory=list)
    prompts: list[str] = field(default_factory=list)
    outro_markdown: str = ""

    @property
    def items(self) -> list[ChecklistItem]:
        return [item for group in self.groups for item in group.items]

    def item(self, item_id: str) -> ChecklistItem | None:
        return next((item for item in self.items if item.id == item_id), None)


@dataclass
class _Section:
    title: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)


def _split_sections(body: str, first_line: int) -> tuple[str, list[_Section]]:
    intro: list[str] = []
    sections: list[_Section] = []
    for offset, raw in enumerate(body.split("\n")):
        match = _HEADING.match(raw)
        if match:
            sections.append(_Section(match["title"], first_line + offset))
        elif sections:
            sections[-1].lines.append((first_line + offset, raw))
        else:
            intro.append(raw)
    return "\n".join(intro).strip(), sections


def _parse_attrs(text: str) -> tuple[str, dict[str, str], str | None]:
    """``"Text {#id weight=2}"`` → ``("Text", {"weight": "2"}, "id")``."""
    match = _ATTRS.search(text)
    if not match:
        return text.strip(), {}, None
    attrs: dict[str, str] = {}
    item_id = None
    for token in match["attrs"].split():
        if token.startswith("#"):
            item_id = token[1:]
        elif "=" in token:
            key, _, value = token.partition("=")
            attrs[key.strip().lower()] = value.strip().strip("\"'")
    return text[: match.start()].strip(), attrs, item_id


def parse_checklist(
    body: str, first_line: int, path: str, render: Renderer
) -> tuple[Checklist, str, list[ContentIssue]]:
    """Parse a checklist body; returns the checklist, the intro Markdown and the problems."""
    intro, sections = _split_sections(body, first_line)
    deferred = DeferredRenderer()  # every fragment of the checklist in one Markdown pass
    checklist = Checklist()
    issues: list[ContentIssue] = []
    seen: dict[str, int] = {}
    outro: list[str] = []
    for section in sections:
        if section.title.strip() == PROMPTS_HEADING:
            for _, raw in section.lines:
                bullet = _BULLET.match(raw)
                if bullet:
                    checklist.prompts.append(deferred(bullet["text"]))
            continue
        if not any(_ITEM.match(raw) for _, raw in section.lines):
            outro.append(f"## {section.title}\n" + "\n".join(raw for _, raw in section.lines))
            continue
        group = ChecklistGroup(section.title, slugify(section.title))
        checklist.groups.append(group)
        group.items = _parse_items(section, path, deferred, seen, issues)
    checklist.outro_markdown = "\n\n".join(outro)
    deferred.flush(render)
    checklist.prompts = [deferred.resolve(p, inline=True) for p in checklist.prompts]
    for item in checklist.items:
        item.text_html = deferred.resolve(item.text_html, inline=True)
        item.explanation_html = deferred.resolve(item.explanation_html)
    if not checklist.items:
        issues.append(
            ContentIssue(path, first_line, "Checkliste ohne Checkpunkte („- [ ] Text {#id}“)")
        )
    return checklist, intro, issues


def _parse_items(
    section: _Section,
    path: str,
    render: Renderer,
    seen: dict[str, int],
    issues: list[ContentIssue],
) -> list[ChecklistItem]:
    """The items of one group; indented lines after an item are its explanation."""
    items: list[ChecklistItem] = []
    explanations: list[list[str]] = []
    for line_no, raw in section.lines:
        match = _ITEM.match(raw)
        if match:
            text, attrs, item_id = _parse_attrs(match["rest"])
            items.append(_make_item(text, attrs, item_id, line_no, path, render, seen, issues))
            explanations.append([])
        elif items and (raw.startswith("  ") or not raw.strip()):
            explanations[-1].append(raw[4:] if raw.startswith("    ") else raw.strip())
        elif raw.strip():
            issues.append(
                ContentIssue(
                    path,
                    line_no,
                    "Text zwischen Checkpunkten: Erklärungen mit vier Leerzeichen einrücken",
                )
            )
    for item, lines in zip(items, explanations, strict=True):
        text = "\n".join(lines).strip()
        if text:
            item.explanation_html = render(text)
    return items


def _make_item(
    text: str,
    attrs: dict[str, str],
    item_id: str | None,
    line_no: int,
    path: str,
    render: Renderer,
    seen: dict[str, int],
    issues: list[ContentIssue],
) -> ChecklistItem:
    if not text:
        issues.append(ContentIssue(path, line_no, "Checkpunkt ohne Text"))
    if item_id is None:
        issues.append(
            ContentIssue(path, line_no, "Checkpunkt ohne ID (am Zeilenende „{#meine-id}“)")
        )
        item_id = f"punkt-{line_no}"
    elif not ITEM_ID.match(item_id):
        issues.append(
            ContentIssue(
                path,
                line_no,
                f"ID „{item_id}“ ungültig: nur Kleinbuchstaben, Ziffern und Bindestriche",
            )
        )
    elif item_id in seen:
        issues.append(
            ContentIssue(
                path,
                line_no,
                f"doppelte Checkpunkt-ID „{item_id}“ (schon in Zeile {seen[item_id]})",
            )
        )
    else:
        seen[item_id] = line_no
    weight = 1.0
    if "weight" in attrs:
        try:
            weight = float(attrs["weight"].replace(",", "."))
        except ValueError:
            issues.append(
                ContentIssue(path, line_no, f"Gewicht „{attrs['weight']}“ ist keine Zahl")
            )
        else:
            if weight < 0:
                issues.append(ContentIssue(path, line_no, "Gewicht darf nicht negativ sein"))
    html = render(text) if text else ""
    return ChecklistItem(item_id, text, html, weight=weight, line=line_no, attrs=attrs)

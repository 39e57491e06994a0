"""What is not the text of a blog post, as data: the rules in ``data/boilerplate.toml``.

``element_rule`` judges an HTML element (class/id fragments, tag, the text it starts with);
``strip_lines`` and ``paragraph_rule`` do the same for plain text. Each removal is a
``Removal`` (rule, reason, text) for the import report.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from bs4 import Tag

RULES_FILE = Path(__file__).parent / "data" / "boilerplate.toml"
_KEYS = {"name", "reason", "classes", "starts", "lines", "pattern", "box", "max_chars"}
_KEYS |= {"follow", "edges", "tags"}
_TEXT_TAGS = {"p", "div", "section", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "span"}
_SHORT_LINE = 100  # a line of a related-posts list, not a sentence


class RuleError(ValueError):
    """The rules file is broken (the message names the rule)."""


@dataclass(frozen=True)
class Removal:
    rule: str
    reason: str
    text: str


@dataclass(frozen=True)
class Box:
    start: re.Pattern[str]
    labels: re.Pattern[str]
    required: int


@dataclass(frozen=True)
class Rule:
    name: str
    reason: str
    classes: tuple[str, ...] = ()
    tags: frozenset[str] = frozenset()
    starts: re.Pattern[str] | None = None
    lines: re.Pattern[str] | None = None
    pattern: re.Pattern[str] | None = None
    box: Box | None = None
    max_chars: int = 200
    follow: bool = False
    edges: bool = False

    def removal(self, text: str) -> Removal:
        return Removal(self.name, self.reason, " ".join(text.split()))

    def matches_text(self, text: str) -> bool:
        text = " ".join(text.split())
        if not text or len(text) > self.max_chars:
            return False
        return bool(
            (self.starts and self.starts.match(text))
            or (self.lines and self.lines.fullmatch(text))
            or (self.pattern and self.pattern.search(text))
        )


def _any(patterns: list[str], name: str, anchor: str = "") -> re.Pattern[str] | None:
    if not patterns:
        return None
    try:
        return re.compile(anchor + "(?:" + "|".join(f"(?:{p})" for p in patterns) + ")", re.I)
    except re.error as error:
        raise RuleError(f"{RULES_FILE.name}: Regel „{name}“: {error}") from error


def _rule(raw: dict) -> Rule:
    name = raw.get("name", "?")
    unknown = set(raw) - _KEYS
    if unknown or not raw.get("reason") or "\n" in raw.get("reason", ""):
        raise RuleError(f"{RULES_FILE.name}: Regel „{name}“: Grund fehlt oder Schlüssel {unknown}")
    box = raw.get("box")
    return Rule(
        name=name,
        reason=raw["reason"],
        classes=tuple(c.lower() for c in raw.get("classes", [])),
        tags=frozenset(raw.get("tags", [])),
        starts=_any(raw.get("starts", []), name, r"\s*"),
        lines=_any(raw.get("lines", []), name),
        pattern=_any([raw["pattern"]] if raw.get("pattern") else [], name),
        box=Box(
            _any([box["start"]], name),  # type: ignore[arg-type]
            _any([box["labels"]], name),  # type: ignore[arg-type]
            int(box.get("required", 2)),
        )
        if box
        else None,
        max_chars=int(raw.get("max_chars", 200)),
        follow=bool(raw.get("follow")),
        edges=bool(raw.get("edges")),
    )


@functools.cache
def load_rules(path: Path = RULES_FILE) -> tuple[Rule, ...]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RuleError(f"{path}: nicht lesbar ({error})") from error
    return tuple(_rule(raw) for raw in data.get("rule", []))


def _class_match(fragment: str, token: str) -> bool:
    if token == fragment or (fragment.endswith("_") and token.startswith(fragment)):
        return True
    return any(
        token.startswith(fragment + sep)
        or token.endswith(sep + fragment)
        or f"{sep}{fragment}{sep}" in token
        for sep in "-_"
    )


def element_rule(tag: Tag) -> Rule | None:
    """The rule that removes this element, if any (never for the page's main containers)."""
    tokens = [t.lower() for t in (tag.get("class") or [])]
    if tag.get("id"):
        tokens.append(str(tag["id"]).lower())
    text = None
    for rule in load_rules():
        if tag.name in rule.tags:
            return rule
        if any(_class_match(f, t) for f in rule.classes for t in tokens):
            return rule
        if tag.name in _TEXT_TAGS and not rule.edges:
            text = tag.get_text(" ", strip=True) if text is None else text
            if rule.matches_text(text):
                return rule
    return None


def paragraph_rule(text: str) -> Rule | None:
    """The rule whose ``pattern`` matches a whole paragraph of plain text (flattened boxes)."""
    return next((r for r in load_rules() if r.pattern and r.matches_text(text)), None)


def _is_long(line: str) -> bool:
    return len(line) >= 80 or len(line.split()) >= 12


def _box_end(lines: list[str], start: int, box: Box) -> int | None:
    """Index after a label box starting at ``start`` (label line, value line, …), or None."""
    index, found = start + 1, 0
    while index < len(lines) and index - start < 30:
        line = lines[index].strip()
        if not line:
            index += 1
        elif len(line) < 40 and box.labels.fullmatch(line.rstrip(":")):
            found, index = found + 1, index + 2  # the label and its value
        else:
            break
    return index if found >= box.required else None


def strip_lines(lines: list[str]) -> tuple[list[str], list[Removal]]:
    """Plain text lines without boilerplate lines, and what was removed."""
    rules = load_rules()
    long_lines = [i for i, line in enumerate(lines) if _is_long(line.strip())]
    first, last = (long_lines[0], long_lines[-1]) if long_lines else (len(lines), -1)
    kept: list[str] = []
    removed: list[Removal] = []
    index = 0
    while index < len(lines):
        line = lines[index].strip()
        rule = end = None
        for candidate in rules:
            if candidate.edges and first <= index <= last:
                continue
            if candidate.box and line and candidate.box.start.fullmatch(line.rstrip(":")):
                end = _box_end(lines, index, candidate.box)
                if end is not None:
                    rule = candidate
                    break
            if candidate.matches_text(line):
                rule, end = candidate, index + 1
                break
        if rule is None or end is None:
            kept.append(lines[index])
            index += 1
            continue
        if rule.follow:
            while end < len(lines) and (
                not lines[end].strip()
                or (
                    (len(lines[end].strip()) <= _SHORT_LINE and not _is_long(lines[end].strip()))
                    and not lines[end].strip().endswith((".", "!", "?"))
                )
            ):
                end += 1
        text = " ".join(part.strip() for part in lines[index:end] if part.strip())
        removed.append(rule.removal(text))
        index = end
    return kept, removed

"""Split a Markdown source file into front matter (with line numbers) and body."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_META_LINE = re.compile(r"^(?P<key>[A-Za-z][A-Za-z0-9_-]*):\s*(?P<value>.*)$")


@dataclass(frozen=True)
class MetaField:
    """One front-matter field as written: the raw value and the line it starts on."""

    value: str
    line: int


@dataclass
class SourceDocument:
    """A content file as the author wrote it."""

    path: str
    meta: dict[str, MetaField] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)
    stray_lines: list[int] = field(default_factory=list)

    def get(self, key: str, default: str | None = None) -> str | None:
        entry = self.meta.get(key.lower())
        return entry.value if entry else default

    def line_of(self, key: str) -> int:
        entry = self.meta.get(key.lower())
        return entry.line if entry else 1


def parse_source(text: str, path: str) -> SourceDocument:
    """Read Pelican-style ``Key: value`` front matter up to the first blank line.

    Continuation lines (indented by at least four spaces) extend the previous value. A line in the
    header that is neither is recorded in ``stray_lines`` so the schema can report it.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    lines = text.split("\n")
    doc = SourceDocument(path=path)
    last_key: str | None = None
    index = 0
    for index, line in enumerate(lines):
        if not line.strip():
            break
        match = _META_LINE.match(line)
        if match:
            key = match["key"].lower()
            if key in doc.meta:
                doc.duplicate_keys.append((key, index + 1))
            else:
                doc.meta[key] = MetaField(match["value"].strip(), index + 1)
            last_key = key
        elif line.startswith("    ") and last_key is not None:
            previous = doc.meta[last_key]
            doc.meta[last_key] = MetaField(
                f"{previous.value} {line.strip()}".strip(), previous.line
            )
        elif index == 0:
            # No front matter at all: the whole file is body.
            return SourceDocument(path=path, body=text, body_line=1)
        else:
            doc.stray_lines.append(index + 1)
    else:
        index = len(lines)
    doc.body = "\n".join(lines[index + 1 :])
    doc.body_line = index + 2
    return doc


def split_list(value: str | None) -> list[str]:
    """``"a, b,  c"`` → ``["a", "b", "c"]``."""
    if not value:
        return []
    return [part.strip() for part in value.split(",") if part.strip()]

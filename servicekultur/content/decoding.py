"""From the bytes of a content file to text: size, emptiness, binary files, encoding, control
characters — each problem a ``datei:zeile`` message; build and linter read files the same way."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from servicekultur.content.diagnostics import ContentIssue

# C0 controls except tab, line feed, carriage return; DEL. XML 1.0 (feeds, sitemap) refuses them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_BINARY_SHARE = 0.1  # more control characters than this in the first 8 KB: not a text file
MAX_REPORTED_LINES = 5  # control characters: one message per line, at most this many


@dataclass
class SourceText:
    """A content file's text (``None`` when no page can be made of it) and what was wrong."""

    text: str | None
    issues: list[ContentIssue] = field(default_factory=list)


def _line_of(data: bytes | str, offset: int) -> int:
    return data.count(b"\n" if isinstance(data, bytes) else "\n", 0, offset) + 1


def _decode(raw: bytes, rel: str, issues: list[ContentIssue]) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = raw[error.start]
        issues.append(
            ContentIssue(
                rel,
                _line_of(raw, error.start),
                f"Datei ist nicht UTF-8-kodiert (Byte 0x{byte:02X}); als Windows-1252 gelesen "
                "– bitte als UTF-8 speichern",
                rule="encoding",
            )
        )
        return raw.decode("cp1252", errors="replace")


def strip_controls(text: str, rel: str, issues: list[ContentIssue]) -> str:
    """Remove control characters, one message per affected line (the first few)."""
    found = list(_CONTROL.finditer(text))
    if not found:
        return text
    lines: dict[int, str] = {}
    for match in found:
        lines.setdefault(_line_of(text, match.start()), f"U+{ord(match.group()):04X}")
    for line, char in list(lines.items())[:MAX_REPORTED_LINES]:
        issues.append(
            ContentIssue(
                rel, line, f"Steuerzeichen {char} im Text (entfernt)", rule="control-character"
            )
        )
    if len(lines) > MAX_REPORTED_LINES:
        issues.append(
            ContentIssue(
                rel,
                list(lines)[MAX_REPORTED_LINES],
                f"Steuerzeichen in {len(lines) - MAX_REPORTED_LINES} weiteren Zeilen (entfernt)",
                rule="control-character",
            )
        )
    return _CONTROL.sub("", text)


def read_source(path: str | os.PathLike, rel: str, max_bytes: int) -> SourceText:
    """Read a content file; ``text`` is ``None`` for a file that cannot become a page (too large,
    empty, binary, unreadable), with the reason as an error."""
    issues: list[ContentIssue] = []
    try:
        size = os.stat(path).st_size
        if size > max_bytes:
            mb, limit = size / 2**20, max_bytes / 2**20
            message = f"Datei ist {mb:.1f} MB groß, höchstens {limit:g} MB (KB_MAX_FILE_MB)"
            return SourceText(None, [ContentIssue(rel, 1, message, rule="file")])
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        message = f"Datei nicht lesbar ({error.strerror or error})"
        return SourceText(None, [ContentIssue(rel, 1, message, rule="file")])
    if not raw.strip():
        return SourceText(None, [ContentIssue(rel, 1, "Datei ist leer", rule="file")])
    head = raw[:8192]
    if len(_CONTROL.findall(head.decode("latin-1"))) > len(head) * _BINARY_SHARE:
        message = "Binärdatei, kein Text (falsche Endung .md?)"
        return SourceText(None, [ContentIssue(rel, 1, message, rule="file")])
    text = _decode(raw, rel, issues).removeprefix("\ufeff")
    return SourceText(strip_controls(text, rel, issues), issues)

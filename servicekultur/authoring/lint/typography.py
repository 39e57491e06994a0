"""German typography hints: „…“ instead of "…", – instead of a spaced hyphen, no double spaces.

Only prose is checked: code blocks, inline code, link targets, HTML tags and ``{#id}`` attributes
are blanked out first, so ``[Text](/a-b/)`` or ``<a href="x">`` never produce a hint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from servicekultur.authoring.lint.model import LintDocument, Workspace
from servicekultur.content.diagnostics import ContentIssue

RULES = {
    "quotes": ("hint", 'gerade Anführungszeichen "…" statt „…“'),
    "dash": ("hint", "Bindestrich mit Leerzeichen „ - “ statt Halbgeviertstrich „ – “"),
    "double-space": ("hint", "doppelte Leerzeichen im Fließtext"),
}
_MASKS = (
    re.compile(r"`[^`]*`"),  # inline code
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"<[^>]+>"),  # HTML tags and their attributes
    re.compile(r"\{[#.][^}]*\}"),  # attribute lists
    re.compile(r"\[\[[^\]]*\]\]"),  # cross-references
    re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$"),  # reference definitions
)
_STRAIGHT_QUOTES = re.compile(r'"[^"\n]+"')
_SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}(?=\S)")
_TABLE_RULE = re.compile(r"^\s*\|?[\s:|-]+\|?\s*$")
_INDENTED_CODE = re.compile(r"^(?:\t| {4})")
_PROSE_FIELDS = ("title", "summary")


def _mask(text: str) -> str:
    for pattern in _MASKS:
        text = pattern.sub(lambda m: "\0" * len(m.group(0)), text)
    return text


def _prose(doc: LintDocument) -> Iterator[tuple[int, str]]:
    for key in _PROSE_FIELDS:
        value = doc.source.get(key)
        if value:
            yield doc.source.line_of(key), value
    previous_blank = True
    for line, raw in doc.prose_lines:
        # An indented block after a blank line that is not a list explanation is code.
        if _INDENTED_CODE.match(raw) and previous_blank and doc.parsed.checklist is None:
            previous_blank = not raw.strip()
            continue
        previous_blank = not raw.strip()
        if not raw.strip() or _TABLE_RULE.match(raw):
            continue
        yield line, _mask(raw.strip())


def check(workspace: Workspace) -> Iterator[ContentIssue]:
    for doc in workspace.documents:
        for line, text in _prose(doc):
            for match in _STRAIGHT_QUOTES.finditer(text):
                inner = match.group(0)[1:-1]
                yield ContentIssue(
                    doc.path,
                    line,
                    f"gerade Anführungszeichen: besser „{inner}“",
                    severity="hint",
                    rule="quotes",
                )
            if _SPACED_HYPHEN.search(text):
                yield ContentIssue(
                    doc.path,
                    line,
                    "Bindestrich zwischen Leerzeichen: besser Gedankenstrich „ – “",
                    severity="hint",
                    rule="dash",
                )
            if _DOUBLE_SPACE.search(text):
                yield ContentIssue(
                    doc.path,
                    line,
                    "doppeltes Leerzeichen im Text",
                    severity="hint",
                    rule="double-space",
                )

"""Reading what a reader typed: words, "exact phrases" and prefixes (``kunden*``).

Anything else is forgiven: unbalanced quotes end at the end of the query, operators such as
AND/OR/NOT and stray ``~`` ``*`` ``"`` are ignored, control characters are removed. A query
without any word is a ``QueryError`` with a German message; a query of only operators or stop
words, or a prefix shorter than two letters, is searched (nothing found) with a German hint.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 200
MIN_PREFIX = 2  # letters before a * („ku*“)
ONLY_COMMON_WORDS = (
    "Ihre Suche enthält nur sehr häufige Wörter wie „und“, „oder“, „nicht“ oder „die“, nach "
    "denen die Suche nicht sucht. Bitte ergänzen Sie einen aussagekräftigen Begriff."
)
SHORT_PREFIX = (
    "Für eine Suche nach Wortanfängen mit * geben Sie bitte mindestens zwei Buchstaben ein "
    "(zum Beispiel „ku*“)."
)
MAX_WORDS = 12
OPERATORS = {"and", "or", "not", "und", "oder", "nicht", "&&", "||"}
_PHRASE = re.compile(r'"([^"]*)"?')
_TOKEN = re.compile(r"\w+(?:[-‐‑]\w+)*\*?")


class QueryError(ValueError):
    """The query cannot be searched; the message is for the reader (German)."""


@dataclass
class Clause:
    words: list[str]
    phrase: bool = False
    prefix: bool = False


@dataclass
class ParsedQuery:
    text: str
    clauses: list[Clause] = field(default_factory=list)
    hint: str | None = None  # why nothing can be searched (German), instead of an error

    @property
    def words(self) -> list[str]:
        return [w for c in self.clauses for w in c.words]


def clean(raw: str) -> str:
    """Control and format characters removed, whitespace folded."""
    text = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in raw)
    return " ".join(text.split())


def parse_query(raw: str) -> ParsedQuery:
    text = clean(raw or "")
    if not text:
        raise QueryError("Bitte geben Sie einen Suchbegriff ein.")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"Die Suchanfrage ist zu lang ({len(text)} Zeichen); erlaubt sind höchstens "
            f"{MAX_QUERY_CHARS} Zeichen."
        )
    parsed = ParsedQuery(text)
    rest = []
    position = 0
    for match in _PHRASE.finditer(text):
        rest.append(text[position : match.start()])
        words = [w.rstrip("*") for w in _TOKEN.findall(match.group(1))]
        words = [w for w in words if w]
        if len(words) > 1:
            parsed.clauses.append(Clause(words, phrase=True))
        elif words:
            rest.append(" " + words[0] + " ")
        position = match.end()
    rest.append(text[position:])
    tokens = _TOKEN.findall(" ".join(rest))
    short_prefix = False
    for token in tokens:
        word = token.rstrip("*")
        if not word or word.lower() in OPERATORS:
            continue
        if token.endswith("*") and len(word) < MIN_PREFIX:
            short_prefix = True
            continue
        parsed.clauses.append(Clause([word], prefix=token.endswith("*")))
    if short_prefix:
        parsed.hint = SHORT_PREFIX
    if not parsed.clauses and not tokens and not parsed.hint:
        raise QueryError(
            "Die Suchanfrage enthält keinen Suchbegriff. Bitte geben Sie ein Wort ein."
        )
    if not parsed.clauses and not parsed.hint:
        parsed.hint = ONLY_COMMON_WORDS
    if len(parsed.words) > MAX_WORDS:
        raise QueryError(f"Bitte suchen Sie mit höchstens {MAX_WORDS} Wörtern.")
    return parsed

"""The Whoosh schema; text fields receive text already analysed by GermanAnalyzer."""

from __future__ import annotations

from collections import defaultdict

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from servicekultur.search.analysis.analyzer import GermanAnalyzer
from servicekultur.search.documents import BOOSTS, TEXT_FIELDS, SearchDocument

PART_WEIGHT = 0.5  # weight of a term found only as a part of a written word

__all__ = [
    "BOOSTS",
    "PART_WEIGHT",
    "TEXT_FIELDS",
    "document_fields",
    "key_fields",
    "make_schema",
    "plain_fields",
]


class PreAnalyzedTokenizer(Tokenizer):
    """Reads ``GermanAnalyzer.encode`` output: positions split by spaces, variants by ``|``."""

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, group in enumerate(value.split(" ")):
            if not group:
                continue
            for term in group.split("|"):
                token.text = term
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = start_pos + pos
                yield token


class PreAnalyzedText(TEXT):
    """A TEXT field fed with ``GermanAnalyzer.encode`` output, posted without Token objects.

    A term's weight counts its occurrences as a word of its own fully and as a variant of a
    written word (a compound part, a hyphen part) by ``PART_WEIGHT``: „Beschwerde“ inside
    „Beschwerdemanagement“ matches, but less than the word „Beschwerde“."""

    def index(self, value, **kwargs):
        positions: dict[str, list[int]] = defaultdict(list)
        weights: dict[str, float] = defaultdict(float)
        for pos, group in enumerate(value.split(" ")):
            if group:
                for variant, term in enumerate(group.split("|")):
                    positions[term].append(pos)
                    weights[term] += PART_WEIGHT if variant else 1.0
        boost = self.format.field_boost
        encode = self.format.encode
        for term, poslist in positions.items():
            yield term.encode("utf-8"), len(poslist), weights[term] * boost, encode(poslist)


def make_schema() -> Schema:
    pre = PreAnalyzedTokenizer()
    text = {
        name: PreAnalyzedText(analyzer=pre, field_boost=boost) for name, boost in BOOSTS.items()
    }
    return Schema(
        id=ID(stored=True, unique=True),
        group=ID(stored=True),
        url=STORED(),
        anchor=STORED(),
        date=STORED(),
        type=ID(stored=True),
        category=ID(stored=True),
        author=ID(stored=True),
        branche=ID(stored=True),
        phase=ID(stored=True),
        tags=KEYWORD(stored=True, commas=True, scorable=True),
        title_text=STORED(),
        summary_text=STORED(),
        body_text=STORED(),
        headings_text=STORED(),
        **text,
    )


def key_fields(doc: SearchDocument) -> dict:
    """The fields of a document that are stored or indexed as they are, except its texts."""
    return {
        "id": doc.id,
        "group": doc.group,
        "url": doc.url,
        "anchor": doc.anchor,
        "date": doc.date,
        "type": doc.type,
        "category": doc.category,
        "author": doc.author,
        "branche": doc.branche,
        "phase": doc.phase,
        "tags": ",".join(doc.tags),
    }


def plain_fields(doc: SearchDocument) -> dict:
    """The fields of a document that are stored or indexed as they are (not analysed)."""
    return {
        **key_fields(doc),
        "title_text": doc.title,
        "summary_text": doc.summary,
        "body_text": doc.body,
        "headings_text": doc.headings,
    }


def document_fields(doc: SearchDocument, analyzer: GermanAnalyzer) -> dict:
    """All fields of a document for Whoosh's own ``add_document``."""
    return {
        **plain_fields(doc),
        "title": analyzer.encode(doc.title),
        "headings": analyzer.encode(" . ".join(doc.headings)),
        "meta": analyzer.encode(doc.meta_text),
        "summary": analyzer.encode(doc.summary),
        "body": analyzer.encode(doc.body),
    }

"""Fingerprints deciding what a build re-analyses: of the analysis, and of every page.

``group_fingerprints`` gives the same hashes as ``documents.group_fingerprint`` (so an index
written before stays valid) with one SHA-1 update per document instead of one per field: it
runs over every document on every build, also when only one page changed.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from operator import attrgetter

from servicekultur.search.analysis.compounds import DATA
from servicekultur.search.documents import SearchDocument

ANALYSIS_VERSION = "4"  # bump whenever analysis or the index layout changes
_FIELDS = fields(SearchDocument)
_VALUES = attrgetter(*(spec.name for spec in _FIELDS))
_LISTS = [i for i, spec in enumerate(_FIELDS) if spec.default_factory is list]


def analysis_fingerprint() -> str:
    digest = hashlib.sha1(ANALYSIS_VERSION.encode())
    for path in sorted(DATA.glob("compound_*.txt")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def document_fingerprint(doc: SearchDocument) -> str:
    """``SearchDocument.fingerprint()`` in one update: fields separated and ended by \x1e."""
    values = [*_VALUES(doc), ""]
    for i in _LISTS:
        if isinstance(values[i], list):
            values[i] = "\x1f".join(values[i])
    text = "\x1e".join(map(str, values))
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


def group_fingerprints(groups: dict[str, list[SearchDocument]]) -> dict[str, str]:
    """Group → one hash over its documents (ordered by id), as ``group_fingerprint``."""
    result = {}
    for group, docs in groups.items():
        digest = hashlib.sha1()
        for doc in sorted(docs, key=lambda d: d.id):
            digest.update(document_fingerprint(doc).encode("ascii"))
        result[group] = digest.hexdigest()
    return result

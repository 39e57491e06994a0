"""Fingerprints deciding what a build re-analyses: of the analysis, and of every page.

A page's fingerprint is one SHA-1 over the ``marshal`` form of each of its documents' fields
(``marshal`` version 2 writes no back-references, so equal values always give equal bytes). It is
computed for every document on every build, also when only one page changed.
"""

from __future__ import annotations

import hashlib
import marshal
from dataclasses import fields
from operator import attrgetter

from servicekultur.search.analysis.compounds import DATA
from servicekultur.search.analysis.lexicon import lexicon_version
from servicekultur.search.documents import SearchDocument

ANALYSIS_VERSION = "10"  # bump whenever analysis or the index layout changes
_FIELDS = fields(SearchDocument)
_VALUES = attrgetter(*(spec.name for spec in _FIELDS))
_ID = attrgetter("id")


def analysis_fingerprint() -> str:
    digest = hashlib.sha1(f"{ANALYSIS_VERSION}/{lexicon_version()}".encode())
    for path in sorted(DATA.glob("compound_*.txt")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def group_fingerprints(groups: dict[str, list[SearchDocument]]) -> dict[str, str]:
    """Group (a page with its checklist items) → one hash over its documents, ordered by id."""
    result = {}
    for group, docs in groups.items():
        digest = hashlib.sha1()
        for doc in sorted(docs, key=_ID) if len(docs) > 1 else docs:
            digest.update(marshal.dumps(_VALUES(doc), 2))
        result[group] = digest.hexdigest()
    return result

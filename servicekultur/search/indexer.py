"""Writing the index at build time: incremental, into a new generation, swapped in atomically.

Layout: ``KB_INDEX_DIR`` (e.g. ``var/index``) is a symbolic link to one generation folder in
``var/index.generations/``. A build copies the current generation, re-analyses only the pages
whose fingerprint changed, and then replaces the link in one ``rename`` — a running service
sees either the old or the new index, never half of one.
"""

from __future__ import annotations

import gc
import json
import logging
import pickle
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh import index as whoosh_index

from servicekultur.search.analysis import CompoundSplitter, GermanAnalyzer, fold
from servicekultur.search.analysis.analyzer import STOPWORDS
from servicekultur.search.bulk import write_bulk
from servicekultur.search.documents import SearchDocument
from servicekultur.search.fingerprints import analysis_fingerprint, group_fingerprints
from servicekultur.search.generations import (
    KEY_TERMS,
    MANIFEST,
    VOCABULARY,
    KeyTerms,
    current_generation,
    generations_dir,
    link_copy,
    publish,
    read_key_terms,
    stored_documents,
    vocabulary_words,
    write_file,
    write_key_terms,
)
from servicekultur.search.keyterms import key_terms
from servicekultur.search.schema import TEXT_FIELDS, make_schema, plain_fields
from servicekultur.search.tokens import (
    Inverted,
    TermTable,
    invert,
    term_table,
    tokenize,
    vocabulary,
)

__all__ = [
    "IndexPlan",
    "IndexReport",
    "current_generation",
    "execute_plan",
    "load_analyzer",
    "plan_index",
    "publish",
    "read_key_terms",
    "stored_documents",
    "vocabulary_words",
    "write_index",
]

logger = logging.getLogger(__name__)

# Fewer changed documents than this go through Whoosh's own writer, which also merges the
# small segments incremental builds leave behind; more are written as new segments at once.
BULK_MIN_DOCUMENTS = 200


@dataclass
class IndexReport:
    generation: Path
    analysed: int
    reused: int
    removed: int
    seconds: float
    changed: bool


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while indexing: the work allocates millions of small
    objects (and no cycles), and every collection would walk all of them again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_analyzer(words) -> GermanAnalyzer:
    """The analyzer of an index: its compound dictionary comes from the indexed words."""
    return GermanAnalyzer(CompoundSplitter({fold(w) for w in words}, stopwords=STOPWORDS))


@dataclass
class IndexPlan:
    """What a build changes in the index, analysed before any Whoosh writing.

    ``key_terms`` is complete once the plan exists, so „Mehr zum Thema“ can be computed while
    the index is written in another process beside Pelican's page writing. ``added`` are the
    documents to (re-)index in document-number order; ``inverted`` holds their analysed text
    fields, sorted for the segment writer.
    """

    documents: list[SearchDocument]
    index_dir: Path
    hashes: dict[str, str]
    fingerprint: str
    current: Path | None
    changed: list[str]
    removed: list[str]
    replaced: list[str]
    vocabulary: Counter
    key_terms: KeyTerms
    analyzer: GermanAnalyzer
    added: list[SearchDocument]
    table: TermTable
    inverted: dict[str, Inverted]
    start: float


def plan_index(
    documents: list[SearchDocument], index_dir: Path, full: bool = False, procs: int = 1
):
    """An :class:`IndexPlan`, or an :class:`IndexReport` when nothing changed."""
    with gc_paused():
        return _plan_index(documents, Path(index_dir), full, procs)


def _plan_index(documents: list[SearchDocument], index_dir: Path, full: bool, procs: int):
    start = time.perf_counter()
    groups: dict[str, list[SearchDocument]] = defaultdict(list)
    for doc in documents:
        groups[doc.group].append(doc)
    hashes = group_fingerprints(groups)
    fingerprint = analysis_fingerprint()
    current = None if full else current_generation(index_dir)
    old: dict = {}
    if current is not None:
        old = json.loads((current / MANIFEST).read_text(encoding="utf-8"))
        complete = all((current / name).is_file() for name in (KEY_TERMS, VOCABULARY))
        if old.get("analysis") != fingerprint or not complete:
            current, old = None, {}
    old_hashes: dict[str, str] = old.get("groups", {})
    changed = [g for g, h in hashes.items() if old_hashes.get(g) != h]
    removed = [g for g in old_hashes if g not in hashes]
    if current is not None and not changed and not removed:
        return IndexReport(current, 0, len(hashes), 0, time.perf_counter() - start, False)
    words: Counter = vocabulary_words(current) if current is not None else Counter()
    terms = read_key_terms(current) if current is not None else KeyTerms()
    added = [doc for group in changed for doc in groups[group]]
    tokens = tokenize(added, procs)
    words.update(vocabulary(tokens))
    analyzer = load_analyzer(words)
    table = term_table(tokens.words, analyzer)
    inverted = {name: invert(tokens.ids[name], tokens.counts[name], table) for name in TEXT_FIELDS}
    replaced = [*removed, *(g for g in changed if g in old_hashes)]
    for group in replaced:
        terms.pop(group, None)
    is_page = np.array([doc.id == doc.group for doc in added], dtype=bool)
    page_terms = key_terms(inverted, table, is_page)
    for number in np.flatnonzero(is_page).tolist():
        terms[added[number].group] = page_terms.get(number, [])
    return IndexPlan(
        documents, index_dir, hashes, fingerprint, current, changed, removed, replaced,
        words, terms, analyzer, added, table, inverted, start,
    )  # fmt: skip


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


def execute_plan(plan: IndexPlan, procs: int = 1) -> IndexReport:
    """Write the new generation of a plan (not yet live: see ``publish``)."""
    with gc_paused():
        return _execute_plan(plan, procs)


def _execute_plan(plan: IndexPlan, procs: int) -> IndexReport:
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
    target = generations_dir(plan.index_dir) / stamp
    target.parent.mkdir(parents=True, exist_ok=True)
    if plan.current is not None:
        link_copy(plan.current, target)
        ix = whoosh_index.open_dir(str(target))
    else:
        target.mkdir()
        ix = whoosh_index.create_in(str(target), make_schema())
    if len(plan.added) >= BULK_MIN_DOCUMENTS or plan.current is None:
        write_bulk(ix, plan.added, plan.inverted, plan.table.terms, plan.replaced, procs)
    else:
        writer = ix.writer()
        for group in plan.replaced:
            writer.delete_by_term("group", group)
        for doc in plan.added:
            writer.add_document(**document_fields(doc, plan.analyzer))
        writer.commit()
    dumps = pickle.dumps
    write_file(target / VOCABULARY, dumps(plan.vocabulary, protocol=pickle.HIGHEST_PROTOCOL))
    write_key_terms(target / KEY_TERMS, plan.key_terms)
    manifest = {
        "analysis": plan.fingerprint,
        "groups": plan.hashes,
        "documents": len(plan.documents),
    }
    write_file(target / MANIFEST, json.dumps(manifest).encode("utf-8"))
    return IndexReport(
        target,
        len(plan.added),
        len(plan.hashes) - len(plan.changed),
        len(plan.removed),
        time.perf_counter() - plan.start,
        True,
    )


def write_index(
    documents: list[SearchDocument], index_dir: Path, full: bool = False, procs: int = 1
) -> IndexReport:
    """Write a new generation for ``documents`` (not yet live: see ``publish``)."""
    plan = plan_index(documents, index_dir, full, procs)
    return plan if isinstance(plan, IndexReport) else execute_plan(plan, procs)

"""Writing the index at build time: incremental, into a new generation, swapped in atomically.

Layout: ``KB_INDEX_DIR`` (e.g. ``var/index``) is a symbolic link to one generation folder in
``var/index.generations/``. A build copies the current generation, re-analyses only the pages
whose fingerprint changed (``plan``), and then replaces the link in one ``rename`` — a running
service sees either the old or the new index, never half of one.
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from pathlib import Path

from servicekultur.search.analysis.lexicon import copy_arrays
from servicekultur.search.build.generations import link_copy, write_file, write_key_terms
from servicekultur.search.build.plan import IndexPlan, IndexReport, gc_paused, plan_index
from servicekultur.search.documents import TEXT_FIELDS, SearchDocument
from servicekultur.search.store.arrays import ensure_arrays
from servicekultur.search.store.bulk import write_bulk
from servicekultur.search.store.layout import (
    KEY_TERMS,
    LEXICON,
    MANIFEST,
    QUERY_WORDS,
    VOCABULARY,
    create_index,
    generations_dir,
    open_index,
    read_lexicon,
)
from servicekultur.search.store.postings import read_postings
from servicekultur.search.store.schema import document_fields

# Fewer changed documents than this go through Whoosh's own writer, which also merges the
# small segments incremental builds leave behind; more are written as new segments at once.
BULK_MIN_DOCUMENTS = 200


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
        ix = open_index(target)
    else:
        target.mkdir()
        ix = create_index(target)
    if len(plan.added) >= BULK_MIN_DOCUMENTS or plan.current is None:
        write_bulk(ix, plan.added, plan.inverted, plan.table.terms, plan.replaced, procs)
    else:
        writer = ix.writer()
        for group in plan.replaced:
            writer.delete_by_term("group", group)
        for doc in plan.added:
            writer.add_document(**document_fields(doc, plan.analyzer))
        writer.commit()
    # Query-ready arrays for segments Whoosh's writer made; none for segments merged away.
    ensure_arrays(ix, target, TEXT_FIELDS, read_postings)
    write_file(target / VOCABULARY, plan.vocabulary_bytes)
    write_key_terms(target / KEY_TERMS, plan.key_terms)
    write_file(target / QUERY_WORDS, plan.query_words)
    stored = read_lexicon(target)  # a hard-linked copy from the previous generation
    if stored is None or stored.version != plan.lexicon.version:
        shutil.rmtree(target / LEXICON, ignore_errors=True)  # new files, never the old inodes
        if plan.lexicon.folder is not None:
            copy_arrays(plan.lexicon.folder, target / LEXICON)
        else:
            plan.lexicon.save_arrays(target / LEXICON)
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

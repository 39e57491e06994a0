"""Writing the index at build time: incremental, into a new generation, swapped in atomically.

Layout: ``KB_INDEX_DIR`` (e.g. ``var/index``) is a symbolic link to one generation folder in
``var/index.generations/``. A build copies the current generation, re-analyses only the pages
whose fingerprint changed, and then replaces the link in one ``rename`` — a running service
sees either the old or the new index, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from whoosh import index as whoosh_index

from servicekultur.search.analysis import CompoundSplitter, GermanAnalyzer, fold, words_in
from servicekultur.search.analysis.analyzer import STOPWORDS
from servicekultur.search.analysis.compounds import DATA
from servicekultur.search.documents import SearchDocument, group_fingerprint
from servicekultur.search.generations import (
    MANIFEST,
    current_generation,
    generations_dir,
    link_copy,
    publish,
    write_file,
)
from servicekultur.search.schema import make_schema

__all__ = [
    "IndexPlan",
    "IndexReport",
    "current_generation",
    "execute_plan",
    "plan_index",
    "publish",
    "stored_documents",
    "write_index",
]

logger = logging.getLogger(__name__)

ANALYSIS_VERSION = "4"  # bump whenever analysis or the index layout changes
KEY_TERMS = "keyterms.pickle"
VOCABULARY = "vocabulary.pickle"
KEY_TERMS_PER_PAGE = 60


@dataclass
class IndexReport:
    generation: Path
    analysed: int
    reused: int
    removed: int
    seconds: float
    changed: bool


def analysis_fingerprint() -> str:
    digest = hashlib.sha1(ANALYSIS_VERSION.encode())
    for path in sorted(DATA.glob("compound_*.txt")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def vocabulary_words(generation: Path) -> Counter:
    """Written words (lower-case) with their document frequency.

    An incremental build adds the words of changed pages without subtracting their old words,
    so a word can outlive its last page until the next full build; the searcher checks that a
    word it suggests still has hits.
    """
    path = generation / VOCABULARY
    return pickle.loads(path.read_bytes()) if path.is_file() else Counter()


def _document_words(doc: SearchDocument) -> set[str]:
    text = " ".join([doc.title, doc.summary, *doc.headings, doc.body, doc.meta_text])
    return {w.lower() for w in words_in(text) if not w.isdigit()}


def _fields(doc: SearchDocument, analyzer: GermanAnalyzer) -> dict:
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
        "title_text": doc.title,
        "summary_text": doc.summary,
        "body_text": doc.body,
        "headings_text": doc.headings,
        "title": analyzer.encode(doc.title),
        "headings": analyzer.encode(" . ".join(doc.headings)),
        "meta": analyzer.encode(doc.meta_text),
        "summary": analyzer.encode(doc.summary),
        "body": analyzer.encode(doc.body),
    }


def key_terms(doc: SearchDocument, analyzer: GermanAnalyzer) -> list[tuple[str, int]]:
    """The most frequent terms of a page (title, tags and headings count more): for „related“."""
    counts: Counter = Counter()
    for text, weight in (
        (doc.title, 3),
        (doc.meta_text, 3),
        (" ".join(doc.headings), 2),
        (doc.summary, 2),
        (doc.body, 1),
    ):
        for term in analyzer.terms(text):
            if len(term) > 2 and not term.isdigit():
                counts[term] += weight
    return counts.most_common(KEY_TERMS_PER_PAGE)


def load_analyzer(words) -> GermanAnalyzer:
    """The analyzer of an index: its compound dictionary comes from the indexed words."""
    return GermanAnalyzer(CompoundSplitter({fold(w) for w in words}, stopwords=STOPWORDS))


@dataclass
class IndexPlan:
    """What a build changes in the index, prepared before any Whoosh writing.

    ``key_terms`` is complete once the plan exists, so „Mehr zum Thema“ can be computed while the
    (slow) Whoosh writing runs in another process beside Pelican's page writing.
    """

    documents: list[SearchDocument]
    index_dir: Path
    groups: dict[str, list[SearchDocument]]
    hashes: dict[str, str]
    fingerprint: str
    current: Path | None
    changed: list[str]
    removed: list[str]
    replaced: list[str]
    vocabulary: Counter
    key_terms: dict[str, list[tuple[str, int]]]
    analyzer: GermanAnalyzer
    start: float


def plan_index(documents: list[SearchDocument], index_dir: Path, full: bool = False):
    """An :class:`IndexPlan`, or an :class:`IndexReport` when nothing changed."""
    start = time.perf_counter()
    index_dir = Path(index_dir)
    groups: dict[str, list[SearchDocument]] = defaultdict(list)
    for doc in documents:
        groups[doc.group].append(doc)
    hashes = {group: group_fingerprint(docs) for group, docs in groups.items()}
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
    vocabulary: Counter = vocabulary_words(current) if current is not None else Counter()
    terms = pickle.loads((current / KEY_TERMS).read_bytes()) if current is not None else {}
    for group in changed:
        for doc in groups[group]:
            vocabulary.update(_document_words(doc))
    analyzer = load_analyzer(vocabulary)
    replaced = [*removed, *(g for g in changed if g in old_hashes)]
    for group in replaced:
        terms.pop(group, None)
    for group in changed:
        for doc in groups[group]:
            if doc.id == group:
                terms[group] = key_terms(doc, analyzer)
    return IndexPlan(
        documents, index_dir, groups, hashes, fingerprint, current, changed, removed, replaced,
        vocabulary, terms, analyzer, start,
    )  # fmt: skip


def execute_plan(plan: IndexPlan, procs: int = 1) -> IndexReport:
    """Write the new generation of a plan with Whoosh (not yet live: see ``publish``)."""
    stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"
    target = generations_dir(plan.index_dir) / stamp
    target.parent.mkdir(parents=True, exist_ok=True)
    if plan.current is not None:
        link_copy(plan.current, target)
        ix = whoosh_index.open_dir(str(target))
    else:
        target.mkdir()
        ix = whoosh_index.create_in(str(target), make_schema())
    use_procs = procs if plan.current is None and procs > 1 else 1
    options = {"procs": use_procs, "multisegment": True} if use_procs > 1 else {}
    writer = ix.writer(limitmb=256, **options)
    for group in plan.replaced:
        writer.delete_by_term("group", group)
    for group in plan.changed:
        for doc in plan.groups[group]:
            writer.add_document(**_fields(doc, plan.analyzer))
    writer.commit()
    dumps = pickle.dumps
    write_file(target / VOCABULARY, dumps(plan.vocabulary, protocol=pickle.HIGHEST_PROTOCOL))
    write_file(target / KEY_TERMS, dumps(plan.key_terms, protocol=pickle.HIGHEST_PROTOCOL))
    manifest = {
        "analysis": plan.fingerprint,
        "groups": plan.hashes,
        "documents": len(plan.documents),
    }
    write_file(target / MANIFEST, json.dumps(manifest).encode("utf-8"))
    return IndexReport(
        target,
        sum(len(plan.groups[g]) for g in plan.changed),
        len(plan.hashes) - len(plan.changed),
        len(plan.removed),
        time.perf_counter() - plan.start,
        True,
    )


def write_index(
    documents: list[SearchDocument], index_dir: Path, full: bool = False, procs: int = 1
) -> IndexReport:
    """Write a new generation for ``documents`` (not yet live: see ``publish``)."""
    plan = plan_index(documents, index_dir, full)
    return plan if isinstance(plan, IndexReport) else execute_plan(plan, procs)


def stored_documents(generation: Path) -> list[SearchDocument]:
    """The documents of an index as they were given (for benchmarks and checks)."""
    ix = whoosh_index.open_dir(str(generation))
    with ix.searcher() as searcher:
        return [
            SearchDocument(
                id=f["id"],
                url=f["url"],
                type=f["type"],
                title=f["title_text"],
                group=f["group"],
                summary=f["summary_text"],
                headings=list(f.get("headings_text") or []),
                body=f["body_text"],
                tags=[t for t in f["tags"].split(",") if t],
                category=f["category"],
                author=f["author"],
                branche=f["branche"],
                phase=f["phase"],
                anchor=f["anchor"],
                date=f["date"],
            )
            for f in searcher.all_stored_fields()
        ]


def read_key_terms(generation: Path) -> dict[str, list[tuple[str, int]]]:
    return pickle.loads((generation / KEY_TERMS).read_bytes())

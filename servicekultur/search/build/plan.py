"""Planning an index build: what changed, analysed once into arrays, key terms included.

A build fingerprints every page (``fingerprints``), keeps the unchanged ones of the current
generation and analyses only the changed pages: tokens, analysed terms and inverted fields
(``analysis``), and their key terms for „Mehr zum Thema“. Writing the plan is ``indexer``.
"""

from __future__ import annotations

import gc
import json
import pickle
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from servicekultur import allocator
from servicekultur.search.analysis import GermanAnalyzer, fold, load_analyzer
from servicekultur.search.analysis.inverted import Inverted, TermTable, invert, term_table
from servicekultur.search.analysis.lexicon import Lexicon, cached_lexicon, lexicon_version
from servicekultur.search.analysis.tokens import tokenize, vocabulary
from servicekultur.search.analysis.vocabulary import QueryWords, merge_folded
from servicekultur.search.build.fingerprints import analysis_fingerprint, group_fingerprints
from servicekultur.search.build.generations import KeyTerms, read_key_terms
from servicekultur.search.build.keyterms import key_terms
from servicekultur.search.documents import TEXT_FIELDS, SearchDocument, scratch_file
from servicekultur.search.store.layout import (
    KEY_TERMS,
    MANIFEST,
    VOCABULARY,
    current_generation,
    read_lexicon,
    read_query_words,
    vocabulary_words,
)


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


@dataclass
class IndexPlan:
    """What a build changes in the index, analysed before any Whoosh writing.

    ``key_terms`` is complete once the plan exists, so „Mehr zum Thema“ can be computed while
    the index is written in another process beside Pelican's page writing. ``added`` are the
    documents to (re-)index in document-number order; ``inverted`` holds their analysed text
    fields, sorted for the segment writer. The words of the index (vocabulary, query words)
    are kept as the bytes the generation stores: as dicts they held ~35 MiB for 1,500 laws
    while the index was written.
    """

    documents: list[SearchDocument]
    index_dir: Path
    hashes: dict[str, str]
    fingerprint: str
    current: Path | None
    changed: list[str]
    removed: list[str]
    replaced: list[str]
    vocabulary_bytes: bytes  # ``VOCABULARY``: the pickled Counter of written words
    key_terms: KeyTerms
    added: list[SearchDocument]
    table: TermTable
    inverted: dict[str, Inverted]
    start: float
    lexicon: Lexicon
    query_words: bytes  # ``QUERY_WORDS``: the pickled ``QueryWords``

    @property
    def vocabulary(self) -> Counter:
        return pickle.loads(self.vocabulary_bytes)

    @cached_property
    def analyzer(self) -> GermanAnalyzer:
        """The analyzer the plan used (made again: Whoosh's writer needs it for small builds)."""
        folded = QueryWords.loads(self.query_words).words
        return load_analyzer(folded, self.lexicon, folded=True)


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
    old_hashes: dict[str, str] = old.pop("groups", {})
    changed = [g for g, h in hashes.items() if old_hashes.get(g) != h]
    removed = [g for g in old_hashes if g not in hashes]
    if current is not None and not changed and not removed:
        return IndexReport(current, 0, len(hashes), 0, time.perf_counter() - start, False)
    replaced = [*removed, *(g for g in changed if g in old_hashes)]
    del old, old_hashes
    terms = read_key_terms(current) if current is not None else KeyTerms()
    added = [doc for group in changed for doc in groups[group]]
    tokens = tokenize(added, procs)
    new_words = vocabulary(tokens)
    if current is None:
        words = new_words  # the same words: no second dict of them
    else:
        words = vocabulary_words(current)
        words.update(new_words)
    with parked(tokens.ids, index_dir.parent):  # not needed until the fields are inverted
        stored = read_query_words(current) if current is not None else QueryWords.empty()
        folded, spans = stored.words, stored.spans
        merge_folded(folded, new_words)
        lexicon = stored_lexicon(index_dir)
        analyzer = load_analyzer(folded, lexicon, folded=True, build=True)
        for word, df in new_words.items():
            for span in analyzer.splitter.spans(fold(word)):
                spans[span] += df
        # The words of the index are complete: from now on they are the bytes the generation
        # stores, and their dicts (~25 MiB for 1,500 laws) are gone before the term table is
        # made.
        query_words = QueryWords.build(folded, spans).dumps()
        vocabulary_bytes = pickle.dumps(words, protocol=pickle.HIGHEST_PROTOCOL)
        del folded, spans, stored, words, new_words
        table = term_table(tokens.words, analyzer)
        # Every word is analysed: the spellings, the analyzer with its caches and the
        # lexicon's pages go before the big arrays are made.
        analyzer.close()
        del tokens.words[:], analyzer
        lexicon.release_pages()
        give_back_memory()
    inverted = {}
    for name in TEXT_FIELDS:  # each field's word ids are let go once it is inverted
        inverted[name] = invert(tokens.ids.pop(name), tokens.counts[name], table)
    del tokens
    for group in replaced:
        terms.pop(group, None)
    is_page = np.array([doc.id == doc.group for doc in added], dtype=bool)
    page_terms = key_terms(inverted, table, is_page)
    for number in np.flatnonzero(is_page).tolist():
        terms.set_encoded(added[number].group, page_terms.get(number, ""))
    return IndexPlan(
        documents, index_dir, hashes, fingerprint, current, changed, removed, replaced,
        vocabulary_bytes, terms, added, table, inverted, start, lexicon, query_words,
    )  # fmt: skip


def give_back_memory() -> None:
    """Return what the analysis freed to the system before the big arrays are made.

    One full collection (~40 ms for 1,500 laws) frees the few cycles made meanwhile
    (importlib's metadata) and the free lists of tuples and lists, which are scattered over
    Python's arenas and kept ~40 MiB of them; glibc's ``malloc_trim`` then gives back the free
    pages inside its heap (dicts and lists of the analysis), which it keeps otherwise."""
    gc.collect()
    allocator.trim()


@contextmanager
def parked(arrays: dict[str, np.ndarray], folder: Path) -> Iterator[None]:
    """The arrays of ``arrays`` on disk while the block runs, back in the dict afterwards: an
    unnamed file, read back from the system's page cache. The word ids of all documents wait
    there while every distinct word is analysed and the words are stored as bytes (the index
    job's peak for 1,500 laws comes while both the words' dicts and their bytes exist)."""
    with scratch_file(folder, "kb-parked-") as file:
        names = list(arrays)
        for name in names:
            np.save(file, arrays.pop(name), allow_pickle=False)
        try:
            yield
        finally:
            file.seek(0)
            for name in names:
                arrays[name] = np.load(file, allow_pickle=False)


def stored_lexicon(index_dir: Path) -> Lexicon:
    """The lexicon of the live generation if it is current, else the machine's (derived once)."""
    lexicon = read_lexicon(current_generation(index_dir))
    if lexicon is None or lexicon.version != lexicon_version():
        lexicon = cached_lexicon()
    return lexicon

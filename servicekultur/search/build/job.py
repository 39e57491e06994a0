"""Planning and writing the Whoosh index in a second process while the build writes the pages.

The process is forked when the build starts (``IndexJob``), while Pelican's process holds little
more than its imports; once every document is read, the build sends it the search documents.
It plans the index (tokens, analysed arrays, the lexicon it searches), sends back the key terms
for „Mehr zum Thema“ and writes the new generation. So the analysed arrays, the lexicon's pages
and the writer's buffers live in that process only, and the build's own process never holds
them — a process forked later would share Pelican's whole heap, and every page either process
touched afterwards would be copied.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable
from pathlib import Path

from servicekultur import allocator
from servicekultur.forking import Channel, ChildFailed, Worker, can_fork
from servicekultur.search.build.generations import KeyTerms, read_key_terms
from servicekultur.search.build.indexer import execute_plan
from servicekultur.search.build.plan import IndexReport, plan_index
from servicekultur.search.documents import BodySpill, SearchDocument, packed

logger = logging.getLogger(__name__)
BATCH = 500  # documents pickled and sent to the worker at a time


_TAKEN = KeyTerms()  # what ``IndexJob.planned`` leaves once it handed the key terms out


class IndexWriteFailed(RuntimeError):
    """The index could not be written; the previous index stays live."""


def plan_and_write(
    documents: list[SearchDocument], index_dir: Path, procs: int, send
) -> IndexReport:
    """Plan the index of ``documents``, ``send`` the key terms, then write it (if it changed)."""
    plan = plan_index(documents, index_dir, procs=procs)
    if isinstance(plan, IndexReport):  # nothing changed: the live index stays
        send(read_key_terms(plan.generation))
        return plan
    send(plan.key_terms)
    return execute_plan(plan, procs)


def _serve(channel: Channel, index_dir: Path, procs: int) -> None:
    documents: list[SearchDocument] = []
    seen: dict = {}  # values already received (see ``packed``)
    with BodySpill(index_dir.parent) as spill:  # the bodies wait there until they are read
        while (batch := channel.receive()) is not None:
            documents.extend(spill.keep(packed(doc, seen)) for doc in batch)
        del seen
        allocator.trim()  # the unpickled texts were freed in pieces between the kept ones
        channel.send(plan_and_write(documents, index_dir, procs, channel.send))


class IndexJob:
    """One index build: in a forked process where ``fork`` is available, else in this one."""

    def __init__(self, index_dir: Path, procs: int, background: bool) -> None:
        self.index_dir = Path(index_dir)
        self._procs = procs
        self._report: IndexReport | None = None
        self._terms: KeyTerms | None = None
        self._worker: Worker | None = None
        if background and can_fork():
            self._worker = Worker(_serve, self.index_dir, procs, name="kb-search-index")

    def key_terms(self, documents: Iterable[SearchDocument]) -> KeyTerms:
        """:meth:`hand_over`, then :meth:`planned`."""
        self.hand_over(documents)
        return self.planned()

    def hand_over(self, documents: Iterable[SearchDocument]) -> None:
        """Send the build's documents and return while the index is planned: the build goes on
        with other work until it needs the key terms (:meth:`planned`). The documents are sent
        ``BATCH`` at a time as they come: the build never holds all their texts, nor one pickle
        of them all."""
        if self._worker is None:
            found: list[KeyTerms] = []
            everything = list(documents)
            self._report = plan_and_write(everything, self.index_dir, self._procs, found.append)
            self._terms = found[0]
            return
        try:
            documents = iter(documents)
            while batch := list(itertools.islice(documents, BATCH)):
                self._worker.send(batch)
            self._worker.send(None)
            allocator.trim()  # the texts of the documents sent were freed between kept objects
        except ChildFailed as error:
            raise IndexWriteFailed(f"Suchindex nicht geplant: {error}") from None

    def planned(self) -> KeyTerms:
        """The key terms of the documents handed over, once the index is planned (the index is
        written meanwhile, see :meth:`wait`). Handed out once: the job keeps no reference
        (~7 MiB for 10,000 pages, for the rest of the build)."""
        if self._terms is None:
            try:
                self._terms = self._worker.receive()
            except ChildFailed as error:
                raise IndexWriteFailed(f"Suchindex nicht geplant: {error}") from None
        terms, self._terms = self._terms, _TAKEN
        if terms is _TAKEN:
            raise RuntimeError("the key terms were handed out already")
        return terms

    def wait(self) -> IndexReport:
        """The report once the index is written; raises :class:`IndexWriteFailed` otherwise."""
        if self._report is None:
            try:
                self._report = self._worker.receive()
            except ChildFailed as error:
                raise IndexWriteFailed(f"Suchindex nicht geschrieben: {error}") from None
            finally:
                self._worker.stop(finished=True)
        return self._report

    def abandon(self) -> None:
        """Stop a worker whose build was given up (its generation is never published)."""
        if self._worker is not None:
            self._worker.stop()

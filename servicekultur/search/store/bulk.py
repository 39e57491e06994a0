"""Writing many documents at once: one new segment per process, committed together.

The inverted fields are shared with the writer processes by ``fork`` (nothing is pickled on
the way in); each process writes the segment of a contiguous range of documents and sends
back the small segment description, which the parent commits with its own segment in one TOC.
"""

from __future__ import annotations

import itertools
import logging

import numpy as np
from whoosh.index import Index

from servicekultur.forking import Child, can_fork
from servicekultur.search.analysis.inverted import Inverted
from servicekultur.search.analysis.termlist import TermList
from servicekultur.search.analysis.tokens import counts_of
from servicekultur.search.documents import SearchDocument
from servicekultur.search.store.segment import BulkSegmentWriter

logger = logging.getLogger(__name__)

MIN_DOCUMENTS_PER_PROCESS = 2000  # below this a second process costs more than it saves


def split_points(inverted: dict[str, Inverted], count: int, parts: int) -> list[int]:
    """Document numbers cutting ``count`` documents into ``parts`` ranges of similar work."""
    if parts == 1:
        return [0, count]
    work = np.ones(count, dtype=np.int64)
    for inv in inverted.values():
        work += counts_of(inv.doc, count)
    total = np.cumsum(work)
    cuts = np.searchsorted(total, total[-1] * np.arange(1, parts) / parts).tolist()
    return [0, *sorted(set(cuts) - {0, count}), count]


def _write_part(ix: Index, documents, inverted, terms, first: int):
    writer = BulkSegmentWriter(ix, _lk=False)
    writer.write_documents(documents, inverted, terms, first)
    return writer._finalize_segment()


def write_bulk(
    ix: Index,
    documents: list[SearchDocument],
    inverted: dict[str, Inverted],
    terms: TermList,
    delete_groups: list[str],
    procs: int = 1,
) -> None:
    """Delete ``delete_groups`` and add ``documents`` as new segments of ``ix``, in one commit."""
    parts = max(1, min(procs, len(documents) // MIN_DOCUMENTS_PER_PROCESS))
    if not can_fork():
        parts = 1
    bounds = split_points(inverted, len(documents), parts) if documents else [0, 0]
    writer = BulkSegmentWriter(ix)
    children: list[Child] = []
    try:
        for group in delete_groups:
            writer.delete_by_term("group", group)
        for first, end in itertools.pairwise(bounds[1:]):
            args = (ix, documents[first:end], inverted, terms, first)
            children.append(Child(_write_part, *args, name="kb-search-segment"))
        writer.write_documents(documents[: bounds[1]], inverted, terms, 0)
        segments = [child.result() for child in children]
    except BaseException:
        for child in children:
            child.stop()
        writer.cancel()
        raise
    writer.commit_with(segments)
    logger.debug("bulk: %d documents in %d segment(s)", len(documents), len(bounds) - 1)

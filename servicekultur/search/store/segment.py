"""Writing a Whoosh segment straight from inverted fields, without Whoosh's posting pool.

``SegmentWriter.add_document`` sends every posting through an external-sort pool (pickled
runs, a heap merge) and looks up each document's field length again while writing. Our
postings are already sorted (``tokens.invert``), so :class:`BulkSegmentWriter` hands them to
the codec directly: stored fields and field lengths through the codec's per-document writer,
postings as W3 blocks of up to 128 (the layout ``W3PostingsWriter`` writes and
``W3LeafMatcher`` reads). The result is an ordinary Whoosh segment; deletions, incremental
``add_document`` and merging later work through the normal ``ix.writer()``.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
from whoosh.writing import NO_MERGE, SegmentWriter

from servicekultur import allocator
from servicekultur.search.analysis.inverted import (
    Inverted,
    first_rows,
    pair_counts,
    term_runs,
)
from servicekultur.search.analysis.termlist import TermList
from servicekultur.search.analysis.tokens import counts_of
from servicekultur.search.documents import SearchDocument
from servicekultur.search.store import arrays
from servicekultur.search.store.blocks import (
    append_postings,
    encode_positions,
    length_bytes,
    position_deltas,
    single_position_codes,
    stored_lengths,
    write_postings,
)
from servicekultur.search.store.schema import (
    PART_WEIGHT,
    TEXT_FIELDS,
    key_fields,
    plain_fields,
)

ROWS_PER_RUN = 1 << 18  # rows of a text field written together (whole terms)


class PlainRows(NamedTuple):
    """Postings of a field indexed as it is (IDs, tags), in document order: each row's
    document and posting (an index into ``postings``, each distinct posting once). Arrays, not
    a tuple per row: the tags of 10,000 pages' documents are ~100,000 rows."""

    doc: np.ndarray
    posting: np.ndarray
    postings: list  # (term bytes, frequency, weight, value) as ``field.index`` gives them

    @classmethod
    def of(cls, field, values: list) -> PlainRows:
        known: dict = {}  # value → the indices of its postings
        postings: list = []
        doc, posting = array("i"), array("i")
        for docnum, value in enumerate(values):
            mine = known.get(value)
            if mine is None:
                found = list(field.index(value))
                mine = known[value] = range(len(postings), len(postings) + len(found))
                postings += found
            doc.extend([docnum] * len(mine))
            posting.extend(mine)
        return cls(np.frombuffer(doc, np.int32), np.frombuffer(posting, np.int32), postings)

    def lengths(self, count: int) -> np.ndarray:
        """Each document's field length: the frequencies of its postings added up."""
        freq = np.array([p[1] for p in self.postings] or [0], dtype=np.int64)
        return np.bincount(self.doc, weights=freq[self.posting], minlength=count).astype(np.int64)


def _rows_of(inv: Inverted, first: int, count: int) -> Inverted:
    """The rows of documents ``first`` … ``first + count - 1``, numbered from 0: the arrays
    themselves when that is all of them (one process), else a copy of the range."""
    if first == 0 and (not len(inv.doc) or int(inv.doc.max()) < count):
        return inv
    keep = (inv.doc >= first) & (inv.doc < first + count)
    return Inverted(inv.term[keep], inv.doc[keep] - first, inv.pos[keep], inv.variant[keep])


class BulkSegmentWriter(SegmentWriter):
    """A ``SegmentWriter`` whose new segment is written from inverted fields in one go."""

    def write_documents(
        self,
        documents: list[SearchDocument],
        inverted: dict[str, Inverted],
        terms: TermList,
        first: int,
    ) -> None:
        """Add ``documents`` (numbers ``first``… in ``inverted``) as this writer's segment.
        Each text field leaves ``inverted`` once written: the body's rows would stay the
        largest part of the job's memory while the other fields are written."""
        count = len(documents)
        if not count:
            return
        mine = {name: _rows_of(inverted[name], first, count) for name in TEXT_FIELDS}
        lengths = {n: counts_of(mine[n].doc, count) for n in TEXT_FIELDS}
        columns: dict[str, list] = {}  # field → its value for each document (no texts)
        for doc in documents:
            for name, value in key_fields(doc).items():
                columns.setdefault(name, []).append(value)
        plain = {
            name: field
            for name, field in self.schema.items()
            if name in columns and name not in TEXT_FIELDS and field.indexed
        }
        # Postings of a plain field exist one field at a time, except the scorable ones
        # (tags): their lengths are written with each document.
        postings = {n: PlainRows.of(f, columns[n]) for n, f in plain.items() if f.scorable}
        for name, rows in postings.items():
            lengths[name] = rows.lengths(count)
        # The texts are read one document at a time (a packed body is unpacked only then).
        self._write_per_document(documents, lengths)
        allocator.trim()  # what a step freed goes back before the next one (``allocator``)
        encoded = terms.encoded
        folder = arrays.arrays_dir(self.storage.folder, self.newsegment.segment_id())
        folder.mkdir(parents=True, exist_ok=True)
        for name in sorted(name for name, field in self.schema.items() if field.indexed):
            if name in mine:
                length_byte = length_bytes(lengths[name]).astype(np.uint8)  # one byte each
                inverted.pop(name)
                self._write_text_field(name, mine.pop(name), encoded, length_byte, folder)
                # Whoosh keeps a field length as one byte: BM25F sees the rounded length.
                rounded = stored_lengths(lengths[name])
                arrays.write_lengths(folder, name, rounded)
            elif name in plain:
                rows = postings.pop(name, None) or PlainRows.of(plain[name], columns[name])
                self._write_plain_field(name, rows, lengths.get(name))
            allocator.trim()
        arrays.finish(folder)
        self.docnum = count
        self._added = count > 0

    def _write_per_document(
        self, documents: list[SearchDocument], lengths: dict[str, np.ndarray]
    ) -> None:
        pdw = self.perdocwriter
        stored = sorted(name for name, field in self.schema.items() if field.stored)
        scorable = [(n, self.schema[n], lengths[n].tolist()) for n in sorted(lengths)]
        for docnum, doc in enumerate(documents):
            values = plain_fields(doc)
            pdw.start_doc(docnum)
            pdw._storedfields = {name: values[name] for name in stored}
            for name, field, length in scorable:
                if length[docnum]:
                    pdw.add_field(name, field, None, length[docnum])
            pdw.finish_doc()

    def _write_plain_field(self, name: str, rows: PlainRows, lengths: np.ndarray | None) -> None:
        if not len(rows.doc):
            return
        # rows by term (the bytes), stable: documents stay in order
        terms = sorted({posting[0] for posting in rows.postings})
        term_id = {term: i for i, term in enumerate(terms)}
        posting_term = np.array([term_id[p[0]] for p in rows.postings], dtype=np.int64)
        posting_weight = np.array([p[2] for p in rows.postings], dtype=np.float32)
        order = np.argsort(posting_term[rows.posting], kind="stable")
        posting = rows.posting[order]
        term, doc = posting_term[posting], rows.doc[order].astype(np.int64)
        weight = posting_weight[posting]
        post_lb = length_bytes(lengths[doc]) if lengths is not None else np.zeros_like(doc)

        def value_slice(a: int, b: int) -> list[bytes]:
            return [rows.postings[i][3] or b"" for i in posting[a:b].tolist()]

        field = self.schema[name]
        write_postings(
            self.fieldwriter, name, field, terms, term, doc, weight, value_slice, post_lb
        )

    def _write_text_field(
        self,
        name: str,
        inv: Inverted,
        terms: Sequence[bytes],
        length_byte: np.ndarray,
        folder: Path,
    ) -> None:
        """The field's postings and its query-ready arrays, written ``ROWS_PER_RUN`` rows of
        whole terms at a time: at no time do all postings of the body exist as arrays (for
        10,000 pages their columns cost ~120 MiB at the index job's peak)."""
        out = arrays.FieldArrays(folder, name, sum(pair_counts(inv)))
        field = self.schema[name]
        boost = field.format.field_boost
        if len(inv.term):
            self.fieldwriter.start_field(name, field)
        codes = None
        for low, high in term_runs(inv.term, ROWS_PER_RUN):
            columns = (inv.term, inv.doc, inv.pos, inv.variant)
            run = Inverted(*(column[low:high] for column in columns))
            starts, freq = first_rows(run)
            term, doc = run.term[starts], run.doc[starts]
            # As ``PreAnalyzedText.index``: a word counts 1, a part of a written word
            # PART_WEIGHT. Counted, not summed row by row: the same numbers (sums of 1 and 0.5
            # are exact) without a float per row.
            words = np.add.reduceat(run.variant == 0, starts, dtype=np.int32)
            weight = ((words + (freq - words) * PART_WEIGHT) * boost).astype(np.float32)
            del words
            deltas = position_deltas(run.pos, starts)
            codes = single_position_codes(deltas, starts, freq, codes)

            def values(a: int, b: int, deltas=deltas, starts=starts, freq=freq, codes=codes):
                return encode_positions(deltas, starts[a:b], freq[a:b], codes)

            post_lb = length_byte[doc]
            append_postings(self.fieldwriter, field, terms, term, doc, weight, values, post_lb)
            out.add(term, doc, weight)
        if len(inv.term):
            self.fieldwriter.finish_field()
        out.close(terms)

    def _flush_segment(self) -> None:
        # No pool to drain: the postings were written by write_documents.
        self.perdocwriter.close()
        self.fieldwriter.close()

    def commit_with(self, segments: list) -> None:
        """Commit this writer's segment, its deletions and ``segments`` written by other
        processes. Nothing is merged: merging would send postings through the pool."""
        self._check_state()
        final = NO_MERGE(self, self.segments)
        if self._added:
            final.append(self._finalize_segment())
        else:
            self._close_segment()
        self._commit_toc([*final, *segments])
        self._finish()

    def commit(self, mergetype=None, optimize=None, merge=None) -> None:
        self.commit_with([])

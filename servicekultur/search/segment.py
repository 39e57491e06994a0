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

import zlib
from pickle import dumps

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import _length_byte_cache
from whoosh.writing import NO_MERGE, SegmentWriter

from servicekultur.search.documents import SearchDocument
from servicekultur.search.keyterms import first_rows
from servicekultur.search.schema import TEXT_FIELDS, plain_fields
from servicekultur.search.tokens import Inverted

BLOCK = 128  # postings per block, as W3Codec(blocklimit=128)
COMPRESSION = 3  # zlib level, as W3Codec(compression=3)
_LENGTH_BYTES = np.asarray(_length_byte_cache, dtype=np.int64)


def length_bytes(lengths: np.ndarray) -> np.ndarray:
    """Whoosh's ``length_to_byte`` for an array of field lengths."""
    return np.minimum(np.searchsorted(_LENGTH_BYTES, lengths, side="left"), 255)


def encode_positions(pos: np.ndarray, starts: np.ndarray, freq: np.ndarray) -> np.ndarray:
    """``Positions.encode`` of every posting: its frequency and pickled position deltas."""
    values = np.empty(len(starts), dtype=object)
    single = freq == 1
    first = pos[starts]
    if single.any():
        cache = np.empty(int(first[single].max()) + 1, dtype=object)
        cache[:] = [pack_uint(1) + dumps([p], 2) for p in range(len(cache))]
        values[single] = cache[first[single]]
    multi = np.flatnonzero(~single)
    if len(multi):
        deltas = np.diff(pos, prepend=0)
        deltas[starts] = first
        listed = deltas.tolist()
        values[multi] = [
            pack_uint(f) + dumps(listed[s : s + f], 2)
            for s, f in zip(starts[multi].tolist(), freq[multi].tolist(), strict=True)
        ]
    return values


def _mini_weights(low: float, high: float, weights: list[float], a: int, b: int):
    """A block's weights as W3 stores them: ``None`` if all are 1, one number if all equal."""
    if low != high:
        return tuple(weights[a:b])
    return None if low == 1.0 else low


def _mini_values(fixed_size: int | None, values: np.ndarray):
    """A block's values as W3 stores them: each, joined (fixed size) or nothing (size 0)."""
    if fixed_size is None:
        return tuple(values)
    return b"".join(values) if fixed_size else None


class BulkSegmentWriter(SegmentWriter):
    """A ``SegmentWriter`` whose new segment is written from inverted fields in one go."""

    def write_documents(
        self,
        documents: list[SearchDocument],
        inverted: dict[str, Inverted],
        terms: list[str],
        first: int,
    ) -> None:
        """Add ``documents`` (numbers ``first``… in ``inverted``) as this writer's segment."""
        count = len(documents)
        if not count:
            return
        mine = {}
        for name in TEXT_FIELDS:
            inv = inverted[name]
            keep = (inv.doc >= first) & (inv.doc < first + count)
            mine[name] = Inverted(inv.term[keep], inv.doc[keep] - first, inv.pos[keep], None)
        lengths = {n: np.bincount(mine[n].doc, minlength=count) for n in TEXT_FIELDS}
        plain = [plain_fields(doc) for doc in documents]
        postings = self._plain_postings(plain, lengths)
        self._write_per_document(plain, lengths)
        encoded = [term.encode("utf-8") for term in terms]
        for name in sorted(name for name, field in self.schema.items() if field.indexed):
            if name in mine:
                self._write_text_field(name, mine[name], encoded, length_bytes(lengths[name]))
            elif name in postings:
                self._write_plain_field(name, postings[name], lengths.get(name))
        self.docnum = count
        self._added = count > 0

    def _plain_postings(self, plain: list[dict], lengths: dict[str, np.ndarray]) -> dict:
        """Postings of the fields indexed as they are (IDs, tags): field → (docnum, posting)
        in document order; the lengths of scorable ones are added to ``lengths``."""
        result = {}
        for name, field in self.schema.items():
            if name in TEXT_FIELDS or not field.indexed or name not in plain[0]:
                continue
            cache: dict = {}
            rows = []
            for docnum, values in enumerate(plain):
                value = values[name]
                if value not in cache:
                    cache[value] = list(field.index(value))
                rows.extend((docnum, posting) for posting in cache[value])
            result[name] = rows
            if field.scorable:
                length = np.zeros(len(plain), dtype=np.int64)
                for docnum, (_, freq, _, _) in rows:
                    length[docnum] += freq
                lengths[name] = length
        return result

    def _write_per_document(self, plain: list[dict], lengths: dict[str, np.ndarray]) -> None:
        pdw = self.perdocwriter
        stored = sorted(name for name, field in self.schema.items() if field.stored)
        scorable = [(n, self.schema[n], lengths[n].tolist()) for n in sorted(lengths)]
        for docnum, values in enumerate(plain):
            pdw.start_doc(docnum)
            pdw._storedfields = {name: values[name] for name in stored}
            for name, field, length in scorable:
                if length[docnum]:
                    pdw.add_field(name, field, None, length[docnum])
            pdw.finish_doc()

    def _write_plain_field(self, name: str, rows: list, lengths: np.ndarray | None) -> None:
        if not rows:
            return
        rows = sorted(rows, key=lambda row: row[1][0])  # stable: documents stay in order
        terms = sorted({posting[0] for _, posting in rows})
        term_id = {term: i for i, term in enumerate(terms)}
        term = np.array([term_id[posting[0]] for _, posting in rows], dtype=np.int64)
        doc = np.array([docnum for docnum, _ in rows], dtype=np.int64)
        weight = np.array([posting[2] for _, posting in rows], dtype=np.float32)
        values = np.empty(len(rows), dtype=object)
        values[:] = [posting[3] or b"" for _, posting in rows]
        post_lb = length_bytes(lengths[doc]) if lengths is not None else np.zeros_like(doc)
        self._write_postings(name, terms, term, doc, weight, values, post_lb)

    def _write_text_field(
        self, name: str, inv: Inverted, terms: list[bytes], length_byte: np.ndarray
    ) -> None:
        starts, freq = first_rows(inv)
        if not len(starts):
            return
        doc = inv.doc[starts]
        weight = (freq * self.schema[name].format.field_boost).astype(np.float32)
        values = encode_positions(inv.pos, starts, freq)
        self._write_postings(name, terms, inv.term[starts], doc, weight, values, length_byte[doc])

    def _write_postings(
        self,
        name: str,
        terms: list[bytes],
        term: np.ndarray,
        doc: np.ndarray,
        weight: np.ndarray,
        values: np.ndarray,
        post_lb: np.ndarray,
    ) -> None:
        """Write one field's postings (sorted by term, then document) as W3 blocks."""
        field = self.schema[name]
        fixed_size = field.format.fixed_value_size()
        fw = self.fieldwriter
        fw.start_field(name, field)
        # Term runs, and blocks of up to BLOCK postings inside each run.
        term_start = np.flatnonzero(np.r_[True, term[1:] != term[:-1]])
        term_end = np.r_[term_start[1:], len(term)]
        nblocks = (term_end - term_start + BLOCK - 1) // BLOCK
        owner = np.repeat(np.arange(len(term_start)), nblocks)
        rank = np.arange(len(owner)) - np.repeat(np.cumsum(nblocks) - nblocks, nblocks)
        block_start = term_start[owner] + rank * BLOCK
        block_end = np.minimum(block_start + BLOCK, term_end[owner])
        deltas = np.diff(doc, prepend=0)
        deltas[block_start] = doc[block_start]
        stats = [
            block_start.tolist(),
            block_end.tolist(),
            (block_end == term_end[owner]).tolist(),
            np.minimum.reduceat(weight, block_start).tolist(),
            np.maximum.reduceat(weight, block_start).tolist(),
            np.minimum.reduceat(post_lb, block_start).tolist(),
            np.maximum.reduceat(post_lb, block_start).tolist(),
        ]
        term_info = [
            term[term_start].tolist(),
            np.add.reduceat(weight.astype(np.float64), term_start).tolist(),
            (term_end - term_start).tolist(),
            np.minimum.reduceat(post_lb, term_start).tolist(),
            np.maximum.reduceat(post_lb, term_start).tolist(),
            np.maximum.reduceat(weight, term_start).tolist(),
            doc[term_start].tolist(),
            doc[term_end - 1].tolist(),
        ]
        ids, weights, docs = deltas.tolist(), weight.tolist(), doc.tolist()
        postfile, tindex = fw._postfile, fw._tindex
        prefix = pack_ushort(fw._fieldid)
        pack_terminfo = W3TermInfo._struct.pack
        chunks: list[bytes] = []
        offset = postfile.tell()
        term_offset = offset
        infos = zip(*term_info, strict=True)
        for a, b, last, wmin, wmax, lmin, lmax in zip(*stats, strict=True):
            if offset == term_offset:
                chunks.append(WHOOSH3_HEADER_MAGIC)
                offset += len(WHOOSH3_HEADER_MAGIC)
            mini = _mini_weights(wmin, wmax, weights, a, b)
            vs = _mini_values(fixed_size, values[a:b])
            data = zlib.compress(dumps((tuple(ids[a:b]), mini, vs), 2), COMPRESSION)
            info = dumps((b - a, docs[b - 1], wmax, COMPRESSION, lmin, lmax), 2)
            size = len(info) + len(data)
            chunks += (pack_int(-size if last else size), info, data)
            offset += 4 + size
            if last:
                tid, total, df, tmin, tmax, maxweight, minid, maxid = next(infos)
                record = pack_terminfo(0, total, df, tmin, tmax, maxweight, minid, maxid)
                record += pack_long(term_offset) + pack_int(offset - term_offset)
                tindex.add(prefix + terms[tid], record)
                term_offset = offset
        postfile.write(b"".join(chunks))
        fw.finish_field()

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

"""W3 posting blocks written from numpy arrays: the layout ``W3PostingsWriter`` writes.

A term's postings are cut into blocks of up to 128; each block is a pickled, zlib-compressed
tuple (document-number deltas, weights, values) after a small pickled header (count, last
document, max weight, compression, min/max length byte), and each term gets a W3 term info
row in the terms table. ``W3LeafMatcher`` and ``W3TermInfo`` read them back unchanged.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Sequence
from pickle import dumps

import numpy as np
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3TermInfo
from whoosh.fields import FieldType
from whoosh.system import pack_int, pack_long, pack_uint, pack_ushort
from whoosh.util.numeric import _length_byte_cache

BLOCK = 128  # postings per block, as W3Codec(blocklimit=128)
COMPRESSION = 3  # zlib level, as W3Codec(compression=3)
# Smaller blocks are stored as they are (level 0 in the block's info, which Whoosh's reader
# honours): zlib makes them no smaller and cost ~20 µs each — about half of all blocks (a term
# in one or two documents); Whoosh's own writer means to skip those below 20 bytes too.
MIN_COMPRESSED = 64
# Whoosh pickles blocks with protocol 2, which has no opcode for bytes (each value becomes a
# ``codecs.encode`` call); its reader unpickles any protocol, and 5 stores bytes as they are.
PROTOCOL = 5
# Postings whose Python objects (values, ids, weights) exist at one time: about 200 bytes each,
# so a chunk costs ~3 MiB at its peak (1 << 18 cost ~55 MiB in the index writer's process).
CHUNK = 1 << 14
_LENGTH_BYTES = np.asarray(_length_byte_cache, dtype=np.int64)


def length_bytes(lengths: np.ndarray) -> np.ndarray:
    """Whoosh's ``length_to_byte`` for an array of field lengths."""
    return np.minimum(np.searchsorted(_LENGTH_BYTES, lengths, side="left"), 255)


def stored_lengths(lengths: np.ndarray) -> np.ndarray:
    """The field lengths Whoosh gives back (``byte_to_length(length_to_byte(n))``)."""
    return _LENGTH_BYTES[length_bytes(lengths)]


def position_deltas(pos: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Each position minus the one before it in the same posting (the first stays as is)."""
    deltas = np.empty_like(pos)  # in the positions' own dtype, without a padded copy
    deltas[:1] = pos[:1]
    np.subtract(pos[1:], pos[:-1], out=deltas[1:])
    deltas[starts] = pos[starts]
    return deltas


def single_position_codes(
    deltas: np.ndarray, starts: np.ndarray, freq: np.ndarray, known: np.ndarray | None = None
) -> np.ndarray:
    """The encoded value of a one-position posting, by position (made once per field and
    grown as later runs of it need: ``known`` are the codes made so far)."""
    first = deltas[starts[freq == 1]]
    size = int(first.max()) + 1 if len(first) else 0
    if known is not None and len(known) >= size:
        return known
    codes = np.empty(size, dtype=object)
    codes[:] = [pack_uint(1) + dumps([p], 2) for p in range(size)]
    return codes


def encode_positions(
    deltas: np.ndarray, starts: np.ndarray, freq: np.ndarray, codes: np.ndarray | None = None
) -> np.ndarray:
    """``Positions.encode`` of some postings: frequency and pickled position deltas
    (``codes``: :func:`single_position_codes` of the field, else made for these postings)."""
    values = np.empty(len(starts), dtype=object)
    single = freq == 1
    first = deltas[starts[single]]
    if len(first):
        if codes is None:
            codes = single_position_codes(deltas, starts, freq)
        values[single] = codes[first]
    multi = np.flatnonzero(~single)
    if len(multi):
        low, high = int(starts[multi[0]]), int(starts[multi[-1]] + freq[multi[-1]])
        listed = deltas[low:high].tolist()
        values[multi] = [
            pack_uint(f) + dumps(listed[s - low : s - low + f], 2)
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


def _block_layout(term, doc, weight, post_lb) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Blocks of up to ``BLOCK`` postings inside each term's run, with the statistics W3
    keeps per block (start, end, last of its term, min/max weight, min/max length byte)
    and per term (term, total weight, documents, min/max length byte, max weight, first
    and last document)."""
    term_start = np.flatnonzero(np.r_[True, term[1:] != term[:-1]])
    term_end = np.r_[term_start[1:], len(term)]
    nblocks = (term_end - term_start + BLOCK - 1) // BLOCK
    owner = np.repeat(np.arange(len(term_start)), nblocks)
    rank = np.arange(len(owner)) - np.repeat(np.cumsum(nblocks) - nblocks, nblocks)
    block_start = term_start[owner] + rank * BLOCK
    block_end = np.minimum(block_start + BLOCK, term_end[owner])
    blocks = [
        block_start,
        block_end,
        block_end == term_end[owner],
        np.minimum.reduceat(weight, block_start),
        np.maximum.reduceat(weight, block_start),
        np.minimum.reduceat(post_lb, block_start),
        np.maximum.reduceat(post_lb, block_start),
    ]
    terms = [
        term[term_start],
        np.add.reduceat(weight.astype(np.float64), term_start),
        term_end - term_start,
        np.minimum.reduceat(post_lb, term_start),
        np.maximum.reduceat(post_lb, term_start),
        np.maximum.reduceat(weight, term_start),
        doc[term_start],
        doc[term_end - 1],
    ]
    return blocks, terms


def write_postings(fw: W3FieldWriter, name: str, field: FieldType, *postings) -> None:
    """Write one field's postings as W3 blocks, all in one run (``postings``: the arguments
    of :func:`append_postings` after ``field``)."""
    fw.start_field(name, field)
    append_postings(fw, field, *postings)
    fw.finish_field()


def append_postings(
    fw: W3FieldWriter,
    field: FieldType,
    terms: Sequence[bytes],
    term: np.ndarray,
    doc: np.ndarray,
    weight: np.ndarray,
    values: Callable[[int, int], Sequence[bytes]],
    post_lb: np.ndarray,
) -> None:
    """Write the postings of some whole terms (sorted by term, then document) to the field
    ``fw`` has started; a field may be written in several such runs, in term order.

    ``values(a, b)`` gives the encoded values of postings ``a:b``; the per-posting Python
    objects exist for one chunk of blocks at a time, which bounds the memory."""
    fixed_size = field.format.fixed_value_size()
    blocks, term_info = _block_layout(term, doc, weight, post_lb)
    deltas = np.diff(doc, prepend=np.zeros(1, doc.dtype))  # in the documents' own dtype
    deltas[blocks[0]] = doc[blocks[0]]
    postfile, tindex = fw._postfile, fw._tindex
    prefix = pack_ushort(fw._fieldid)
    pack_terminfo = W3TermInfo._struct.pack
    offset = postfile.tell()
    term_offset = offset
    chunk = blocks[0] // CHUNK
    cuts = np.flatnonzero(np.r_[True, chunk[1:] != chunk[:-1], True])
    ends_term = np.cumsum(blocks[2])  # terms finished up to each block (they end a chunk, too)
    for first, stop in itertools.pairwise(cuts.tolist()):
        low, high = int(blocks[0][first]), int(blocks[1][stop - 1])
        t0, t1 = int(ends_term[first - 1]) if first else 0, int(ends_term[stop - 1])
        infos = zip(*(column[t0:t1].tolist() for column in term_info), strict=True)
        ids, docs = deltas[low:high].tolist(), doc[low:high].tolist()
        weights, vals = weight[low:high].tolist(), values(low, high)
        out: list[bytes] = []
        for a, b, last, wmin, wmax, lmin, lmax in zip(
            *(column[first:stop].tolist() for column in blocks), strict=True
        ):
            a, b = a - low, b - low
            if offset == term_offset:
                out.append(WHOOSH3_HEADER_MAGIC)
                offset += len(WHOOSH3_HEADER_MAGIC)
            mini = _mini_weights(wmin, wmax, weights, a, b)
            vs = _mini_values(fixed_size, vals[a:b])
            data = dumps((tuple(ids[a:b]), mini, vs), PROTOCOL)
            level = COMPRESSION if len(data) >= MIN_COMPRESSED else 0
            if level:
                data = zlib.compress(data, level)
            info = dumps((b - a, docs[b - 1], wmax, level, lmin, lmax), 2)
            size = len(info) + len(data)
            out += (pack_int(-size if last else size), info, data)
            offset += 4 + size
            if last:
                tid, total, df, tmin, tmax, maxweight, minid, maxid = next(infos)
                record = pack_terminfo(0, total, df, tmin, tmax, maxweight, minid, maxid)
                record += pack_long(term_offset) + pack_int(offset - term_offset)
                tindex.add(prefix + terms[tid], record)
                term_offset = offset
        postfile.write(b"".join(out))

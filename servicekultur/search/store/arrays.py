"""Query-ready arrays beside each Whoosh segment, written at build time, memory-mapped to search.

Reading a term's postings through Whoosh costs a Python step per block, and reading a whole
index ahead took a minute on 1,500 laws. So every segment gets a folder
``arrays/<segment id>/`` with, per text field, its terms (sorted bytes), where each term's
postings start, their segment-local document numbers and their BM25F weights, plus the field
length of every document. The service maps these ``.npy`` files and slices a term's postings
with one binary search: nothing is read ahead, so a generation opens in milliseconds.

Segments are immutable, so their arrays are too: a new generation hard-links the ones it keeps
(``link_copy``), writes arrays for its new segments (the bulk writer from its inverted arrays,
``ensure_arrays`` by reading a segment Whoosh's own writer made) and drops those of segments
merged away. ``tests/test_search_store_writer.py`` pins both ways to the same arrays.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ARRAYS = "arrays"
EMPTY_TERMS = np.zeros(0, dtype="S1")


def arrays_dir(generation: Path, segment_id: str) -> Path:
    return Path(generation) / ARRAYS / segment_id


def write_field(folder: Path, name: str, terms: Sequence[bytes], term, doc, weight) -> None:
    """One field's postings (sorted by term id, then document) as terms/starts/docs/weights,
    all in one run of :class:`FieldArrays`."""
    out = FieldArrays(folder, name, len(term))
    out.add(np.asarray(term), doc, weight)
    out.close(terms)


class FieldArrays:
    """One field's arrays (terms, starts, docs, weights) written run by run (runs of whole
    terms, in term order): documents and weights go to disk as each run comes, so the field's
    postings never exist whole in memory; its terms and their starts are saved by
    :meth:`close`."""

    def __init__(self, folder: Path, name: str, postings: int) -> None:
        self._folder, self._name, self._size = folder, name, postings
        self._files = {
            part: _start_npy(folder / f"{name}.{part}.npy", dtype, postings)
            for part, dtype in (("docs", np.int32), ("weights", np.float32))
        }
        self._term_ids: list[np.ndarray] = []
        self._cuts: list[np.ndarray] = []
        self._filled = 0

    def add(self, term: np.ndarray, doc: np.ndarray, weight: np.ndarray) -> None:
        if not len(term):
            return
        self._files["docs"].write(np.asarray(doc, dtype=np.int32).tobytes())
        self._files["weights"].write(np.asarray(weight, dtype=np.float32).tobytes())
        cuts = np.flatnonzero(np.r_[True, term[1:] != term[:-1]])
        self._term_ids.append(term[cuts])
        self._cuts.append(cuts + self._filled)
        self._filled += len(term)

    def close(self, terms: Sequence[bytes]) -> None:
        for file in self._files.values():
            file.close()
        if self._filled != self._size:
            written = f"{self._filled} postings written, {self._size} announced"
            raise ValueError(f"{self._name}: {written}")
        ids = np.concatenate(self._term_ids).tolist() if self._term_ids else []
        words = [terms[t] for t in ids]
        folder, name = self._folder, self._name
        np.save(folder / f"{name}.terms.npy", np.array(words, dtype="S") if words else EMPTY_TERMS)
        cuts = np.concatenate(self._cuts) if self._cuts else np.zeros(0, np.int64)
        np.save(folder / f"{name}.starts.npy", np.r_[cuts, self._filled].astype(np.int64))


def _start_npy(path: Path, dtype, length: int):
    """An open ``.npy`` file of ``length`` values whose data is appended by the caller."""
    file = path.open("wb")
    header = {"descr": np.lib.format.dtype_to_descr(np.dtype(dtype)), "fortran_order": False}
    np.lib.format.write_array_header_1_0(file, {**header, "shape": (length,)})
    return file


def write_lengths(folder: Path, name: str, lengths) -> None:
    np.save(folder / f"{name}.lengths.npy", np.asarray(lengths, dtype=np.float32))


def finish(folder: Path) -> None:
    (folder / "complete").touch()  # written last: a folder without it is ignored


class SegmentArrays:
    """The mapped arrays of one segment."""

    def __init__(self, folder: Path, fields: tuple[str, ...]) -> None:
        def load(name: str) -> np.ndarray:
            return np.load(folder / name, mmap_mode="r")

        self.fields = {
            f: tuple(load(f"{f}.{part}.npy") for part in ("terms", "starts", "docs", "weights"))
            for f in fields
        }
        self.lengths = {f: load(f"{f}.lengths.npy") for f in fields}

    def postings(self, field: str, text: bytes) -> tuple[np.ndarray, np.ndarray] | None:
        terms, starts, docs, weights = self.fields[field]
        place = int(np.searchsorted(terms, text))
        if place >= len(terms) or terms[place] != text:
            return None
        low, high = int(starts[place]), int(starts[place + 1])
        return docs[low:high], weights[low:high]

    def expand_prefix(self, field: str, prefix: bytes) -> list[tuple[bytes, int]]:
        """The terms beginning with ``prefix`` and their number of documents."""
        terms, starts = self.fields[field][0], self.fields[field][1]
        low = int(np.searchsorted(terms, prefix))
        high = int(np.searchsorted(terms, prefix + b"\xff"))
        counts = np.diff(starts[low : high + 1]).tolist()
        return list(zip((bytes(t) for t in terms[low:high]), counts, strict=True))


def open_arrays(generation: Path, segment_id: str, fields) -> SegmentArrays | None:
    folder = arrays_dir(generation, segment_id)
    return SegmentArrays(folder, tuple(fields)) if (folder / "complete").is_file() else None


def arrays_from_whoosh(leaf, folder: Path, fields: tuple[str, ...], read_postings) -> None:
    """Arrays for a segment written by Whoosh's own writer, read through ``read_postings``
    (the block reader of ``postings``): ``(leaf, field, term) → (ids, weights)``."""
    folder.mkdir(parents=True, exist_ok=True)
    count = leaf.doc_count_all()
    for field in fields:
        terms, term_ids, docs, weights = [], [], [], []
        for term in leaf.lexicon(field):
            ids, w = read_postings(leaf, field, term)
            term_ids.append(np.full(len(ids), len(terms), dtype=np.int64))
            terms.append(term)
            docs.append(ids)
            weights.append(w)
        join = np.concatenate
        write_field(
            folder,
            field,
            terms,
            join(term_ids) if terms else np.zeros(0, np.int64),
            join(docs) if terms else np.zeros(0, np.int32),
            join(weights) if terms else np.zeros(0, np.float32),
        )
        lengths = [leaf.doc_field_length(d, field, 0) or 0 for d in range(count)]
        write_lengths(folder, field, lengths)
    finish(folder)


def ensure_arrays(ix, generation: Path, fields: tuple[str, ...], read_postings) -> None:
    """Arrays for every segment of ``ix`` that has none; arrays of vanished segments removed.

    The segments are listed from the index's table of contents: a segment is opened only if
    its arrays are missing (opening one maps its files, and reading them put the ~24 MiB of
    postings and terms of 1,500 laws into the build's memory for nothing)."""
    segments = {segment.segment_id() for segment in ix._segments()}  # Whoosh's TOC
    missing = {s for s in segments if not (arrays_dir(generation, s) / "complete").is_file()}
    if missing:
        reader = ix.reader()
        try:
            for leaf, _ in reader.leaf_readers():
                segment = getattr(leaf, "segment", lambda: None)()
                if segment is None or segment.segment_id() not in missing:
                    continue  # an empty index has a reader without segment
                folder = arrays_dir(generation, segment.segment_id())
                shutil.rmtree(folder, ignore_errors=True)
                arrays_from_whoosh(leaf, folder, fields, read_postings)
        finally:
            reader.close()
    root = Path(generation) / ARRAYS
    for folder in root.iterdir() if root.is_dir() else ():
        if folder.name not in segments:
            shutil.rmtree(folder, ignore_errors=True)

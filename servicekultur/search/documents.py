"""What the index holds: one SearchDocument per page, glossary term and checklist item."""

from __future__ import annotations

import os
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

# The analysed text fields with their BM25F boosts: title > headings > taxonomy > summary > body.
BOOSTS = {"title": 6.0, "headings": 3.0, "meta": 2.5, "summary": 2.0, "body": 1.0}
TEXT_FIELDS = tuple(BOOSTS)

TYPE_LABELS = {
    "artikel": "Artikel",
    "fallgeschichten": "Fallgeschichte",
    "checklisten": "Checkliste",
    "checkpunkt": "Checkpunkt",
    "glossar": "Glossar",
    "seiten": "Seite",
}


@dataclass
class SearchDocument:
    """A searchable unit; ``group`` is the page it belongs to (a checklist item's checklist)."""

    id: str
    url: str
    type: str
    title: str
    group: str = ""
    summary: str = ""
    headings: list[str] = field(default_factory=list)
    body: str = ""
    tags: list[str] = field(default_factory=list)
    category: str = ""
    author: str = ""
    branche: str = ""
    phase: str = ""
    anchor: str = ""
    date: str = ""

    def __post_init__(self) -> None:
        self.group = self.group or self.id

    @property
    def meta_text(self) -> str:
        """Taxonomy words searched with a boost of their own."""
        parts = [*self.tags, self.category, self.author, self.branche, self.phase]
        return " . ".join(p for p in parts if p)


class PackedDocument(SearchDocument):
    """A SearchDocument whose body is kept zlib-compressed and unpacked each time it is read.

    The index job holds every document of a build until the last one has arrived, and then
    reads each body only twice (tokens, stored fields): packed, the texts take a quarter of
    the memory (German text with „“ is stored by Python at two bytes a character)."""

    @property
    def body(self) -> str:
        data = self._body
        if isinstance(data, SpilledBody):
            data = data.read()
        return zlib.decompress(data).decode("utf-8")

    @body.setter
    def body(self, text: str) -> None:
        self._body = zlib.compress(text.encode("utf-8"), 1)


def packed(doc: SearchDocument, seen: dict | None = None) -> PackedDocument:
    """``doc`` with its body packed (see :class:`PackedDocument`); with ``seen`` (a dict for
    all documents of a build), each value equal to one an earlier document had is that object:
    a checklist's items share its headings, group and tags, and an id its url (each pickled
    batch of documents arrives with copies of its own: 14 of 26 MiB for 10,000 pages)."""
    values = {name: getattr(doc, name) for name in doc.__dataclass_fields__}
    if seen is not None:
        for name, value in values.items():
            if type(value) is str and name != "body":
                values[name] = seen.setdefault(value, value)
            elif type(value) is list:
                value = [seen.setdefault(v, v) if type(v) is str else v for v in value]
                values[name] = seen.setdefault(tuple(value), value)
    return PackedDocument(**values)


def scratch_file(folder: Path, prefix: str):
    """An unnamed file in ``folder`` (made if missing) for data the index job parks on disk:
    gone when closed or when the process ends."""
    folder.mkdir(parents=True, exist_ok=True)
    return tempfile.TemporaryFile(dir=folder, prefix=prefix)


class SpilledBody:
    """Where a packed body waits in a :class:`BodySpill` file."""

    __slots__ = ("fd", "offset", "size")

    def __init__(self, fd: int, offset: int, size: int) -> None:
        self.fd, self.offset, self.size = fd, offset, size

    def read(self) -> bytes:
        return os.pread(self.fd, self.size, self.offset)


class BodySpill:
    """An unnamed file on disk beside the index for the packed bodies of the index job's
    documents: from their arrival until the stored fields are written the job reads each body
    twice and holds none (for 10,000 pages they took 57 MiB of its memory at its peak). The
    file is gone with the process; reads come from the system's page cache."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._file = None
        self._end = 0

    def __enter__(self) -> BodySpill:
        self._file = scratch_file(self._folder, "kb-bodies-")
        return self

    def __exit__(self, *exc) -> None:
        self._file.close()

    def keep(self, doc: PackedDocument) -> PackedDocument:
        """``doc`` with its packed body moved to this file."""
        data = doc._body
        if isinstance(data, bytes):
            os.pwrite(self._file.fileno(), data, self._end)
            doc._body = SpilledBody(self._file.fileno(), self._end, len(data))
            self._end += len(data)
        return doc


def field_texts(doc: SearchDocument) -> tuple[str, ...]:
    """The texts of the analysed fields, in the order of ``TEXT_FIELDS``."""
    texts = {
        "title": doc.title,
        "headings": " . ".join(doc.headings),
        "meta": doc.meta_text,
        "summary": doc.summary,
        "body": doc.body,
    }
    return tuple(texts[name] for name in TEXT_FIELDS)

"""Index generations: each build writes a new folder; a symbolic link names the live one.

``KB_INDEX_DIR`` (e.g. ``var/index``) links to a folder in ``var/index.generations/`` (layout:
``store.layout``). Replacing the link is one ``rename``: a running service sees the old or the
new index, never half of one.
"""

from __future__ import annotations

import os
import pickle
import shutil
import uuid
from collections.abc import MutableMapping
from pathlib import Path

from servicekultur.search.store.layout import KEY_TERMS, generations_dir

KEEP_GENERATIONS = 2


def link_copy(source: Path, target: Path) -> None:
    """Copy a generation by hard links: Whoosh never rewrites a segment file, and our own files
    are replaced (``write_file``), never changed in place. Falls back to copying."""
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


def write_file(path: Path, data: bytes) -> None:
    """Write a new file (a new inode), so a hard-linked older generation keeps its copy."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def publish(index_dir: Path, generation: Path) -> None:
    """Point ``index_dir`` at ``generation`` in one atomic rename; drop old generations."""
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    if index_dir.exists() and not index_dir.is_symlink():
        shutil.rmtree(index_dir)  # an index from before generations existed
    link = index_dir.parent / f".{index_dir.name}.{uuid.uuid4().hex[:8]}"
    os.symlink(os.path.relpath(generation, index_dir.parent), link)
    os.replace(link, index_dir)
    keep = {generation.resolve()}
    gens = sorted(generations_dir(index_dir).iterdir(), key=lambda p: p.stat().st_mtime)
    for old in reversed(gens):
        if len(keep) >= KEEP_GENERATIONS:
            break
        keep.add(old.resolve())
    for old in gens:
        if old.resolve() not in keep:
            shutil.rmtree(old, ignore_errors=True)


class KeyTerms(MutableMapping):
    """Page → its key terms ``[(term, weight), …]``, kept as one encoded string per page until a
    page is asked for: an incremental build rewrites the file for every page but decodes (and
    encodes again) only the pages it changed."""

    def __init__(self, encoded: dict[str, str] | None = None) -> None:
        self._pages: dict[str, str | list[tuple[str, int]]] = dict(encoded or {})

    def __getitem__(self, page: str) -> list[tuple[str, int]]:
        terms = self._pages[page]
        if isinstance(terms, str):
            terms = self._pages[page] = self.peek(page)
        return terms

    def peek(self, page: str) -> list[tuple[str, int]]:
        """The terms of ``page``, decoded but not kept so (a build reads every page once: the
        decoded lists of 10,000 pages would take ~80 MiB)."""
        terms = self._pages[page]
        if isinstance(terms, str):
            pairs = (line.split("\t") for line in terms.split("\n") if line)
            return [(term, int(weight)) for term, weight in pairs]
        return terms

    def __setitem__(self, page: str, terms: list[tuple[str, int]]) -> None:
        self._pages[page] = terms

    def set_encoded(self, page: str, encoded: str) -> None:
        """The terms of ``page`` as ``encoded`` gives them ("term<TAB>weight" lines)."""
        self._pages[page] = encoded

    def __delitem__(self, page: str) -> None:
        del self._pages[page]

    def __iter__(self):
        return iter(self._pages)

    def __len__(self) -> int:
        return len(self._pages)

    def encoded(self) -> dict[str, str]:
        return {
            page: terms if isinstance(terms, str) else "\n".join(f"{t}\t{w}" for t, w in terms)
            for page, terms in self._pages.items()
        }


def read_key_terms(generation: Path) -> KeyTerms:
    return KeyTerms(pickle.loads((generation / KEY_TERMS).read_bytes()))


def write_key_terms(path: Path, terms: KeyTerms | dict) -> None:
    terms = terms if isinstance(terms, KeyTerms) else KeyTerms(terms)
    write_file(path, pickle.dumps(terms.encoded(), protocol=pickle.HIGHEST_PROTOCOL))

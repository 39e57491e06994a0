"""Index generations: each build writes a new folder; a symbolic link names the live one.

``KB_INDEX_DIR`` (e.g. ``var/index``) links to a folder in ``var/index.generations/``. Replacing
the link is one ``rename``: a running service sees the old or the new index, never half of one.
"""

from __future__ import annotations

import os
import pickle
import shutil
import uuid
from collections import Counter
from collections.abc import MutableMapping
from pathlib import Path

from whoosh import index as whoosh_index

from servicekultur.search.documents import SearchDocument

MANIFEST = "manifest.json"
KEY_TERMS = "keyterms.pickle"
VOCABULARY = "vocabulary.pickle"
KEEP_GENERATIONS = 2


def generations_dir(index_dir: Path) -> Path:
    return index_dir.parent / f"{index_dir.name}.generations"


def current_generation(index_dir: Path) -> Path | None:
    """The generation the link points to, if it is a complete index."""
    if index_dir.is_symlink() and (index_dir.resolve() / MANIFEST).is_file():
        return index_dir.resolve()
    return None


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


def vocabulary_words(generation: Path) -> Counter:
    """Written words (lower-case) with their document frequency.

    An incremental build adds the words of changed pages without subtracting their old words,
    so a word can outlive its last page until the next full build; the searcher checks that a
    word it suggests still has hits.
    """
    path = generation / VOCABULARY
    return pickle.loads(path.read_bytes()) if path.is_file() else Counter()


class KeyTerms(MutableMapping):
    """Page → its key terms ``[(term, weight), …]``, kept as one encoded string per page until a
    page is asked for: an incremental build rewrites the file for every page but decodes (and
    encodes again) only the pages it changed."""

    def __init__(self, encoded: dict[str, str] | None = None) -> None:
        self._pages: dict[str, str | list[tuple[str, int]]] = dict(encoded or {})

    def __getitem__(self, page: str) -> list[tuple[str, int]]:
        terms = self._pages[page]
        if isinstance(terms, str):
            pairs = (line.split("\t") for line in terms.split("\n") if line)
            terms = self._pages[page] = [(term, int(weight)) for term, weight in pairs]
        return terms

    def __setitem__(self, page: str, terms: list[tuple[str, int]]) -> None:
        self._pages[page] = terms

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

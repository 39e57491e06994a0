"""What an index generation holds on disk, and which generation is live.

``KB_INDEX_DIR`` (e.g. ``var/index``) is a symbolic link to one generation folder in
``var/index.generations/``: the Whoosh index plus our own files (manifest, vocabulary, key
terms). Build and service both read this layout; only the build writes it.
"""

from __future__ import annotations

import pickle
from collections import Counter
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import Index

from servicekultur.search.analysis.lexicon import Lexicon
from servicekultur.search.analysis.vocabulary import QueryWords
from servicekultur.search.documents import SearchDocument
from servicekultur.search.store.schema import make_schema

MANIFEST = "manifest.json"
KEY_TERMS = "keyterms.pickle"
VOCABULARY = "vocabulary.pickle"
LEXICON = "lexicon"  # the word classes the analysis used, as arrays (``analysis.lexicon``)
# Folded words → (document frequency, spelling) and runs of compound parts → document
# frequency: what the service matches typos against, kept ready so it folds nothing at start.
QUERY_WORDS = "querywords.pickle"


def generations_dir(index_dir: Path) -> Path:
    return index_dir.parent / f"{index_dir.name}.generations"


def current_generation(index_dir: Path) -> Path | None:
    """The generation the link points to, if it is a complete index."""
    if index_dir.is_symlink() and (index_dir.resolve() / MANIFEST).is_file():
        return index_dir.resolve()
    return None


def read_lexicon(generation: Path | None) -> Lexicon | None:
    """The lexicon stored with a generation (``None`` if it has none)."""
    folder = generation / LEXICON if generation is not None else None
    if folder is None or not (folder / "version").is_file():
        return None
    try:
        return Lexicon.load_arrays(folder)
    except ValueError:  # stored in an older format: the next build writes it anew
        return None


def read_query_words(generation: Path, lazy: bool = False) -> QueryWords:
    path = generation / QUERY_WORDS
    return QueryWords.loads(path.read_bytes(), lazy) if path.is_file() else QueryWords.empty()


def open_index(generation: Path) -> Index:
    """The Whoosh index of a generation."""
    return whoosh_index.open_dir(str(generation))


def create_index(generation: Path) -> Index:
    """A new, empty Whoosh index with our schema in ``generation`` (an existing folder)."""
    return whoosh_index.create_in(str(generation), make_schema())


def vocabulary_words(generation: Path) -> Counter:
    """Written words (lower-case) with their document frequency.

    An incremental build adds the words of changed pages without subtracting their old words,
    so a word can outlive its last page until the next full build; the searcher checks that a
    word it suggests still has hits.
    """
    path = generation / VOCABULARY
    return pickle.loads(path.read_bytes()) if path.is_file() else Counter()


def stored_documents(generation: Path) -> list[SearchDocument]:
    """The documents of an index as they were given (for benchmarks and checks)."""
    with open_index(generation).searcher() as searcher:
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

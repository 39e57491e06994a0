"""German word classes from a maintained lexicon: which words are nouns, which are not.

The source is simplemma's German lemma dictionary (PyPI ``simplemma``, MIT; its German data come
from Wiktionary/Kaikki, the lemmatization lists of M. Měchura, FreeLing, spaCy lookups, UniMorph
and Wikinflection under ODbL, CC BY and CC BY-SA licences): 1.1 million inflected forms, each
with its lemma, written as German writes them — nouns and their forms capitalised. From it we
keep two sets of folded words:

- ``nouns``: forms of nouns („Frist“, „Fristen“, „Gesetzes“) — the parts a compound may end in;
- ``others``: forms that are (also) adjectives, verbs or other words („mittelfristigen“,
  „unternehmen“) — never split, so „mittelfristig“ is not read as „Frist“.

Deriving the sets takes seconds, so it is done once per machine (``cached_lexicon``) into two
sorted arrays; the build searches them memory-mapped and links them into each index
generation (``lexicon/``), where the service maps them too — it never reads simplemma.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np

from servicekultur.search.analysis.folding import fold

DERIVATION = "1"  # bump when the way the sets are derived changes
_MEMO: dict = {}


def lexicon_version() -> str:
    try:
        return f"simplemma-{metadata.version('simplemma')}/{DERIVATION}"
    except metadata.PackageNotFoundError:
        return f"none/{DERIVATION}"


MAX_BYTES = 40  # longer words are left out: they are compounds of shorter ones


class SortedWords:
    """A set of words as one sorted array of UTF-8 bytes (memory-mapped by the service):
    membership is a binary search, so nothing is loaded into Python objects at start-up."""

    def __init__(self, words: np.ndarray) -> None:
        self.words = words

    @classmethod
    def of(cls, words) -> SortedWords:
        encoded = sorted({w.encode("utf-8") for w in words} - {b""})
        return cls(np.array([w for w in encoded if len(w) <= MAX_BYTES] or [b"-"], dtype="S"))

    def __contains__(self, word: str) -> bool:
        key = word.encode("utf-8")
        if len(key) > self.words.dtype.itemsize:
            return False
        place = int(np.searchsorted(self.words, key))
        return place < len(self.words) and self.words[place] == key

    def contains_many(self, words: list[str]) -> list[bool]:
        """Membership of several words in one binary search over the array."""
        keys = [w.encode("utf-8") for w in words]
        width = self.words.dtype.itemsize
        probe = np.array([k if len(k) <= width else b"" for k in keys], dtype=self.words.dtype)
        places = np.minimum(np.searchsorted(self.words, probe), len(self.words) - 1)
        found = self.words[places] == probe
        return [bool(f) and len(k) <= width and bool(k) for f, k in zip(found, keys, strict=True)]

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self):
        return (w.decode("utf-8") for w in self.words.tolist())


@dataclass(frozen=True)
class Lexicon:
    nouns: frozenset[str] = field(default_factory=frozenset)
    others: frozenset[str] = field(default_factory=frozenset)
    version: str = ""
    folder: Path | None = None  # where its arrays are, if it was read from them

    def __bool__(self) -> bool:
        return len(self.nouns) > 0

    def save_arrays(self, folder: Path) -> None:
        """The word classes as sorted arrays in ``folder`` (read back by ``load_arrays``)."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, words in (("nouns", self.nouns), ("others", self.others)):
            np.save(folder / f"{name}.npy", SortedWords.of(words).words)
        (folder / "version").write_text(self.version, encoding="utf-8")

    @classmethod
    def load_arrays(cls, folder: Path) -> Lexicon:
        def load(name: str) -> SortedWords:
            return SortedWords(np.load(folder / f"{name}.npy", mmap_mode="r"))

        version = (folder / "version").read_text(encoding="utf-8")
        return cls(load("nouns"), load("others"), version, folder)


def cache_folder() -> Path:
    """Where the derived arrays are kept once per machine and simplemma version
    (``KB_CACHE_DIR``, from the environment like every build setting)."""
    from servicekultur.config import REGISTRY

    configured = REGISTRY.value("KB_CACHE_DIR", environ=os.environ)
    root = configured or Path.home() / ".cache" / "servicekultur"
    return root / f"lexicon-{hashlib.sha1(lexicon_version().encode()).hexdigest()[:12]}"


def cached_lexicon() -> Lexicon:
    """The derived lexicon as mapped arrays, derived once per machine (``KB_CACHE_DIR``,
    default ``~/.cache/servicekultur``; deriving costs seconds) and opened once per process."""
    version = lexicon_version()
    if _MEMO.get("version") == version:
        return _MEMO["lexicon"]
    folder = cache_folder()
    try:
        lexicon = Lexicon.load_arrays(folder)
    except (OSError, ValueError):
        lexicon = None
    if lexicon is None or lexicon.version != version:
        temporary = folder.with_name(f".{folder.name}.{os.getpid()}")
        try:
            shutil.rmtree(temporary, ignore_errors=True)
            derive_lexicon().save_arrays(temporary)
            shutil.rmtree(folder, ignore_errors=True)
            os.replace(temporary, folder)
            lexicon = Lexicon.load_arrays(folder)
        except OSError:  # a read-only home: keep the derived sets for this process
            lexicon = derive_lexicon()
    _MEMO.update(version=version, lexicon=lexicon)
    return lexicon


def copy_arrays(source: Path, target: Path) -> None:
    """The lexicon arrays of ``source`` into ``target`` (hard links where possible)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("nouns.npy", "others.npy", "version"):
        try:
            os.link(source / name, target / name)
        except OSError:
            shutil.copyfile(source / name, target / name)


def derive_lexicon() -> Lexicon:
    """The word classes from simplemma's German dictionary (an empty lexicon without it)."""
    try:
        from simplemma.strategies.dictionaries import DefaultDictionaryFactory
    except ImportError:
        return Lexicon(version=lexicon_version())
    forms = DefaultDictionaryFactory().get_dictionary("de")._dict  # bytes form → bytes lemma
    nouns, others = set(), set()
    for raw_form, raw_lemma in forms.items():
        form = raw_form.decode("utf-8")
        if not form[:1].isalpha() or not form.replace("-", "").isalpha():
            continue
        if form[0].isupper() and raw_lemma.decode("utf-8")[:1].isupper():
            nouns.add(fold(form))
        elif form[0].islower():
            others.add(fold(form))
    return Lexicon(frozenset(nouns), frozenset(others), lexicon_version())

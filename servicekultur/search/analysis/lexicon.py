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
import mmap
import os
import shutil
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import numpy as np

from servicekultur.search.analysis.folding import fold

DERIVATION = "2"  # bump when the way the sets are derived or stored changes
_MEMO: dict = {}


def lexicon_version() -> str:
    try:
        return f"simplemma-{metadata.version('simplemma')}/{DERIVATION}"
    except metadata.PackageNotFoundError:
        return f"none/{DERIVATION}"


MAX_BYTES = 40  # longer words are left out: they are compounds of shorter ones
_HEADER = (MAX_BYTES + 2) * 8  # where the run of each byte length starts, and the end


class SortedWords:
    """A set of words as sorted UTF-8 bytes, one run per byte length (memory-mapped by the
    service): membership is a binary search in the run of the word's length, so nothing is
    loaded into Python objects at start-up. The runs are stored back to back in one array of
    bytes after a table of where each starts (``_offsets``): 14 MiB for both sets, where one
    array of 40-byte slots took 44 MiB — and a build's lookups touch nearly every page."""

    def __init__(self, data: np.ndarray) -> None:
        self.data = data  # uint8: the offsets table, then the runs
        self._offsets = np.frombuffer(data[:_HEADER].tobytes(), dtype="<i8").tolist()
        self._runs: dict[int, tuple[np.ndarray | None, int]] = {}

    @classmethod
    def of(cls, words) -> SortedWords:
        by_length: dict[int, list[bytes]] = {}
        for word in {w.encode("utf-8") for w in words}:
            if 0 < len(word) <= MAX_BYTES:
                by_length.setdefault(len(word), []).append(word)
        offsets, runs, at = [], [], _HEADER
        for length in range(MAX_BYTES + 2):
            offsets.append(at)
            runs.append(b"".join(sorted(by_length.get(length, []))))
            at += len(runs[-1])
        table = np.array(offsets, dtype="<i8").tobytes()
        return cls(np.frombuffer(table + b"".join(runs), dtype=np.uint8))

    def _run(self, length: int) -> tuple[np.ndarray | None, int]:
        """The sorted words of ``length`` bytes (a view of the mapped array) and how many."""
        found = self._runs.get(length)
        if found is None:
            run = None
            if 0 < length <= MAX_BYTES:
                first, end = self._offsets[length], self._offsets[length + 1]
                run = self.data[first:end].view(f"S{length}")
            found = self._runs[length] = (run, 0 if run is None else len(run))
        return found

    def __contains__(self, word: str) -> bool:
        """One binary search in the run of the word's length, on the bytes as they are: the
        splitter asks this for every head of every word (~1.7 µs a call, where one
        ``searchsorted`` over an array of probes per length took ~8 µs per word's head)."""
        key = word.encode("utf-8")
        run, count = self._run(len(key))
        if not count:
            return False
        place = run.searchsorted(key)
        return place < count and run[place] == key

    def __len__(self) -> int:
        return sum(self._run(n)[1] for n in range(1, MAX_BYTES + 1))

    def release_pages(self) -> None:
        """Let go of the mapped pages read so far (they are read again from the file if asked
        for): a process that is done with its lookups no longer counts them as its memory."""
        mapped = getattr(self.data, "_mmap", None)
        if isinstance(mapped, mmap.mmap) and hasattr(mmap, "MADV_DONTNEED"):
            mapped.madvise(mmap.MADV_DONTNEED)

    def __iter__(self):
        for length in range(1, MAX_BYTES + 1):
            yield from (w.decode("utf-8") for w in self._run(length)[0].tolist())


@dataclass(frozen=True)
class Lexicon:
    nouns: frozenset[str] = field(default_factory=frozenset)
    others: frozenset[str] = field(default_factory=frozenset)
    version: str = ""
    folder: Path | None = None  # where its arrays are, if it was read from them

    def __bool__(self) -> bool:
        return len(self.nouns) > 0

    def release_pages(self) -> None:
        """:meth:`SortedWords.release_pages` of both sets, if they are mapped arrays."""
        for words in (self.nouns, self.others):
            if isinstance(words, SortedWords):
                words.release_pages()

    def save_arrays(self, folder: Path) -> None:
        """The word classes as sorted arrays in ``folder`` (read back by ``load_arrays``)."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, words in (("nouns", self.nouns), ("others", self.others)):
            np.save(folder / f"{name}.npy", SortedWords.of(words).data)
        (folder / "version").write_text(self.version, encoding="utf-8")

    @classmethod
    def load_arrays(cls, folder: Path) -> Lexicon:
        def load(name: str) -> SortedWords:
            return SortedWords(np.load(folder / f"{name}.npy", mmap_mode="r"))

        version = (folder / "version").read_text(encoding="utf-8")
        if not version.endswith(f"/{DERIVATION}"):
            raise ValueError(f"Lexikon in {folder} hat ein älteres Format ({version})")
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

"""The lexicon's word sets as stored arrays: membership equals a Python set's, on disk too."""

from __future__ import annotations

import numpy as np

from servicekultur.search.analysis.lexicon import MAX_BYTES, Lexicon, SortedWords, lexicon_version
from servicekultur.search.store.layout import read_lexicon

WORDS = {"frist", "fristen", "gesetz", "gesetzes", "übergabe", "ä", "zahlungsziel", "x" * MAX_BYTES}
PROBES = [*WORDS, "", "fris", "fristenx", "uebergabe", "y" * MAX_BYTES, "x" * (MAX_BYTES + 1), "ö"]


def test_membership_equals_a_set_for_every_length():
    words = SortedWords.of([*WORDS, "z" * (MAX_BYTES + 1)])  # too long: left out
    assert [w in words for w in PROBES] == [w in WORDS for w in PROBES]
    assert sorted(words) == sorted(WORDS) and len(words) == len(WORDS)
    empty = SortedWords.of([])
    assert [w in empty for w in ("a", "")] == [False, False] and len(empty) == 0


def test_arrays_read_back_memory_mapped(tmp_path):
    lexicon = Lexicon(frozenset(WORDS), frozenset({"unternehmen"}), lexicon_version())
    lexicon.save_arrays(tmp_path / "lexicon")
    loaded = Lexicon.load_arrays(tmp_path / "lexicon")
    assert isinstance(loaded.nouns.data, np.memmap)
    assert [w in loaded.nouns for w in PROBES] == [w in WORDS for w in PROBES]
    assert "unternehmen" in loaded.others and "frist" not in loaded.others
    assert read_lexicon(tmp_path) is not None  # a generation folder holds lexicon/
    loaded.release_pages()  # pages let go are read again from the file when asked for
    assert [w in loaded.nouns for w in PROBES] == [w in WORDS for w in PROBES]
    lexicon.release_pages()  # sets in memory: nothing to let go


def test_a_lexicon_in_an_older_format_is_not_read(tmp_path):
    folder = tmp_path / "lexicon"
    folder.mkdir()
    for name in ("nouns", "others"):  # the old layout: one array of 40-byte slots
        np.save(folder / f"{name}.npy", np.array([b"frist"], dtype=f"S{MAX_BYTES}"))
    (folder / "version").write_text("simplemma-1.1.2/1", encoding="utf-8")
    assert read_lexicon(tmp_path) is None


def test_numpy_starts_no_blas_threads_in_our_processes():
    """Build and service load numpy through this package: OpenBLAS starts no spinning threads."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    script = (
        "import servicekultur.search.analysis.lexicon, numpy\n"
        "print(open('/proc/self/status').read().split('Threads:')[1].split()[0])"
    )
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1"

"""Our code byte-compiled before a build, also where Python itself writes no bytecode."""

from __future__ import annotations

import importlib.util
import sys

from servicekultur.bytecode import compile_code


def test_compiles_both_packages_even_where_python_writes_no_bytecode(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # PYTHONDONTWRITEBYTECODE=1
    for name in ("servicekultur/search/a.py", "plugins/kb_x/b.py"):
        (tmp_path / name).parent.mkdir(parents=True)
        (tmp_path / name).write_text("VALUE = 1\n", encoding="utf-8")
    (tmp_path / "other.py").write_text("VALUE = 2\n", encoding="utf-8")  # not ours to compile

    assert compile_code(tmp_path)
    for name in ("servicekultur/search/a.py", "plugins/kb_x/b.py"):
        assert (tmp_path / importlib.util.cache_from_source(name)).is_file()
    assert not (tmp_path / "__pycache__").exists()

    compiled = (tmp_path / importlib.util.cache_from_source("plugins/kb_x/b.py")).stat()
    assert compile_code(tmp_path)  # up to date: nothing written again
    assert (tmp_path / importlib.util.cache_from_source("plugins/kb_x/b.py")).stat() == compiled


def test_a_file_that_does_not_compile_is_reported(tmp_path):
    (tmp_path / "servicekultur").mkdir()
    (tmp_path / "servicekultur" / "broken.py").write_text("def (:\n", encoding="utf-8")
    assert not compile_code(tmp_path)

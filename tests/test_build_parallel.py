"""Reading Markdown in a forked second process changes nothing in the built site."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import build_site

from servicekultur.content import parallel

ROOT = Path(__file__).resolve().parents[1]


BUILT = re.compile(rb'data-built="[^"]*"')  # the build's own time stamp


def _files(output: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(output)): BUILT.sub(b"", p.read_bytes())
        for p in output.rglob("*")
        if p.is_file()
    }


def test_reading_in_a_second_process_builds_the_same_site(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    one = build_site(content, tmp_path / "one" / "output", KB_READ_PROCS=1, KB_STRICT=True)
    assert one.run.parallel.taken == 0
    monkeypatch.setattr(parallel, "MIN_FILES", 1)  # the starter content has fewer than 200
    two = build_site(content, tmp_path / "two" / "output", KB_READ_PROCS=2, KB_STRICT=True)
    assert one.error is None and two.error is None
    assert two.run.parallel.taken > 10  # the later files came from the child
    assert [str(i) for i in two.issues] == [str(i) for i in one.issues]
    first, second = _files(one.output), _files(two.output)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_a_failed_reader_process_leaves_the_files_to_pelican(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    monkeypatch.setattr(parallel, "_parse_all", lambda parse, paths: 1 / 0)
    built = build_site(content, tmp_path / "output", KB_READ_PROCS=2, KB_STRICT=True)
    assert built.error is None and built.run.parallel.taken == 0
    assert (built.output / "artikel" / "sieben-wochen-funkstille" / "index.html").is_file()
    assert any("Lese-Prozess fehlgeschlagen" in r.getMessage() for r in built.records)

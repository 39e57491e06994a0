"""Reading Markdown in a forked second process changes nothing in the built site."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from conftest import build_site

from servicekultur.content import parallel, reading
from servicekultur.content.reading import FileReader

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


def _sources(content: Path) -> int:
    return len(list((content / "artikel").glob("*.md"))) + len(
        list((content / "pages").glob("*.md"))
    )


def _pages(output: Path) -> int:
    return len(list((output / "artikel").glob("*/index.html"))) + sum(
        (output / slug / "index.html").is_file()
        for slug in ("ueber-uns", "impressum", "datenschutz")
    )


def test_a_reader_process_that_dies_costs_only_the_file_it_was_reading(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    parent, original = os.getpid(), FileReader.parse
    victim = "pages/impressum.md"  # pages are read last: in the child's share

    def parse(self, path):
        if os.getpid() != parent and path.endswith(victim):
            os._exit(3)  # the child dies as if killed
        return original(self, path)

    monkeypatch.setattr(FileReader, "parse", parse)
    built = build_site(content, tmp_path / "output", KB_READ_PROCS=2)
    assert built.messages == [
        f"{victim}:1: Datei konnte nicht gelesen werden (Lese-Prozess beendet mit Code 3); "
        "keine Seite gebaut"
    ]
    assert _pages(built.output) == _sources(content) - 1  # the rest of its share: read by Pelican
    assert not (built.output / "impressum" / "index.html").exists()


def test_a_file_that_fails_in_the_reader_process_is_one_error(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    original = reading.read_file

    def read_file(path, rel, *args):
        if rel == "pages/impressum.md":
            raise ValueError("kaputt")
        return original(path, rel, *args)

    monkeypatch.setattr(reading, "read_file", read_file)
    built = build_site(content, tmp_path / "output", KB_READ_PROCS=2)
    assert built.run.parallel.taken > 10
    assert built.messages == [
        "pages/impressum.md:1: Datei konnte nicht gelesen werden (ValueError: kaputt); "
        "keine Seite gebaut"
    ]
    assert _pages(built.output) == _sources(content) - 1

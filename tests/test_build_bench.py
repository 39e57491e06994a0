"""bench.build compares like with like: both sides read the same sources, or it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicekultur.bench.build import SourcesDiffer, compare_builds
from servicekultur.bench.corpus import generate_corpus

ROOT = Path(__file__).resolve().parents[1]


def test_both_sides_read_every_source_and_are_measured(tmp_path):
    content = tmp_path / "content"
    stats = generate_corpus(content, 12, ROOT / "content")
    ((plain, ours),) = compare_builds(ROOT, content, tmp_path, "klein", repeat=1)
    assert plain.sources == ours.sources == stats.documents + 3  # + the three pages
    assert ours.pages > plain.pages  # overviews, facets, workshop pages, redirects …
    for side in (plain, ours):
        assert side.run.cpu_seconds > 0 and side.run.tree_peak_mib > 10


def test_a_source_one_side_drops_stops_the_comparison(tmp_path):
    content = tmp_path / "content"
    generate_corpus(content, 12, ROOT / "content")
    (content / "artikel" / "leer.md").write_text("")  # plain Pelican reads it, we report it
    with pytest.raises(SourcesDiffer, match="der Vergleich ist ungültig"):
        compare_builds(ROOT, content, tmp_path, "klein", repeat=1)

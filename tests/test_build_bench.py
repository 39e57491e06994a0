"""bench.build compares like with like: both sides read the same sources, or it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicekultur.bench.build import SourcesDiffer, compare_builds, phase_total
from servicekultur.bench.corpus import generate_corpus
from servicekultur.bench.pelican_run import phases

ROOT = Path(__file__).resolve().parents[1]


def test_both_sides_read_every_source_and_are_measured(tmp_path):
    content = tmp_path / "content"
    stats = generate_corpus(content, 12, ROOT / "content")
    ((plain, ours),) = compare_builds(ROOT, content, tmp_path, "klein", repeat=1)
    assert plain.sources == ours.sources == stats.documents + 3  # + the three pages
    assert ours.pages > plain.pages  # overviews, facets, workshop pages, redirects …
    for side in (plain, ours):
        assert side.run.cpu_seconds > 0 and side.run.tree_peak_mib > 10
        # the phases add up to the CPU time the bench measured from outside, less the exit
        total = phase_total(side)
        assert 0.5 * side.run.cpu_seconds < total <= side.run.cpu_seconds + 0.01
        assert all(value >= 0 for part in side.phases.values() for value in part.values())
        assert side.phases["reading"]["main"] > 0 and side.phases["writing"]["main"] > 0
    assert plain.phases["writing"]["children"] == 0  # plain Pelican forks nothing
    assert ours.phases["writing"]["children"] > 0  # our index worker, reaped at the end


def test_phases_are_the_differences_between_marks():
    marks = [(0.5, 0.0), (2.0, 1.5), (3.0, 4.0)]
    assert phases(marks) == {
        "start": {"main": 0.5, "children": 0.0},
        "reading": {"main": 1.5, "children": 1.5},
        "writing": {"main": 1.0, "children": 2.5},
    }


def test_a_source_one_side_drops_stops_the_comparison(tmp_path):
    content = tmp_path / "content"
    generate_corpus(content, 12, ROOT / "content")
    (content / "artikel" / "leer.md").write_text("")  # plain Pelican reads it, we report it
    with pytest.raises(SourcesDiffer, match="der Vergleich ist ungültig"):
        compare_builds(ROOT, content, tmp_path, "klein", repeat=1)

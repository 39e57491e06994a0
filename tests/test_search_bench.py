"""`invoke bench.search` still runs end to end (tiny corpus; figures are printed, not asserted)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from servicekultur.bench.search import run_search_benchmark

ROOT = Path(__file__).resolve().parents[1]


def test_search_benchmark_runs_on_a_tiny_corpus(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one table row per line
    run_search_benchmark(ROOT, docs=25, procs=1, queries=30, laws=False)
    out = capsys.readouterr().out
    labels = (
        "Voller Index",
        "Pagefind, dieselbe Site",
        "Ein Dokument neu",
        "Start bis erste Antwort",
        "Abfrage p95",
        "Spitzenspeicher des Dienstes",
    )
    for label in (*labels, "Pagefind"):
        assert label in out


@pytest.mark.browser
def test_relevance_benchmark_runs_against_pagefind_in_chromium(capsys, monkeypatch):
    from servicekultur.bench.pagefind import CHROMIUM
    from servicekultur.bench.relevance import run_relevance_benchmark

    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    monkeypatch.setenv("COLUMNS", "200")
    result = run_relevance_benchmark(ROOT, limit=3)  # three laws: the run, not the figures
    out = capsys.readouterr().out
    assert "Pagefind hit@1" in out and "alle Gesetze" in out
    ours, pagefind = result["own"]
    assert ours["mrr"] > 0.5 and pagefind["mrr"] > 0  # both answered our own texts

"""`invoke bench.search` still runs end to end (tiny corpus; figures are printed, not asserted)."""

from __future__ import annotations

from pathlib import Path

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

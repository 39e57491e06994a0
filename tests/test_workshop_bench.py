"""`invoke bench.workshop` still runs end to end (few participants, short; figures printed)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from servicekultur.bench.workshop import run_workshop_benchmark


def test_workshop_benchmark_runs_and_loses_nothing(capsys):
    # In a thread of its own: the browser tests keep an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(run_workshop_benchmark, 35, 3, 2.0).result()
    out = capsys.readouterr().out
    for label in ("Stimmen/s", "Feedback/s", "Projektor", "verlorene Stimmen: 0"):
        assert label in out
    assert result["round"]["acked"] == result["feedback"]["acked"] == 35 * 3
    assert result["lost_votes"] == result["lost_feedback"] == result["unseen"] == 0

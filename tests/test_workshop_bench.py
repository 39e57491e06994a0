"""`invoke bench.workshop` still runs end to end (few participants, short; figures printed)."""

from __future__ import annotations

from servicekultur.bench.workshop import run_workshop_benchmark


def test_workshop_benchmark_runs_and_loses_nothing(capsys):
    result = run_workshop_benchmark(participants=35, changes=3, seconds=2.0)
    out = capsys.readouterr().out
    for label in ("Stimmen/s", "Feedback/s", "Projektor", "verlorene Stimmen: 0"):
        assert label in out
    assert result["round"]["acked"] == result["feedback"]["acked"] == 35 * 3
    assert result["lost_votes"] == result["lost_feedback"] == result["unseen"] == 0

"""`invoke bench.workshop`: one live round, 200 participants, each changing 10 answers in 60 s.

The service runs in its own process (uvicorn, as ``invoke serve``); participants are keep-alive
connections, 30 behind each loopback address like phones behind a seminar room's Wi-Fi. The
projector asks for the count every second, as its page script does; the update delay of a vote
is the time from its acknowledgement to the first projector answer that includes it. Every
acknowledged vote is checked against the database afterwards (lost votes must be 0).

The baseline, in the same run against the same server process: the same participants on the
same schedule send reader feedback to ``/api/feedback`` (the site's other write path). Then both
once more at full speed (every participant sends its 10 changes back to back): capacity.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from servicekultur.bench.feedback import PAGE_HTML
from servicekultur.bench.harness import service_command
from servicekultur.bench.loadgen import free_port, run, wait_for_port
from servicekultur.bench.workshop_load import (
    ITEMS,
    PAGE,
    PHONES_PER_ADDRESS,
    POLL_SECONDS,
    Phase,
    feedback_phase,
    round_run,
    schedules,
    update_delays,
)
from servicekultur.feedback.stats import percentile
from servicekultur.feedback.store import FeedbackStore
from servicekultur.workshop.rounds.catalog import write_catalog
from servicekultur.workshop.rounds.store import RoundStore


def _site(root: Path) -> None:
    output = root / "output"
    (output / PAGE.strip("/")).mkdir(parents=True)
    html = PAGE_HTML.format(page=PAGE)
    (output / PAGE.strip("/") / "index.html").write_text(html, encoding="utf-8")
    items = [{"id": f"punkt-{i}", "text": f"Checkpunkt {i}"} for i in range(ITEMS)]
    checklist = {"slug": "bench", "title": "Messrunde", "items": items}
    write_catalog(output, {"public_url": "", "checklists": [checklist], "sets": []})


def _figures(phase: Phase, label: str) -> dict:
    lat = phase.latencies
    return {
        "label": label,
        "per_s": phase.acked / phase.elapsed if phase.elapsed else 0.0,
        "p50_ms": (percentile(lat, 0.5) or 0) * 1000,
        "p99_ms": (percentile(lat, 0.99) or 0) * 1000,
        "acked": phase.acked,
        "rejected": phase.rejected,
    }


def run_workshop_benchmark(
    participants: int = 200, changes: int = 10, seconds: float = 60.0, workers: int = 1
) -> dict:
    """Run both phases and print the figures; returns them as a dict."""
    paced = schedules(participants, changes, seconds, burst=False)
    burst = schedules(participants, changes, seconds, burst=True)
    with tempfile.TemporaryDirectory(prefix="kb-bench-workshop-") as tmp:
        root = Path(tmp)
        _site(root)
        url = f"sqlite:///{root / 'state' / 'feedback.sqlite3'}"
        FeedbackStore.open(url).close()  # migrate once, before the server starts
        RoundStore.open(url).close()
        port = free_port()
        env = {
            **os.environ,
            "KB_OUTPUT_DIR": str(root / "output"),
            "KB_STATE_DIR": str(root / "state"),
            "KB_DATABASE_URL": url,
            "KB_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "KB_SECRET_KEY": "bench-" + os.urandom(8).hex(),
            "KB_RATE_LIMIT": "1000000000",  # the baseline: feedback allows 5 per minute
            "KB_RATE_LIMIT_ADDRESS": "1000000000",
            "KB_MIN_FILL_SECONDS": "0",
        }
        server = subprocess.Popen(service_command(port, workers), env=env)
        try:
            wait_for_port(port, server)
            code, paced_round, seen = run(round_run(port, paced, watch=True))
            paced_feedback = run(feedback_phase(port, paced))
            burst_code, burst_round, _ = run(round_run(port, burst, watch=False))
            burst_feedback = run(feedback_phase(port, burst))
            store = RoundStore.open(url, run_migrations=False)
            lost = _lost(store, code, paced_round) + _lost(store, burst_code, burst_round)
            store.close()
            feedback = FeedbackStore.open(url, run_migrations=False)
            acked = paced_feedback.tokens + burst_feedback.tokens
            lost_feedback = len(acked) - len(feedback.existing_tokens(acked))
            feedback.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    delays, unseen = update_delays(paced_round.acks, seen)
    result = {
        "round": _figures(paced_round, "Live-Runde"),
        "feedback": _figures(paced_feedback, "Feedback"),
        "round_burst": _figures(burst_round, "Live-Runde"),
        "feedback_burst": _figures(burst_feedback, "Feedback"),
        "delay_p50_s": percentile(delays, 0.5) or 0.0,
        "delay_p95_s": percentile(delays, 0.95) or 0.0,
        "delay_max_s": max(delays, default=0.0),
        "unseen": unseen,
        "lost_votes": lost,
        "lost_feedback": lost_feedback,
    }
    _print(result, participants, changes, seconds, workers)
    return result


def _lost(store: RoundStore, code: str, phase: Phase) -> int:
    """Acknowledged votes the database does not show: a device's last answer differs, or the
    round's version counts fewer votes than were acknowledged."""
    found = store.by_code(code)
    ballots = store.ballots(found.id)
    wrong = sum(1 for device, ticked in phase.final.items() if ballots.get(device) != ticked)
    return wrong + max(0, phase.acked - store.version(found.id))


def _print(r: dict, participants: int, changes: int, seconds: float, workers: int) -> None:
    print(
        f"Workshop-Benchmark: eine Live-Runde, {participants} Teilnehmende (je "
        f"{PHONES_PER_ADDRESS} hinter einer Adresse), je {changes} Änderungen in {seconds:g} s; "
        f"{workers} uvicorn-Worker, SQLite, {os.cpu_count()} CPU-Kerne"
    )
    print("  Vergleich im selben Lauf: dieselben Teilnehmenden senden Feedback (/api/feedback)")
    for title, ours, base in (
        ("nach Zeitplan", r["round"], r["feedback"]),
        ("so schnell wie möglich", r["round_burst"], r["feedback_burst"]),
    ):
        print(f"  {title}:")
        print(
            f"    Stimmen/s {ours['per_s']:7.1f}   Feedback/s {base['per_s']:7.1f}   "
            f"(× {ours['per_s'] / base['per_s'] if base['per_s'] else 0:.2f})"
        )
        print(
            f"    p50/p99   {ours['p50_ms']:5.1f}/{ours['p99_ms']:6.1f} ms   "
            f"{base['p50_ms']:5.1f}/{base['p99_ms']:6.1f} ms   "
            f"(p99 × {ours['p99_ms'] / base['p99_ms'] if base['p99_ms'] else 0:.2f})"
        )
        print(
            f"    angenommen/abgewiesen {ours['acked']}/{ours['rejected']}   "
            f"{base['acked']}/{base['rejected']}"
        )
    print(
        f"  Projektor (fragt jede {POLL_SECONDS:g} s): Verzögerung p50 {r['delay_p50_s']:.2f} s, "
        f"p95 {r['delay_p95_s']:.2f} s (Ziel ≤ 2 s), max {r['delay_max_s']:.2f} s; "
        f"nie gezeigt: {r['unseen']}"
    )
    print(f"  verlorene Stimmen: {r['lost_votes']}   verlorenes Feedback: {r['lost_feedback']}")

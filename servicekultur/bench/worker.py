"""`invoke bench.worker`: approvals reach the static pages within seconds, one build at a time.

On a synthetic site (default 10,000 documents) with a reader's feedback waiting on ``approvals``
pages, two build workers run (as two service instances would start them: one works, one waits)
and the editors approve all items within ``within`` seconds. For each approval we measure the
time until its page on disk shows the text. The baseline, measured in the same run, is what
each approval used to cost: a full build (the former rebuild command, started once per approval).
Checked as well: no two batches ever overlap (the workers' own log of each batch), and only the
approved pages and the Feedback page were written (no full build: every other file unchanged).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from servicekultur.bench.build import pelican_build
from servicekultur.bench.corpus import generate_corpus
from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.renderqueue import RenderQueue
from servicekultur.feedback.stats import percentile
from servicekultur.feedback.store import FeedbackStore
from servicekultur.feedback.submission import parse_submission

TARGET_SECONDS = 5.0


def _worker(root: Path, content: Path, output: Path, log: Path, env: dict) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "servicekultur.publishing", "--root", str(root),
        "--content", str(content), "--output", str(output), "--verbose",
    ]  # fmt: skip
    handle = log.open("w", encoding="utf-8")
    return subprocess.Popen(command, env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=root)


def _batches(logs: list[Path]) -> list[tuple[float, float, int]]:
    found = []
    for log in logs:
        for line in log.read_text(encoding="utf-8").splitlines():
            if line.startswith("Build-Worker: Stapel "):
                start, end, pages = line.split()[2:5]
                found.append((float(start), float(end), int(pages)))
    return sorted(found)


def _most_at_once(batches: list[tuple[float, float, int]]) -> int:
    events = sorted([(s, 1) for s, _e, _n in batches] + [(e, -1) for _s, e, _n in batches])
    most = now = 0
    for _when, change in events:
        now += change
        most = max(most, now)
    return most


def _snapshot(output: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}


def run_worker_benchmark(root: Path, docs: int = 10_000, approvals: int = 50, within: float = 10.0):
    console = Console(width=120)
    work = Path(tempfile.mkdtemp(prefix=f"kb-bench-worker-{docs}-"))
    workers: list[subprocess.Popen] = []
    try:
        content, output = work / "content", work / "output"
        stats = generate_corpus(content, docs, root / "content")
        console.print(f"Korpus: {stats.documents} Dokumente, {stats.words:,} Wörter")
        url = f"sqlite:///{work / 'state' / 'feedback.sqlite3'}"
        env = {**os.environ, "KB_DATABASE_URL": url, "KB_STATE_DIR": str(work / "state")}
        store = FeedbackStore.open(url)
        pages = [f"/artikel/{p.stem}/" for p in sorted((content / "artikel").glob("*.md"))]
        pages = pages[:: max(1, len(pages) // approvals)][:approvals]
        items = []
        for n, page in enumerate(pages):
            text = f"Messpunkt-{n}-{time.time_ns()}"
            sub = parse_submission({"page": page, "type": "lob", "text": text, "consent": "1"})
            items.append((store.add(sub).id, page, text))
        os.environ.update(KB_DATABASE_URL=url, KB_STATE_DIR=str(work / "state"))
        with console.status("Voller Build (bisher: einer je Freigabe) …"):
            full = pelican_build(root, root / "pelicanconf.py", content, output).run
        console.print(f"Voller Build: {full.seconds:.1f} s, {full.peak_mib:.0f} MiB")
        logs = [work / "worker-1.log", work / "worker-2.log"]
        started = time.perf_counter()
        workers = [_worker(root, content, output, log, env) for log in logs]
        queue = RenderQueue(store)
        with console.status("Build-Worker laden die Site …"):
            while queue.worker() is None:
                if any(w.poll() is not None for w in workers):
                    raise RuntimeError("a worker ended:\n" + logs[0].read_text()[-2000:])
                time.sleep(0.2)
        loaded = time.perf_counter() - started
        before = _snapshot(output)
        approved, fresh = _approve_and_watch(store, items, output, within)
        after = _snapshot(output)
        batches = _batches(logs)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
    delays = [fresh[i] - approved[i] for i in approved if i in fresh]
    changed = sorted(k for k, v in after.items() if before.get(k) != v)
    _report(console, docs, approvals, within, full.seconds, loaded, delays, len(approved),
            batches, changed, len(after))  # fmt: skip


def _approve_and_watch(store, items, output: Path, within: float):
    """Approve every item, spread over ``within`` s; watch the pages for their texts."""
    approved: dict[int, float] = {}
    fresh: dict[int, float] = {}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            for n, (_id, page, text) in enumerate(items):
                if n in approved and n not in fresh:
                    path = output / page.strip("/") / "index.html"
                    if text in path.read_text(encoding="utf-8"):
                        fresh[n] = time.time()
            if len(fresh) == len(items):
                return
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    moderation = Moderation(store)
    start = time.time()
    for n, (item_id, _page, _text) in enumerate(items):
        time.sleep(max(0.0, start + n * within / len(items) - time.time()))
        moderation.approve(item_id)
        approved[n] = time.time()
    watcher.join(timeout=60)
    done.set()
    return approved, fresh


def _report(console, docs, approvals, within, full, loaded, delays, count, batches, changed, files):
    p95 = percentile(delays, 0.95) if delays else None
    most = _most_at_once(batches)
    table = Table(title=f"bench.worker – {docs} Dokumente, {approvals} Freigaben in {within:g} s")
    table.add_column("Messung")
    table.add_column("Wert", justify="right")
    table.add_row("Baseline: ein voller Build (bisher je Freigabe gestartet)", f"{full:.1f} s")
    table.add_row("  bisher für alle Freigaben (nacheinander gerechnet)", f"{full * count:.0f} s")
    table.add_row("Build-Worker: Site geladen (einmalig beim Start)", f"{loaded:.1f} s")
    table.add_row("Freigabe → Seite frisch: Median", _s(percentile(delays, 0.5)))
    table.add_row("Freigabe → Seite frisch: p95", _s(p95))
    table.add_row("Freigabe → Seite frisch: langsamste", _s(max(delays) if delays else None))
    table.add_row("Seiten frisch / Freigaben", f"{len(delays)} / {count}")
    table.add_row(
        "Stapel des Workers / Seiten darin", f"{len(batches)} / {sum(b[2] for b in batches)}"
    )
    table.add_row("höchstens gleichzeitig gerendert (2 Worker gestartet)", str(most))
    table.add_row("Dateien neu geschrieben / Dateien der Site", f"{len(changed)} / {files}")
    console.print(table)
    full_builds = 0 if len(changed) <= count + 1 else "?"
    met = p95 is not None and p95 <= TARGET_SECONDS and most <= 1 and len(delays) == count
    met = met and full_builds == 0
    console.print(
        f"Verhältnis p95 / voller Build: {(p95 or 0) / full:.5f} "
        f"({full / max(p95 or 1e-9, 1e-9):.0f}× schneller); volle Builds während der "
        f"Messung: {full_builds}; Ziel (p95 ≤ {TARGET_SECONDS:g} s, ein Build zugleich, "
        f"kein voller Build): {'erreicht' if met else 'verfehlt'}"
    )


def _s(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"

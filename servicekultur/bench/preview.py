"""`invoke bench.preview`: save→fresh-page time of the live preview vs. a full Pelican regenerate.

Plain Pelican's ``--autoreload`` regenerates the whole site on every save, so its save→fresh time
is a full build. The preview renders the saved document alone; we measure, for several edits, the
time from writing the file until the served page has the new text and the preview tells the
browser to reload (the reload script asks every 0.2 s, which adds at most that much in a browser).
"""

from __future__ import annotations

import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from rich.console import Console
from rich.table import Table

from servicekultur.bench.build import PLAIN_SETTINGS, pelican_build
from servicekultur.bench.corpus import generate_corpus

TARGET_SECONDS = 2.0
BROWSER_POLL = 0.2


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def _wait_ready(base: str, proc: subprocess.Popen, timeout: float = 900) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if proc.poll() is not None:
            raise RuntimeError("preview ended before it was ready")
        try:
            _get(f"{base}/__preview/state")
            return time.perf_counter() - started
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("preview did not start in time")


def measure_edit(base: str, source: Path, url: str, marker: str, since: int) -> float:
    """Seconds from saving ``source`` with ``marker`` until the page is fresh and flagged."""
    text = source.read_text(encoding="utf-8")
    head, _, body = text.partition("\n\n")
    started = time.perf_counter()
    source.write_text(f"{head}\n\n{marker} steht jetzt hier.\n\n{body}", encoding="utf-8")
    flagged = False
    while time.perf_counter() - started < 60:
        if not flagged:
            state = _get(f"{base}/__preview/state?since={since}&path={url}")
            flagged = '"reload":true' in state
        if flagged and marker in _get(f"{base}{url}"):
            return time.perf_counter() - started
        time.sleep(0.01)
    raise RuntimeError(f"page {url} not fresh after 60 s")


def run_preview_benchmark(root: Path, docs: int, edits: int = 7, gap: float = 2.0) -> None:
    console = Console()
    work = Path(tempfile.mkdtemp(prefix=f"kb-bench-preview-{docs}-"))
    proc = None
    try:
        content = work / "content"
        stats = generate_corpus(content, docs, root / "content")
        console.print(f"Korpus: {stats.documents} Dokumente, {stats.words:,} Wörter")
        plain_conf = work / "plainconf.py"
        plain_conf.write_text(PLAIN_SETTINGS, "utf-8")
        with console.status("Pelican pur: Neubau (= jede Speicherung mit --autoreload) …"):
            plain = pelican_build(root, plain_conf, content, work / "plain").run
        with console.status("Unsere Site: voller Neubau (bisheriges livereload) …"):
            ours = pelican_build(root, root / "pelicanconf.py", content, work / "ours").run
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        log = (work / "preview.log").open("w", encoding="utf-8")
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "servicekultur.authoring.preview",
                "--root",
                str(root),
                "--content",
                str(content),
                "--output",
                str(work / "preview"),
                "--port",
                str(port),
            ],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        with console.status("Vorschau startet (erster Build im Vorschau-Prozess) …"):
            startup = _wait_ready(base, proc)
        articles = sorted((content / "artikel").glob("*.md"))
        step = max(1, len(articles) // edits)
        times = []
        last_save = time.perf_counter()
        for index in range(edits):
            source = articles[(index * step) % len(articles)]
            url = f"/artikel/{source.stem}/"
            last_save = time.perf_counter()
            since = int(_get(f"{base}/__preview/state?since=-1&path=/").split(":")[1].split(",")[0])
            seconds = measure_edit(base, source, url, f"Messpunkt{index}x{time.time_ns()}", since)
            times.append(seconds)
            console.print(f"  Änderung {index + 1}: {url} frisch nach {seconds:.2f} s")
            if index + 1 < edits:
                time.sleep(gap)
        with console.status("Übersichten und Suchindex holen im Hintergrund auf …"):
            caught_up = _wait_background(base, last_save) + " (Neubau im Hintergrund)"
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    median = statistics.median(times)
    table = Table(title=f"bench.preview – {stats.documents} Dokumente, {edits} Änderungen")
    table.add_column("Speichern → frische Seite")
    table.add_column("Zeit (s)", justify="right")
    table.add_row("Pelican pur, voller Neubau (Baseline)", f"{plain.seconds:.1f}")
    table.add_row("Unsere Site, voller Neubau (bisheriges livereload)", f"{ours.seconds:.1f}")
    table.add_row("Vorschau: Median", f"{median:.2f}")
    table.add_row("Vorschau: langsamste Änderung", f"{max(times):.2f}")
    table.add_row(
        f"Vorschau: Median + Browser-Abfrage ({BROWSER_POLL} s)", f"{median + BROWSER_POLL:.2f}"
    )
    table.add_row("Übersichten/Suchindex aktuell nach letzter Änderung", caught_up)
    table.add_row("Start der Vorschau (einmalig, erster Build)", f"{startup:.1f}")
    console.print(table)
    verdict = "erreicht" if median + BROWSER_POLL <= TARGET_SECONDS else "verfehlt"
    console.print(
        f"Verhältnis Vorschau/Pelican pur: {median / plain.seconds:.3f}× "
        f"({plain.seconds / median:.0f}× schneller); Ziel ≤ {TARGET_SECONDS} s: {verdict}"
    )


def _wait_background(base: str, last_save: float, timeout: float = 900) -> str:
    """Seconds from the last save until no background build is pending or running."""
    idle_since = None
    while time.perf_counter() - last_save < timeout:
        busy = '"busy":true' in _get(f"{base}/__preview/state")
        if busy:
            idle_since = None
        elif idle_since is None:
            idle_since = time.perf_counter()
        elif time.perf_counter() - idle_since > 1.5:
            return f"{idle_since - last_save:.1f}"
        time.sleep(0.1)
    return "nicht innerhalb von 15 min"

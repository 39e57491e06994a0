"""`invoke bench.build`: a full build of our site against plain Pelican on the same Markdown.

Both sides run the same way: a fresh Python process started through ``bench.pelican_run`` (same
interpreter, no content cache, an empty output folder, an empty cache folder, no search index and
no state folder from an earlier run — ours builds as on a fresh clone, without feedback yet —
the source files read once beforehand so both find them in the page cache, our code
byte-compiled beforehand as pip compiled Pelican's),
one after the other, twice. Plain Pelican is one process (it has no other way to run); ours forks
its reader and index writer, so every figure is taken over the whole process tree: wall time, CPU
time of the tree (children included, from ``wait4``) and the peak of the summed PSS of all its
processes (sampled every 250 ms). Below each run, where the CPU time went on each side, cut at the
same Pelican signals (``bench.pelican_run``): start, reading, writing, and the forked processes.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from servicekultur.bench.corpus import generate_corpus
from servicekultur.bench.harness import Run, timed
from servicekultur.bytecode import compile_code

PLAIN_SETTINGS = """\
# Plain Pelican: default theme, no plugins, only what it needs to read the same files.
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
DEFAULT_DATE = "fs"
SITEURL = ""
FEED_DOMAIN = "http://127.0.0.1:8000"
ARTICLE_PATHS = ["artikel", "fallgeschichten", "checklisten", "glossar"]
PAGE_PATHS = ["pages"]
SLUGIFY_SOURCE = "basename"  # synthetic titles repeat; file names are unique
"""
TARGETS = {"wall": 1.0, "cpu": 1.2, "memory": 2.0}


class SourcesDiffer(RuntimeError):
    """The two builds did not read the same number of source documents."""


@dataclass
class Side:
    run: Run
    sources: int  # source documents the build read (glossary terms included)
    pages: int  # HTML files written
    issues: list[dict]  # our build's content problems (as_dict), none for plain Pelican
    failed: list[str]  # sources the build gave up on ("Could not process")
    phases: dict[str, dict[str, float]]  # CPU seconds per phase: this process, its children


def pelican_build(root: Path, settings: Path, content: Path, output: Path) -> Side:
    """One build as the benchmarks run it (fresh process, no caches); what it read and wrote."""
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(f"{output}-cache", ignore_errors=True)  # Pelican's cache folder (QR masks)
    shutil.rmtree(output.parent / "var", ignore_errors=True)  # a full index every run
    report = output.with_suffix(".json")
    cmd = [sys.executable, "-m", "servicekultur.bench.pelican_run"]
    run = timed([*cmd, str(settings), str(content), str(output), str(report)], cwd=root)
    if run.returncode:
        raise RuntimeError(f"build failed ({settings.name}):\n{run.output[-3000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    pages = sum(1 for _ in output.rglob("*.html"))  # counted here: not part of the timed build
    return Side(run, data["sources"], pages, data["issues"], data["failed"], data["phases"])


def _warm(content: Path) -> int:
    """Read every source once (page cache) and count the Markdown files; byte-compile our code
    as pip compiled Pelican's at install, so neither side compiles its modules in a run."""
    compile_code()
    files = [p for p in content.rglob("*") if p.is_file()]
    for path in files:
        path.read_bytes()
    return sum(p.suffix == ".md" for p in files)


def compare_builds(root: Path, content: Path, work: Path, title: str, repeat: int = 2) -> list:
    """Build ``content`` both ways ``repeat`` times; print every run and its ratios."""
    console = Console()
    plain_conf = work / "plainconf.py"
    plain_conf.write_text(PLAIN_SETTINGS, encoding="utf-8")
    found = _warm(content)
    results = []
    for number in range(1, repeat + 1):
        with console.status(f"Lauf {number}: Pelican pur …"):
            plain = pelican_build(root, plain_conf, content, work / "plain")
        with console.status(f"Lauf {number}: unsere Site …"):
            ours = pelican_build(root, root / "pelicanconf.py", content, work / "ours")
        # Plain Pelican may give up on a file (e.g. Python-Markdown's footnotes bug): then we
        # do more work than it, never less; any other difference makes the ratios meaningless.
        if ours.sources != found or plain.sources + len(plain.failed) != found:
            raise SourcesDiffer(
                f"Quelldokumente: {found} Dateien, Pelican pur las {plain.sources}, "
                f"unsere Site {ours.sources} – der Vergleich ist ungültig"
            )
        if plain.failed:
            console.print(
                f"[bold]Pelican pur konnte {len(plain.failed)} Datei(en) nicht verarbeiten "
                f"(wir bauen sie): {', '.join(plain.failed)}[/bold]"
            )
        results.append((plain, ours))
        _print_run(console, f"{title} – Lauf {number}", plain, ours)
    return results


def _print_run(console: Console, title: str, plain: Side, ours: Side) -> None:
    table = Table(title=title)
    for column in ("Build", "Quellen", "Seiten", "Wand (s)", "CPU (s)", "Baum-PSS (MiB)"):
        table.add_column(column, justify="left" if column == "Build" else "right")
    for name, side in (("Pelican pur", plain), ("Servicekultur", ours)):
        run = side.run
        table.add_row(
            name,
            str(side.sources),
            str(side.pages),
            f"{run.seconds:.1f}",
            f"{run.cpu_seconds:.1f}",
            f"{run.tree_peak_mib:.0f}",
        )
    console.print(table)
    ratios = {
        "wall": ours.run.seconds / plain.run.seconds,
        "cpu": ours.run.cpu_seconds / plain.run.cpu_seconds,
        "memory": ours.run.tree_peak_mib / max(plain.run.tree_peak_mib, 1),
    }
    labels = {"wall": "Wand", "cpu": "CPU", "memory": "Speicher"}
    verdicts = [
        f"{labels[k]} {v:.2f}× (Ziel ≤ {TARGETS[k]}×: {'ok' if v <= TARGETS[k] else 'verfehlt'})"
        for k, v in ratios.items()
    ]
    console.print("Verhältnis unsere/Pelican pur: " + ", ".join(verdicts))
    _print_phases(console, plain, ours)


PHASES = (
    ("start", "main", "Start: Interpreter, Importe, Plugins"),
    ("reading", "main", "Lesen und Verknüpfen (Hauptprozess)"),
    ("reading", "children", "Lesen (geforkte Leseprozesse)"),
    ("writing", "main", "Schreiben (Hauptprozess)"),
    ("writing", "children", "Suchindex (geforkte Indexprozesse)"),
)


def phase_total(side: Side) -> float:
    return sum(value for part in side.phases.values() for value in part.values())


def _print_phases(console: Console, plain: Side, ours: Side) -> None:
    """CPU seconds per phase on both sides; their sum is each side's CPU time without the exit."""
    table = Table(title="CPU-Zeit je Phase (s)")
    for column in ("Phase", "Pelican pur", "Servicekultur"):
        table.add_column(column, justify="left" if column == "Phase" else "right")
    for phase, process, label in PHASES:
        table.add_row(label, *(f"{side.phases[phase][process]:.1f}" for side in (plain, ours)))
    table.add_row("Summe", *(f"{phase_total(side):.1f}" for side in (plain, ours)))
    console.print(table)


def run_build_benchmark(root: Path, docs: int, repeat: int = 2, keep: bool = False) -> list:
    """Generate ``docs`` documents and compare the builds."""
    work = Path(tempfile.mkdtemp(prefix=f"kb-bench-build-{docs}-"))
    try:
        content = work / "content"
        stats = generate_corpus(content, docs, root / "content")
        Console().print(
            f"Korpus: {stats.documents} Dokumente, {stats.words:,} Wörter "
            f"({', '.join(f'{k}: {v}' for k, v in stats.by_type.items())})"
        )
        return compare_builds(root, content, work, f"bench.build – {docs} Dokumente", repeat)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)

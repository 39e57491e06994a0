"""`invoke bench.build`: full-build time of our site vs. plain Pelican on the same Markdown."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

from servicekultur.bench.corpus import generate_corpus
from servicekultur.bench.harness import Run, timed

PLAIN_SETTINGS = """\
# Plain Pelican: default theme, no plugins, only what it needs to read the same files.
PATH = {path!r}
OUTPUT_PATH = {output!r}
TIMEZONE = "Europe/Berlin"
DEFAULT_LANG = "de"
DEFAULT_DATE = "fs"
SITEURL = ""
FEED_DOMAIN = "http://127.0.0.1:8000"
ARTICLE_PATHS = ["artikel", "fallgeschichten", "checklisten", "glossar"]
PAGE_PATHS = ["pages"]
SLUGIFY_SOURCE = "basename"  # synthetic titles repeat; file names are unique
"""
TARGET_RATIO = 1.3


def _pelican(content: Path, settings: Path, output: Path, root: Path) -> Run:
    shutil.rmtree(output, ignore_errors=True)
    cmd = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output)]
    run = timed(cmd, cwd=root)
    if run.returncode:
        raise RuntimeError(f"build failed ({' '.join(cmd)}):\n{run.output[-3000:]}")
    return run


def run_build_benchmark(root: Path, docs: int, keep: bool = False) -> tuple[Run, Run]:
    """Generate ``docs`` documents, build them both ways, print the figures and the ratio."""
    console = Console()
    work = Path(tempfile.mkdtemp(prefix=f"kb-bench-build-{docs}-"))
    try:
        content = work / "content"
        stats = generate_corpus(content, docs, root / "content")
        console.print(
            f"Korpus: {stats.documents} Dokumente, {stats.words:,} Wörter "
            f"({', '.join(f'{k}: {v}' for k, v in stats.by_type.items())})"
        )
        plain_conf = work / "plainconf.py"
        plain_conf.write_text(
            PLAIN_SETTINGS.format(path=str(content), output=str(work / "plain")), "utf-8"
        )
        with console.status("Pelican pur (Standard-Theme) …"):
            plain = _pelican(content, plain_conf, work / "plain", root)
        with console.status("Unsere Site (Theme, Plugins) …"):
            ours = _pelican(content, root / "pelicanconf.py", work / "ours", root)
    finally:
        if not keep:
            shutil.rmtree(work, ignore_errors=True)
    ratio = ours.seconds / plain.seconds
    table = Table(title=f"bench.build – {stats.documents} Dokumente")
    for column in ("Build", "Zeit (s)", "Spitzenspeicher (MiB)"):
        table.add_column(column, justify="right" if column != "Build" else "left")
    table.add_row("Pelican pur (Baseline)", f"{plain.seconds:.1f}", f"{plain.peak_mib:.0f}")
    table.add_row("Servicekultur-Wissensbasis", f"{ours.seconds:.1f}", f"{ours.peak_mib:.0f}")
    console.print(table)
    verdict = "erreicht" if ratio <= TARGET_RATIO else "verfehlt"
    console.print(
        f"Verhältnis unsere/Pelican pur: {ratio:.2f}× (Ziel ≤ {TARGET_RATIO}×: {verdict})"
    )
    return ours, plain

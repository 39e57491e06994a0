"""`invoke bench.search`: index build, one-document update, start-up and query latency, memory.

Two sites, each built once with Pelican: a synthetic corpus of N documents and the 1,500 laws of
``../shared/corpora/gesetze`` with our content. Baseline: Pagefind (PyPI ``pagefind``, its own
binary) indexes the same built ``output/`` in the same run; both sides' times and the pages or
documents they indexed are printed with the ratio.
Targets: full index ≤ 25 s per 10k pages, one-document update ≤ 1 s, service start-up to the
first answer ≤ 2 s, query p95 ≤ 50 ms over HTTP with snippets, service memory ≤ 400 MiB at 10k.
"""

from __future__ import annotations

import pickle
import random
import re
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from rich.console import Console
from rich.table import Table

from servicekultur.bench import pagefind
from servicekultur.bench.corpus import generate_corpus
from servicekultur.bench.harness import Run, timed
from servicekultur.bench.probe import Probe, probe_service
from servicekultur.search.analysis import STOPWORDS, fold
from servicekultur.search.serve.query import OPERATORS
from servicekultur.search.store.layout import current_generation, stored_documents

TARGETS = {"full": 25.0, "update": 1.0, "ready": 2.0, "p95_ms": 50.0, "memory_mib": 400.0}
QUERIES = (
    "Pflege",
    "Kundenpflege",
    "Gebuehren",
    "Zahlungsziel",
    "Ziel Zahlung",
    "Glasfaser Ausbau",
    "Erreichbarkeit Telefon",
    "Beschwerde",
    "Reklamation",
    "E Mail",
    "Selfservice",
    "Rückmeldung innerhalb 48 Stunden",
    "Angebot ohne Antwort",
    "Hotline schweigt",
    "Wartungsvertrag Heizung",
    "Stadtwerk Abschlag erhöhung",
    "Servicequalitaet",
    "Beschwerdemanagment",
    "Kundenbindung",
    "faire Angebote vergleichen",
    "kunden*",
    '"sieben Wochen"',
    "Kündigung Vertrag",
    "proaktive Kommunikation Stadtwerk",
)


def _build_site(content: Path, output: Path, root: Path) -> Run:
    cmd = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(root / "pelicanconf.py"),
        "-o",
        str(output),
    ]
    run = timed(cmd, cwd=root)
    if run.returncode:
        raise RuntimeError(f"build failed:\n{run.output[-3000:]}")
    return run


def _index(root: Path, documents: Path, index_dir: Path, mode: str, procs: int) -> Run:
    cmd = [
        sys.executable,
        "-m",
        "servicekultur.bench.search_child",
        str(documents),
        str(index_dir),
        mode,
        str(procs),
    ]
    run = timed(cmd, cwd=root)
    if run.returncode:
        raise RuntimeError(f"indexing failed:\n{run.output[-3000:]}")
    return run


def _queries(documents, count: int, seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    words = [
        w
        for d in documents[:500]
        for w in d.title.split()
        if len(w) > 4 and w.isalpha() and fold(w) not in STOPWORDS | OPERATORS
    ]
    queries = list(QUERIES)
    while len(queries) < count:
        queries.append(" ".join(rng.sample(words, rng.randint(1, 4))))
    return queries


def _pagefind(output: Path, root: Path) -> tuple[Run, int]:
    run = pagefind.index_site(output, root)
    match = re.search(r"Indexed (\d+) pages", run.output)
    return run, int(match.group(1)) if match else 0


def _synthetic(root: Path, work: Path, docs: int, procs: int, queries: int) -> dict:
    stats = generate_corpus(work / "content", docs, root / "content")
    site = _build_site(work / "content", work / "output", root)
    documents = stored_documents(current_generation(work / "var" / "index"))
    doc_file = work / "documents.pickle"
    doc_file.write_bytes(pickle.dumps(documents))
    index_dir = work / "bench" / "index"
    full = _index(root, doc_file, index_dir, "full", procs)
    changed = list(documents)
    page = next(i for i, d in enumerate(changed) if d.type == "artikel")
    changed[page] = replace(changed[page], body=changed[page].body + " Nachtrag zur Kundenpflege.")
    doc_file.write_bytes(pickle.dumps(changed))
    update = _index(root, doc_file, index_dir, "incremental", procs)
    theirs, pages = _pagefind(work / "output", root)
    probe = probe_service(root, work / "output", index_dir, _queries(documents, queries))
    return {
        "files": stats.documents, "documents": len(documents), "site": site, "full": full,
        "update": update, "pagefind": theirs, "pages": pages, "probe": probe,
    }  # fmt: skip


def _laws(root: Path, work: Path, queries: int) -> dict:
    from servicekultur.bench.relevance import build_law_site, read_cases

    count, site = build_law_site(root, work)
    documents = stored_documents(current_generation(work / "var" / "index"))
    theirs, pages = _pagefind(work / "output", root)
    asked = [case.query for case in read_cases()]
    asked += _queries(documents, queries, seed=5)[len(QUERIES) :]
    probe = probe_service(root, work / "output", work / "var" / "index", asked[:queries])
    return {
        "files": count, "documents": len(documents), "site": site,
        "pagefind": theirs, "pages": pages, "probe": probe,
    }  # fmt: skip


def run_search_benchmark(
    root: Path, docs: int, procs: int = 2, queries: int = 200, laws: bool = True
) -> None:
    console = Console()
    work = Path(tempfile.mkdtemp(prefix=f"kb-bench-search-{docs}-"))
    try:
        with console.status(f"Synthetische Site mit {docs} Seiten: bauen, indexieren, messen …"):
            synthetic = _synthetic(root, work / "synthetic", docs, procs, queries)
        law_site = None
        if laws:
            with console.status("Gesetze + unsere Inhalte: bauen, indexieren, messen …"):
                law_site = _laws(root, work / "laws", queries)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _report(console, docs, synthetic, law_site)


def _seconds_inside(run: Run) -> float:
    """The child's own write_index time (without interpreter start and loading the documents)."""
    match = re.search(r"seconds=([0-9.]+)", run.output)
    return float(match.group(1)) if match else run.seconds


def _service_rows(table: Table, name: str, probe: Probe, docs: int | None) -> None:
    table.add_row(
        f"{name}: Start bis erste Antwort (Median von {len(probe.readies)}; "
        f"{min(probe.readies):.2f}–{max(probe.readies):.2f} s)",
        f"{probe.ready:.2f} s",
        f"≤ {TARGETS['ready']:.0f} s",
        f"{probe.ready / TARGETS['ready']:.2f}× Ziel",
    )
    table.add_row(f"{name}: Abfrage p50 (HTTP, Snippets)", f"{probe.p50:.1f} ms", "", "")
    table.add_row(
        f"{name}: Abfrage p95 (HTTP, Snippets, {len(probe.times)} Abfragen)",
        f"{probe.p95:.1f} ms",
        f"≤ {TARGETS['p95_ms']:.0f} ms",
        f"{probe.p95 / TARGETS['p95_ms']:.2f}× Ziel",
    )
    limit = TARGETS["memory_mib"] * max(1, (docs or 10_000) / 10_000)
    table.add_row(
        f"{name}: Spitzenspeicher des Dienstes",
        f"{probe.peak_mib:.0f} MiB",
        f"≤ {limit:.0f} MiB" if docs else "",
        f"{probe.peak_mib / limit:.2f}× Ziel" if docs else "",
    )


def _report(console, docs: int, synthetic: dict, laws: dict | None) -> None:
    full, update, theirs = synthetic["full"], synthetic["update"], synthetic["pagefind"]
    table = Table(
        title=f"bench.search – {docs} Seiten, {synthetic['documents']} Index-Dokumente"
        + (f"; {laws['files']} Gesetze, {laws['documents']} Index-Dokumente" if laws else "")
    )
    for column in ("Messung", "Wert", "Ziel", "Verhältnis"):
        table.add_column(column, justify="left" if column == "Messung" else "right")
    table.add_row("Site-Build mit Index (Kontext)", f"{synthetic['site'].seconds:.1f} s", "", "")
    table.add_row(
        f"Voller Index ({synthetic['documents']} Dokumente)",
        f"{full.seconds:.1f} s (im Prozess {_seconds_inside(full):.2f} s)",
        f"≤ {TARGETS['full'] * docs / 10_000:.1f} s",
        f"{full.seconds / theirs.seconds:.2f}× Pagefind",
    )
    table.add_row(
        f"  Pagefind, dieselbe Site ({synthetic['pages']} Seiten)",
        f"{theirs.seconds:.1f} s",
        "",
        f"{theirs.seconds / full.seconds:.1f}× unsere Zeit",
    )
    inside = _seconds_inside(update)
    table.add_row(
        "Ein Dokument neu (im Build-Prozess)",
        f"{inside:.2f} s",
        f"≤ {TARGETS['update']:.0f} s",
        f"{inside / TARGETS['update']:.2f}× Ziel",
    )
    table.add_row(
        "  … als eigener Prozess (Start, Importe, laden)", f"{update.seconds:.2f} s", "", ""
    )
    table.add_row(
        "Spitzenspeicher voller Index / Update",
        f"{full.peak_mib:.0f} / {update.peak_mib:.0f} MiB",
        "",
        "",
    )
    _service_rows(table, f"{docs} Seiten", synthetic["probe"], docs)
    if laws:
        table.add_row(
            f"Gesetze: Site-Build mit Index / Pagefind ({laws['pages']} Seiten)",
            f"{laws['site'].seconds:.1f} s / {laws['pagefind'].seconds:.1f} s",
            "",
            "",
        )
        _service_rows(table, "Gesetze", laws["probe"], None)
    console.print(table)

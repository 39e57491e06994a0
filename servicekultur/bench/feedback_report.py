"""The table `bench.feedback` prints: every target with its counts, beside Isso 0.14 and the
targets (≥ 1,000 acknowledged writes/s at p99 ≤ 50 ms, 0 lost, ≥ 2,000 reads/s)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from rich.console import Console
from rich.table import Table

from servicekultur.bench.loadgen import Phase
from servicekultur.feedback.stats import percentile


@dataclass
class Result:
    name: str
    writes: Phase
    reads: dict[str, Phase] = field(default_factory=dict)
    lost: int = 0

    def line(self) -> dict:
        lat = self.writes.latencies
        return {
            "writes_per_s": self.writes.rate,
            "p50_ms": (percentile(lat, 0.5) or 0) * 1000,
            "p99_ms": (percentile(lat, 0.99) or 0) * 1000,
            "accepted": self.writes.ok,
            "rejected": self.writes.failed,
            "lost": self.lost,
            **{f"reads_{k}_per_s": v.rate for k, v in self.reads.items()},
            "read_errors": sum(v.failed for v in self.reads.values()),
        }


def print_report(results: list, seconds: float, clients: int, targets: dict) -> list[dict]:
    console = Console(width=150)  # the whole table, also in a log file
    console.print(
        f"bench.feedback: {clients} Clients, je Phase {seconds:g} s, Loopback, "
        f"{os.cpu_count()} CPU-Kerne (geteilt mit dem Lastgenerator)"
    )
    problems = [r for r in results if isinstance(r, str)]
    measured = [r for r in results if not isinstance(r, str)]
    for problem in problems:
        console.print(problem)
    isso = next((r.line() for r in measured if r.name.startswith("Isso")), None)
    table = Table()
    for column in (
        "Ziel",
        "Einsendungen/s",
        "p50 / p99 (ms)",
        "angenommen / abgewiesen",
        "verloren",
        "Lesen/s gecacht",
        "Lesen/s ungecacht",
    ):
        table.add_column(column, justify="left" if column == "Ziel" else "right")
    lines = []
    for result in measured:
        line = result.line()
        lines.append({"name": result.name, **line})
        ratio = ""
        if isso and result.name != next(r.name for r in measured if r.name.startswith("Isso")):
            ratio = f" ({line['writes_per_s'] / max(isso['writes_per_s'], 1e-9):.1f}× Isso)"
        table.add_row(
            result.name,
            f"{line['writes_per_s']:.0f}{ratio}",
            f"{line['p50_ms']:.1f} / {line['p99_ms']:.1f}",
            f"{line['accepted']} / {line['rejected']}",
            str(line["lost"]),
            _reads(line, "gecacht"),
            _reads(line, "ungecacht"),
        )
    console.print(table)
    for result, line in zip(measured, lines, strict=True):
        if result.name.startswith("Isso"):
            continue
        met = (
            line["writes_per_s"] >= targets["writes"]
            and line["p99_ms"] <= targets["p99_ms"]
            and line["lost"] == 0
            and min(line.get("reads_gecacht_per_s", 0), line.get("reads_ungecacht_per_s", 0))
            >= targets["reads"]
        )
        console.print(
            f"{result.name}: Ziel (≥ {targets['writes']:.0f} Einsendungen/s bei p99 ≤ "
            f"{targets['p99_ms']:.0f} ms, 0 verloren, ≥ {targets['reads']:.0f} Lesezugriffe/s "
            f"gecacht und ungecacht) {'erreicht' if met else 'verfehlt'}"
        )
        for kind, phase in [("Schreiben", result.writes), *result.reads.items()]:
            for error in phase.errors[:2]:
                console.print(f"  Fehler beim {kind}: {error}")
    return lines


def _reads(line: dict, kind: str) -> str:
    value = line.get(f"reads_{kind}_per_s")
    return "–" if value is None else f"{value:.0f}"

"""`invoke bench.relevance`: known-item queries on real German laws plus our content, vs. Pagefind.

The site is our content plus the laws of ``../shared/corpora/gesetze`` (``laws.py``), built once
with Pelican; Pagefind indexes the same ``output/``. Every query of ``data/relevance_queries.tsv``
(kind, query, the page a reader means) runs against our ``/api/search`` over HTTP and against
Pagefind in headless Chromium; both lists are scored the same way (a hit is the meant page;
anchors of checklist items and glossary terms count for their page).
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from servicekultur.bench import pagefind
from servicekultur.bench.harness import Run
from servicekultur.bench.laws import laws_dir, read_laws, write_laws
from servicekultur.bench.probe import probe_service
from servicekultur.bench.search import _build_site

QUERIES = Path(__file__).with_name("data") / "relevance_queries.tsv"
TARGETS = {"mrr": 0.90, "hit1": 0.85}


@dataclass
class Case:
    kind: str
    query: str
    expected: str


def read_cases(path: Path = QUERIES) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, query, expected = line.split("\t")
            cases.append(Case(kind, query, expected))
    return cases


def page_of(url: str) -> str:
    return url.split("#", 1)[0]


def rank(urls: list[str], expected: str) -> int | None:
    """1-based place of the meant page among the first ten results, ``None`` if absent."""
    want = page_of(expected)
    for place, url in enumerate(urls[:10], start=1):
        if page_of(url) == want:
            return place
    return None


def scores(ranks: list[int | None]) -> dict[str, float]:
    n = max(len(ranks), 1)
    return {
        "hit1": sum(r == 1 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "hit5": sum(bool(r and r <= 5) for r in ranks) / n,
    }


def build_law_site(root: Path, work: Path, limit: int | None = None, keep=None) -> tuple[int, Run]:
    """Our content plus the laws (``keep``: only those whose slug it accepts) in
    ``work/content``, built to ``work/output``."""
    shutil.copytree(root / "content", work / "content")
    laws = [law for law in read_laws(laws_dir(root), limit) if keep is None or keep(law.slug)]
    write_laws(laws, work / "content")
    return len(laws), _build_site(work / "content", work / "output", root)


def run_relevance_benchmark(root: Path, limit: int | None = None, show: bool = False) -> dict:
    console = Console()
    cases = read_cases()
    work = Path(tempfile.mkdtemp(prefix="kb-bench-relevance-"))
    try:
        with console.status("Site mit Gesetzen bauen …"):
            count, _ = build_law_site(root, work, limit)
        with console.status("Pagefind-Index …"):
            pagefind.index_site(work / "output", root)
        with console.status("Unser Dienst …"):
            asked = [c.query for c in cases]  # answers only: one start is enough
            probe = probe_service(root, work / "output", work / "var" / "index", asked, starts=1)
            ours = probe.results
        with console.status("Pagefind in Chromium …"):
            theirs, _ = pagefind.search_in_browser(work / "output", [c.query for c in cases])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return report(console, cases, ours, theirs, count, show)


def report(console, cases, ours, theirs, laws: int, show: bool) -> dict:
    by_kind: dict[str, list[tuple[int | None, int | None]]] = defaultdict(list)
    for case, mine, other in zip(cases, ours, theirs, strict=True):
        pair = (rank(mine, case.expected), rank(other, case.expected))
        by_kind[case.kind].append(pair)
        if show and pair[0] != 1:
            console.print(f"  {case.kind:12} {case.query!r}: ours {pair[0]}, Pagefind {pair[1]}")
            console.print(f"      ours: {mine[:3]}")
    table = Table(title=f"bench.relevance – {laws} Gesetze + unsere Inhalte, {len(cases)} Anfragen")
    for column in ("Art", "n", "hit@1", "MRR@10", "hit@5", "Pagefind hit@1", "MRR@10", "hit@5"):
        table.add_column(column, justify="left" if column == "Art" else "right")
    result = {}
    laws_only = [p for kind, pairs in by_kind.items() if kind != "own" for p in pairs]
    everything = [p for pairs in by_kind.values() for p in pairs]
    rows = [*sorted(by_kind.items()), ("alle Gesetze", laws_only), ("alle", everything)]
    for kind, pairs in rows:
        mine, other = scores([p[0] for p in pairs]), scores([p[1] for p in pairs])
        result[kind] = (mine, other)
        table.add_row(
            kind,
            str(len(pairs)),
            *(f"{mine[k]:.2f}" for k in ("hit1", "mrr", "hit5")),
            *(f"{other[k]:.2f}" for k in ("hit1", "mrr", "hit5")),
        )
    console.print(table)
    mine = result["alle Gesetze"][0]
    console.print(
        f"Ziel: MRR@10 ≥ {TARGETS['mrr']:.2f} (erreicht {mine['mrr']:.3f}), hit@1 ≥ "
        f"{TARGETS['hit1']:.2f} (erreicht {mine['hit1']:.3f}); jede Art ≥ Pagefind: "
        + ("ja" if all(m["mrr"] >= o["mrr"] for m, o in result.values()) else "nein")
    )
    return result

"""Relevance on real text nobody here wrote: a slice of the laws with the benchmark's queries.

The site holds our content, every law the query set of ``bench.relevance`` means and every
15th other law as competition (about 180 laws), built with Pelican like any site. The figures
are printed; the test fails when the search falls clearly below what ``invoke bench.relevance``
reaches on all 1,500 laws.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from servicekultur.bench.laws import laws_dir
from servicekultur.bench.relevance import build_law_site, rank, read_cases, scores
from servicekultur.search.serve.searcher import SearchRequest
from servicekultur.search.serve.service import SearchService

ROOT = Path(__file__).resolve().parents[1]
MIN_MRR = 0.85
MIN_HIT1 = 0.8


@pytest.fixture(scope="module")
def law_site(tmp_path_factory):
    try:
        source = laws_dir(ROOT)
    except FileNotFoundError as error:
        pytest.skip(str(error))
    cases = [c for c in read_cases() if c.kind != "own"]
    meant = {c.expected.strip("/") for c in cases}
    others = sorted(p.stem for p in source.glob("*.md"))[::15]
    work = tmp_path_factory.mktemp("laws")
    build_law_site(ROOT, work, keep=lambda slug: slug in meant or slug in others)
    return work, cases


def test_known_item_queries_on_real_laws(law_site):
    work, cases = law_site
    service = SearchService(work / "var" / "index")
    by_kind = defaultdict(list)
    for case in cases:
        urls = [hit["url"] for hit in service.search(SearchRequest(case.query, 10)).results]
        by_kind[case.kind].append(rank(urls, case.expected))
    every = [r for ranks in by_kind.values() for r in ranks]
    overall = scores(every)
    print(f"\nGesetze: MRR@10 {overall['mrr']:.3f}, hit@1 {overall['hit1']:.3f}")
    for kind, ranks in sorted(by_kind.items()):
        print(f"  {kind}: MRR@10 {scores(ranks)['mrr']:.2f}")
    assert overall["mrr"] >= MIN_MRR and overall["hit1"] >= MIN_HIT1, overall

"""`invoke bench.pages`: bytes over the wire for each page type, against its budget.

A real browser (headless Chromium) loads each page twice in the same run: as browsers do
(``Accept-Encoding: gzip, deflate, br, zstd``) and with ``Accept-Encoding: identity`` — the
uncompressed baseline. Every response of the load is counted (page, style sheets, scripts, fonts,
requests the scripts make); bodies as sent, headers listed apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from servicekultur.bench.served import chromium, served_site
from servicekultur.delivery.budgets import KB, PAGES


@dataclass
class Load:
    bodies: int = 0
    headers: int = 0
    files: list[tuple[str, int, str]] = field(default_factory=list)  # path, body bytes, encoding


def load_page(browser, url: str, identity: bool) -> Load:
    """Load ``url`` in a fresh context (empty cache) and count what came over the wire."""
    extra = {"Accept-Encoding": "identity"} if identity else {}
    context = browser.new_context(extra_http_headers=extra, locale="de-DE")
    page = context.new_page()
    load = Load()
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(url, wait_until="networkidle")
    for request in requests:
        sizes = request.sizes()
        response = request.response()
        encoding = (response.headers.get("content-encoding") if response else None) or "–"
        load.bodies += sizes["responseBodySize"]
        load.headers += sizes["responseHeadersSize"]
        load.files.append((request.url.split("/", 3)[-1], sizes["responseBodySize"], encoding))
    context.close()
    return load


def measure(output: Path) -> dict[str, tuple[Load, Load]]:
    """Page type → (compressed load, uncompressed load), both from this run."""
    results = {}
    with served_site(output) as base, chromium() as browser:
        for name, (url, _budget) in PAGES.items():
            packed = load_page(browser, base + url, identity=False)
            results[name] = (packed, load_page(browser, base + url, identity=True))
    return results


def report(results: dict[str, tuple[Load, Load]], verbose: bool = False) -> tuple[list[str], bool]:
    """Table lines and whether every budget holds."""
    ok = True
    lines = [
        f"{'Seitentyp':<15} {'komprimiert':>12} {'Budget':>9} {'':<7} {'unkomprimiert':>14} "
        f"{'Faktor':>7} {'Header':>8}"
    ]
    for name, (packed, plain) in results.items():
        budget = PAGES[name][1]
        verdict = "–" if budget is None else ("ok" if packed.bodies <= budget else "ÜBER")
        ok = ok and verdict != "ÜBER"
        lines.append(
            f"{name:<15} {packed.bodies / KB:>9.1f} KB "
            f"{(f'{budget / KB:.0f} KB' if budget else '–'):>9} {verdict:<7} "
            f"{plain.bodies / KB:>11.1f} KB {plain.bodies / max(packed.bodies, 1):>6.2f}× "
            f"{packed.headers / KB:>5.1f} KB"
        )
        if verbose:
            lines += [f"    {n / KB:>7.1f} KB  {enc:<4} {path}" for path, n, enc in packed.files]
    lines.append(
        "komprimiert/unkomprimiert: Antwortkörper aller Anfragen beim ersten Besuch "
        "(leerer Cache), gemessen im selben Lauf; Header zusätzlich."
    )
    return lines, ok


def run_pages_benchmark(output: Path, verbose: bool = False) -> bool:
    lines, ok = report(measure(output), verbose)
    print("\n".join(lines))
    return ok

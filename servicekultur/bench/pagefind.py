"""Pagefind as the baseline: its own index over a built site, queried in headless Chromium.

``pagefind`` (PyPI, with the ``pagefind_bin`` wheel that ships the binary) indexes ``output/`` the
way it would on any static host; the site is served from a small loopback server and each query
runs through Pagefind's own JavaScript API in Debian's Chromium (``KB_CHROMIUM``), as a reader's
browser would run it.
"""

from __future__ import annotations

import functools
import mimetypes
import os
import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from servicekultur.bench.harness import Run, timed

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
_SEARCH = """async (queries) => {
  const pagefind = await import("/pagefind/pagefind.js");
  await pagefind.init();
  const out = [];
  for (const query of queries) {
    const start = performance.now();
    const found = await pagefind.search(query);
    const top = await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
    out.push({urls: top.map((d) => d.url), ms: performance.now() - start});
  }
  return out;
}"""


def index_site(output: Path, root: Path) -> Run:
    """``pagefind --site output`` (writes ``output/pagefind/``), timed like our own steps."""
    run = timed([sys.executable, "-m", "pagefind", "--site", str(output)], cwd=root)
    if run.returncode:
        raise RuntimeError(f"Pagefind failed:\n{run.output[-3000:]}")
    return run


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def serve_static(folder: Path) -> Iterator[str]:
    """``folder`` on a free loopback port (WebAssembly with its MIME type); yields the base URL."""
    mimetypes.add_type("application/wasm", ".wasm")
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="kb-bench-static", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def search_in_browser(output: Path, queries: list[str]) -> tuple[list[list[str]], list[float]]:
    """Pagefind's top 10 page URLs for each query, and its time per query in the browser (ms).

    Runs in a thread of its own: Playwright's sync API refuses a thread with an event loop."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="kb-bench-pagefind") as pool:
        return pool.submit(_search_in_browser, output, queries).result()


def _search_in_browser(output: Path, queries: list[str]) -> tuple[list[list[str]], list[float]]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium fehlt unter {CHROMIUM} (apt-get install chromium)")
    with serve_static(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(f"{base}/", wait_until="load")
            page.evaluate(_SEARCH, queries[:3])  # load the index pieces and the WebAssembly once
            found = page.evaluate(_SEARCH, queries)
        finally:
            browser.close()
    return [r["urls"] for r in found], [r["ms"] for r in found]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 120.0) -> float:
    """Seconds until ``url`` answers at all (any status)."""
    import httpx

    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        try:
            httpx.get(url, timeout=5)
            return time.perf_counter() - start
        except httpx.TransportError:
            time.sleep(0.02)
    raise RuntimeError(f"{url} antwortet nicht nach {seconds:.0f} s")

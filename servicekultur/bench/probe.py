"""Our search service as a separate process on loopback: start-up, query latency, peak memory."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from servicekultur.bench.harness import service_command
from servicekultur.bench.pagefind import free_port

WARM_UP = 10  # first queries (first use of each code path) not counted


@dataclass
class Probe:
    ready: float  # seconds from process start to the first search answered (median)
    times: list[float]  # ms per query over HTTP, with snippets
    peak_mib: float  # the service process's peak resident memory
    results: list[list[str]]  # result URLs per query
    readies: list[float] = field(default_factory=list)  # every timed start-up (``ready``: median)

    @property
    def p50(self) -> float:
        return statistics.median(self.times)

    @property
    def p95(self) -> float:
        times = sorted(self.times)
        return times[min(len(times) - 1, round(0.95 * len(times)) - 1)]


STARTS = 5  # start-up is timed this often (its median is reported): one start is noise


def _start(root: Path, env: dict) -> tuple[subprocess.Popen, str, float]:
    """Start the service; (process, search URL, seconds until it answered a first search)."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(service_command(port), cwd=root, env=env)
    url = f"http://127.0.0.1:{port}/api/search"
    with httpx.Client(timeout=60) as client:
        while True:
            try:
                if client.get(url, params={"q": "Kunde"}).status_code == 200:
                    return server, url, time.perf_counter() - started
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.perf_counter() - started > 300:
                server.kill()
                raise RuntimeError("Der Suchdienst ist nicht gestartet.")
            time.sleep(0.01)


def _stop(server: subprocess.Popen):
    server.terminate()
    return os.wait4(server.pid, 0)[2]


def probe_service(
    root: Path, output: Path, index_dir: Path, queries: list[str], starts: int = STARTS
) -> Probe:
    """Time ``starts`` start-ups to the first answer, then every query (``limit=10``) on the
    last one."""
    env = {**os.environ, "KB_OUTPUT_DIR": str(output), "KB_INDEX_DIR": str(index_dir)}
    env["KB_STATE_DIR"] = str(Path(output).parent / "state")  # the bench's folder, not var/
    readies = []
    for _ in range(starts - 1):
        server, _url, ready = _start(root, env)
        _stop(server)
        readies.append(ready)
    server, url, ready = _start(root, env)
    readies.append(ready)
    results: list[list[str]] = []
    times: list[float] = []
    try:
        with httpx.Client(timeout=60) as client:
            for query in queries[:WARM_UP]:
                client.get(url, params={"q": query})
            for query in queries:
                start = time.perf_counter()
                response = client.get(url, params={"q": query, "limit": 10})
                times.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{query!r}: HTTP {response.status_code} {response.text}")
                results.append([hit["url"] for hit in response.json()["results"]])
        peak = _peak_mib(server.pid)
    finally:
        usage = _stop(server)
    peak_mib = peak or usage.ru_maxrss / 1024
    return Probe(statistics.median(readies), times, peak_mib, results, readies)


def _peak_mib(pid: int) -> float | None:
    """The process's own peak resident memory (``VmHWM``), while it still runs."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None

"""`invoke bench.feedback`: submissions and reads against the real service on loopback.

The server runs in its own process(es) (uvicorn); 16 clients on keep-alive connections send
JSON submissions, then read a page's feedback. Every acknowledged (2xx) submission is looked up
in the database afterwards: lost writes must be 0.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from servicekultur.bench.harness import service_command
from servicekultur.feedback.model import PUBLISHED
from servicekultur.feedback.stats import percentile
from servicekultur.feedback.store import FeedbackStore

ISSO_SUBMISSIONS = 170.0  # Isso 0.14 on a 2-core machine (issue 4)
ISSO_READS = 270.0
PAGE = "/artikel/bench/"
PAGE_HTML = (
    '<!DOCTYPE html><html lang="de"><body><section id="feedback" data-page="/artikel/bench/">'
    '<input type="hidden" name="form_token" value="__KB_FORM_TOKEN__"></section></body></html>'
)


class Client:
    """A minimal HTTP/1.1 keep-alive client (the load generator must cost less than the server)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        headers = await self.reader.readuntil(b"\r\n\r\n")
        status = int(headers[9:12])
        length = 0
        for line in headers.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        return status, await self.reader.readexactly(length)


async def _fetch_token(port: int) -> str:
    _status, body = await Client(port).request("GET", PAGE)
    marker = b'name="form_token" value="'
    start = body.index(marker) + len(marker)
    return body[start : body.index(b'"', start)].decode()


async def _writers(port: int, clients: int, seconds: float, limit: int) -> dict:
    latencies: list[float] = []
    acked: list[str] = []
    failed = 0
    deadline = time.perf_counter() + seconds
    sent = 0

    async def run(n: int) -> None:
        nonlocal failed, sent
        client = Client(port)
        token = await _fetch_token(port)  # single-use: each answer brings the next token
        while time.perf_counter() < deadline and sent < limit:
            sent += 1
            body = json.dumps(
                {
                    "page": PAGE,
                    "type": "anregung",
                    "text": f"Messung {n}-{sent}",
                    "consent": True,
                    "form_token": token,
                }
            ).encode()
            start = time.perf_counter()
            status, reply = await client.request("POST", "/api/feedback", body)
            latencies.append(time.perf_counter() - start)
            if 200 <= status < 300:
                answer = json.loads(reply)
                token = answer["form_token"]
                acked.append(answer["status_url"].rsplit("/", 1)[-1])
            else:
                failed += 1

    start = time.perf_counter()
    await asyncio.gather(*(run(n) for n in range(clients)))
    return {
        "elapsed": time.perf_counter() - start,
        "latencies": latencies,
        "acked": acked,
        "failed": failed,
    }


async def _readers(port: int, clients: int, seconds: float, limit: int) -> dict:
    done = 0
    errors = 0
    deadline = time.perf_counter() + seconds

    async def run() -> None:
        nonlocal done, errors
        client = Client(port)
        while time.perf_counter() < deadline and done < limit:
            status, _ = await client.request("GET", f"/api/feedback?page={PAGE}")
            done += 1
            errors += status != 200

    start = time.perf_counter()
    await asyncio.gather(*(run() for _ in range(clients)))
    return {"elapsed": time.perf_counter() - start, "reads": done, "errors": errors}


def _wait_for(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("server exited during start-up")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("server did not start")


def _run(coro):
    """The load generator on uvloop when available: it must cost less CPU than the server."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_feedback_benchmark(
    seconds: float = 5.0, clients: int = 16, workers: int = 2, limit: int = 50_000
) -> dict:
    """Run the benchmark and print the figures; returns them as a dict."""
    with tempfile.TemporaryDirectory(prefix="kb-bench-feedback-") as tmp:
        root = Path(tmp)
        (root / "output" / PAGE.strip("/")).mkdir(parents=True)
        (root / "output" / PAGE.strip("/") / "index.html").write_text(PAGE_HTML, encoding="utf-8")
        url = f"sqlite:///{root / 'state' / 'feedback.sqlite3'}"
        FeedbackStore.open(url).close()  # migrate once, before the workers start
        port = _free_port()
        env = {
            **os.environ,
            "KB_OUTPUT_DIR": str(root / "output"),
            "KB_STATE_DIR": str(root / "state"),
            "KB_DATABASE_URL": url,
            "KB_SECRET_KEY": "bench-" + os.urandom(8).hex(),
            "KB_RATE_LIMIT": "1000000000",
            "KB_MIN_FILL_SECONDS": "0",
        }
        server = subprocess.Popen(
            service_command(port, workers),
            env=env,
        )
        try:
            _wait_for(port, server)
            time.sleep(0.5 * workers)
            _run(_writers(port, clients, 1.0, 2000))  # warm-up, not counted
            writes = _run(_writers(port, clients, seconds, limit))
            store = FeedbackStore.open(url)
            found = store.existing_tokens(writes["acked"])
            for item in store.items(page=PAGE, limit=20):
                store.set_status(item.id, PUBLISHED)
            reads = _run(_readers(port, clients, seconds, limit * 4))
            store.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    lat = writes["latencies"]
    result = {
        "submissions_per_s": len(writes["acked"]) / writes["elapsed"],
        "p50_ms": (percentile(lat, 0.5) or 0) * 1000,
        "p99_ms": (percentile(lat, 0.99) or 0) * 1000,
        "accepted": len(writes["acked"]),
        "rejected": writes["failed"],
        "lost": len(writes["acked"]) - len(found),
        "reads_per_s": reads["reads"] / reads["elapsed"],
        "read_errors": reads["errors"],
    }
    _print(result, clients, workers, seconds)
    return result


def _print(r: dict, clients: int, workers: int, seconds: float) -> None:
    print(
        f"Feedback-Benchmark: {clients} Clients, {workers} uvicorn-Worker, je {seconds:g} s, "
        f"Loopback, {os.cpu_count()} CPU-Kerne"
    )
    print(
        f"  angenommene Einsendungen/s: {r['submissions_per_s']:8.0f}  "
        f"({r['submissions_per_s'] / ISSO_SUBMISSIONS:.1f} × Isso 0.14 mit 170/s)"
    )
    print(f"  Latenz p50 / p99:          {r['p50_ms']:6.1f} ms / {r['p99_ms']:.1f} ms")
    print(f"  angenommen / abgewiesen:   {r['accepted']} / {r['rejected']}")
    print(f"  verlorene Schreibvorgänge: {r['lost']}")
    print(
        f"  Lesezugriffe/s:            {r['reads_per_s']:8.0f}  "
        f"({r['reads_per_s'] / ISSO_READS:.1f} × Isso 0.14 mit 270/s; Fehler: {r['read_errors']})"
    )

"""`invoke bench.feedback`: submissions and reads against the real service on loopback, beside
Isso 0.14 measured in the same run.

Targets: our service on SQLite (one instance, ``workers`` uvicorn processes), on PostgreSQL
(``--database postgresql``: a PostgreSQL server with its durable defaults and two service
instances on two ports, load sent round-robin), and Isso 0.14 under gunicorn with as many
workers. Each gets the same clients: JSON submissions (ours with the single-use form token each
answer hands on), then reads of the published feedback of many pages — cached (our 2-second
per-page cache) and uncached (every request asks something new). Then every server is killed
with SIGKILL (PostgreSQL stopped as in a crash and recovered) and each acknowledged submission
is looked up: lost writes must be 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

from servicekultur.bench.feedback_report import Result, print_report
from servicekultur.bench.harness import service_command
from servicekultur.bench.isso import measure_isso
from servicekultur.bench.loadgen import free_port, kill_group, run, run_phase, wait_for_port
from servicekultur.feedback.store import FeedbackStore

PAGES = 300  # pages with feedback: reads spread over all of them
TARGETS = {"writes": 1000.0, "p99_ms": 50.0, "reads": 2000.0}
PAGE_HTML = (
    '<!DOCTYPE html><html lang="de"><body><section id="feedback" data-page="{page}">'
    '<input type="hidden" name="form_token" value="__KB_FORM_TOKEN__"></section></body></html>'
)


def page(n: int) -> str:
    return f"/artikel/messung-{n % PAGES}/"


# -- our service ----------------------------------------------------------------------------
def _ours_writes(ports: list[int]):
    def make(n: int):
        state = {"token": ""}

        async def one(client, number):
            port = ports[number % len(ports)]  # round-robin over the instances
            if not state["token"]:
                _status, html = await client.request(port, "GET", page(n))
                marker = b'name="form_token" value="'
                start = html.index(marker) + len(marker)
                state["token"] = html[start : html.index(b'"', start)].decode()
            body = {"page": page(n), "type": "anregung", "text": f"Messung {n}-{number}"}
            body.update(consent=True, form_token=state["token"])
            status, reply = await client.request(
                port, "POST", "/api/feedback", json.dumps(body).encode()
            )
            if status != 201:
                state["token"] = ""
                return False, "", f"{status} {reply[:100]!r}"
            answer = json.loads(reply)
            state["token"] = answer["form_token"]
            return True, answer["status_url"].rsplit("/", 1)[-1], ""

        return one

    return make


def _ours_reads(ports: list[int], uncached: bool):
    def make(n: int):
        async def one(client, number):
            path = f"/api/feedback?page={page(n * 7 + number)}"
            if uncached:  # a question never asked before: no cache can answer it
                path += f"&since=2000-01-01T00:00:00.{number % 1_000_000:06d}"
            status, reply = await client.request(ports[number % len(ports)], "GET", path)
            return status == 200, "", f"{status} {reply[:80]!r}"

        return one

    return make


def _publish_some(url: str, acked: list[str]) -> None:
    """Two published items per page, as the moderation would publish them."""
    store = FeedbackStore.open(url)
    per_page: dict[str, int] = {}
    for item in store.items(limit=4 * PAGES):
        if per_page.get(item.page, 0) < 2:
            per_page[item.page] = per_page.get(item.page, 0) + 1
            store.set_status(item.id, "veroeffentlicht")
    store.close()


def _measure_ours(name, ports, url, seconds, clients, crash) -> Result:
    run(run_phase(clients, 1.0, 2000, _ours_writes(ports)))  # warm-up, not counted
    result = Result(name, run(run_phase(clients, seconds, 200_000, _ours_writes(ports))))
    _publish_some(url, result.writes.acked)
    for kind in ("gecacht", "ungecacht"):
        reads = _ours_reads(ports, uncached=kind == "ungecacht")
        result.reads[kind] = run(run_phase(clients, seconds, 1_000_000, reads))
    crash()
    store = FeedbackStore.open(url)
    result.lost = len(result.writes.acked) - len(store.existing_tokens(result.writes.acked))
    store.close()
    return result


def _env(root: Path, url: str) -> dict[str, str]:
    return {
        **os.environ,
        "KB_OUTPUT_DIR": str(root / "output"),
        "KB_STATE_DIR": str(root / "state"),
        "KB_DATABASE_URL": url,
        "KB_SECRET_KEY": "bench-" + os.urandom(8).hex(),
        "KB_RATE_LIMIT": "1000000000",  # the limits are checked and counted, never reached
        "KB_RATE_LIMIT_ADDRESS": "1000000000",
        "KB_MIN_FILL_SECONDS": "0",
    }


def _start(commands: list[list[str]], env: dict, ports: list[int]) -> list[subprocess.Popen]:
    processes = [subprocess.Popen(cmd, env=env, start_new_session=True) for cmd in commands]
    for port, process in zip(ports, processes, strict=True):
        wait_for_port(port, process)
    time.sleep(1.0)  # every worker process has run its start-up
    return processes


def _sqlite(root: Path, seconds: float, clients: int, workers: int) -> Result:
    url = f"sqlite:///{root / 'state' / 'feedback.sqlite3'}"
    FeedbackStore.open(url).close()  # migrate once, before the workers start
    port = free_port()
    processes = _start([service_command(port, workers)], _env(root, url), [port])
    try:
        name = f"unser Dienst, SQLite, {workers} Worker"
        return _measure_ours(name, [port], url, seconds, clients, lambda: kill_group(processes))
    finally:
        kill_group(processes)


def _postgresql(root: Path, seconds: float, clients: int) -> Result:
    from servicekultur.bench.postgres import PostgresServer

    server = PostgresServer(durable=True).start()
    try:
        url = server.new_database()
        FeedbackStore.open(url).close()
        ports = [free_port(), free_port()]
        commands = [service_command(port, 1) for port in ports]
        processes = _start(commands, _env(root, url), ports)

        def crash() -> None:
            kill_group(processes)
            server.crash_and_restart()

        try:
            name = "unser Dienst, PostgreSQL, 2 Instanzen"
            return _measure_ours(name, ports, url, seconds, clients, crash)
        finally:
            kill_group(processes)
    finally:
        server.stop()


def run_feedback_benchmark(
    root: Path,
    seconds: float = 5.0,
    clients: int = 16,
    workers: int = 2,
    database: str = "sqlite",
) -> list[dict]:
    """Run the benchmark and print the figures; returns them."""
    results: list[Result | str] = []
    with tempfile.TemporaryDirectory(prefix="kb-bench-feedback-") as tmp:
        work = Path(tmp)
        for n in range(PAGES):
            folder = work / "output" / page(n).strip("/")
            folder.mkdir(parents=True)
            (folder / "index.html").write_text(PAGE_HTML.format(page=page(n)), encoding="utf-8")
        results.append(measure_isso(work, seconds, clients, workers, root / "var" / "bench", page))
        results.append(_sqlite(work, seconds, clients, workers))
        if database == "postgresql":
            results.append(_postgresql(work, seconds, clients))
    return print_report(results, seconds, clients, TARGETS)

"""Two service instances on different ports over one output folder and one PostgreSQL database,
with two build workers: load sent round-robin loses no acknowledged write, the rate limits are
shared, exactly one worker is active, and both instances serve the page it re-rendered."""

from __future__ import annotations

import os
import re
import subprocess
import threading
import time

import httpx
from conftest import MINIMAL, build_site, free_port, write_content
from sqlalchemy import text
from test_feedback_lifecycle_browser import start_worker

from servicekultur.bench.harness import service_command
from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.renderqueue import RenderQueue
from servicekultur.feedback.store import FeedbackStore
from servicekultur.publishing.lock import WORKER_LOCK

ARTICLE = "/artikel/erster-artikel/"


def _wait(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the service ended during start-up"
        try:
            httpx.get(f"http://127.0.0.1:{port}{ARTICLE}", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("the service did not start")


def _token(http: httpx.Client, port: int) -> str:
    html = http.get(f"http://127.0.0.1:{port}{ARTICLE}").text
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def _post(http: httpx.Client, port: int, token: str, n: int) -> httpx.Response:
    body = {"page": ARTICLE, "type": "lob", "text": f"Nr. {n}", "consent": True}
    return http.post(f"http://127.0.0.1:{port}/api/feedback", json={**body, "form_token": token})


def test_two_instances_share_one_postgresql(tmp_path, pg_server):
    url = pg_server.new_database()
    content = write_content(tmp_path / "content", dict(MINIMAL))
    FeedbackStore.open(url).close()
    assert build_site(content, tmp_path / "output", KB_DATABASE_URL=url).error is None
    env = {
        **os.environ,
        "KB_DATABASE_URL": url,
        "KB_OUTPUT_DIR": str(tmp_path / "output"),
        "KB_STATE_DIR": str(tmp_path / "state"),
        "KB_SECRET_KEY": "two-instances",  # the same on both: tokens work on either
        "KB_MIN_FILL_SECONDS": "0",
        "KB_RATE_LIMIT_ADDRESS": "100000",
    }
    ports = [free_port(), free_port()]
    processes = [subprocess.Popen(service_command(port), env=env) for port in ports]
    workers = [start_worker(content, tmp_path / "output", url) for _ in range(2)]
    store = FeedbackStore.open(url)
    try:
        for port, process in zip(ports, processes, strict=True):
            _wait(port, process)
        acked: list[str] = []
        failures: list[str] = []

        def client(n: int) -> None:
            with httpx.Client(timeout=10) as http:
                tokens = {port: _token(http, port) for port in ports}  # one form per instance
                for i in range(20):
                    port = ports[(n + i) % 2]  # round-robin
                    response = _post(http, port, tokens[port], i)
                    if response.status_code == 201:
                        acked.append(response.json()["status_url"].rsplit("/", 1)[-1])
                    else:
                        failures.append(f"{response.status_code} {response.text[:80]}")
                    tokens[port] = _token(http, port)  # a fresh form: the per-form limit is 5

        threads = [threading.Thread(target=client, args=(n,)) for n in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert failures == [] and len(acked) == 120
        assert store.existing_tokens(acked) == set(acked)  # 0 lost acknowledged writes

        with httpx.Client(timeout=10) as http:  # one form, alternating instances: shared limit
            token, codes = _token(http, ports[0]), []
            for i in range(7):
                response = _post(http, ports[i % 2], token, i)
                codes.append(response.status_code)
                token = response.json().get("form_token", token)
            assert codes == [201] * 5 + [429] * 2

        deadline = time.monotonic() + 60
        while RenderQueue(store).worker() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        active = RenderQueue(store).worker()
        assert active and int(active["holder"].rsplit(":", 1)[1]) in {w.pid for w in workers}
        with store.engine.connect() as conn:
            locks = conn.execute(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :k"),
                {"k": WORKER_LOCK},
            ).scalar()
        assert locks == 1  # exactly one worker holds the lock; the other waits

        item = store.items(page=ARTICLE, limit=1)[0]
        Moderation(store).answer(item.id, "Antwort für beide Instanzen", "Redaktion")
        deadline = time.monotonic() + 10
        seen: set[int] = set()
        while len(seen) < 2 and time.monotonic() < deadline:
            for port in ports:
                if (
                    "Antwort für beide Instanzen"
                    in httpx.get(f"http://127.0.0.1:{port}{ARTICLE}").text
                ):
                    seen.add(port)
            time.sleep(0.2)
        assert seen == set(ports)  # the page the worker wrote, served by both instances
    finally:
        store.close()
        for process in [*processes, *workers]:
            process.terminate()
        for process in [*processes, *workers]:
            process.wait(timeout=30)

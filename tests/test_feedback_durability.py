"""kill -9 while clients write: every acknowledged submission survives, the database is intact."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import threading
import time

import httpx
from conftest import free_port
from sqlalchemy import text

from servicekultur.bench.harness import service_command
from servicekultur.feedback.store import FeedbackStore

PAGE = "/artikel/x/"
HTML = (
    '<!DOCTYPE html><html lang="de"><body><section id="feedback">'
    '<input type="hidden" name="form_token" value="__KB_FORM_TOKEN__"></section></body></html>'
)


def _start(tmp_path, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "KB_OUTPUT_DIR": str(tmp_path / "output"),
        "KB_STATE_DIR": str(tmp_path / "state"),
        "KB_SECRET_KEY": "durability-test",
        "KB_RATE_LIMIT": "1000000",
        "KB_MIN_FILL_SECONDS": "0",
    }
    process = subprocess.Popen(
        service_command(port),
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}{PAGE}", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("server did not start")


def test_kill_9_loses_no_acknowledged_submission(tmp_path):
    (tmp_path / "output" / "artikel" / "x").mkdir(parents=True)
    (tmp_path / "output" / "artikel" / "x" / "index.html").write_text(HTML, encoding="utf-8")
    port = free_port()
    server = _start(tmp_path, port)
    base = f"http://127.0.0.1:{port}"
    acked: list[str] = []
    refused: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(n: int) -> None:
        with httpx.Client(base_url=base, timeout=5) as http:
            i = 0
            # each form token counts once: every answer brings the next one
            token = re.search(r'value="([^"]+)"', http.get(PAGE).text).group(1)
            while not stop.is_set():
                i += 1
                body = {
                    "page": PAGE,
                    "type": "lob",
                    "text": f"Client {n}, Nr. {i}",
                    "consent": True,
                    "form_token": token,
                }
                try:
                    response = http.post("/api/feedback", json=body)
                except httpx.TransportError:
                    return  # the server is gone
                if response.status_code == 201:
                    token = response.json()["form_token"]
                    with lock:
                        acked.append(response.json()["status_url"].rsplit("/", 1)[-1])
                else:
                    refused.append(f"{response.status_code} {response.text[:100]}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(acked) < 200 and time.monotonic() < deadline and not refused:
        time.sleep(0.05)
    os.kill(server.pid, signal.SIGKILL)  # in the middle of the writes
    server.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=10)
    assert refused == []
    assert len(acked) >= 200

    server = _start(tmp_path, port)  # restart: WAL recovery, migrations are a no-op
    try:
        store = FeedbackStore.open(f"sqlite:///{tmp_path / 'state' / 'feedback.sqlite3'}")
        assert store.existing_tokens(acked) == set(acked)
        with store.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        for path in (tmp_path / "state").glob("feedback.sqlite3*"):
            assert b"127.0.0.1" not in path.read_bytes()  # no raw IP at rest
        store.close()
        fresh = httpx.get(base + PAGE).text
        again = httpx.post(
            base + "/api/feedback",
            json={
                "page": PAGE,
                "type": "lob",
                "text": "Nach dem Neustart",
                "consent": True,
                "form_token": re.search(r'value="([^"]+)"', fresh).group(1),
            },
        )
        assert again.status_code == 201
    finally:
        server.terminate()
        server.wait(timeout=10)

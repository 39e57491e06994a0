"""Several server processes on one port (``servicekultur.web.workers``): connections are spread
over them, one that dies is started again, SIGTERM ends them all, a failed start ends the server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import httpx
import psutil
from conftest import free_port

from servicekultur.web.workers import command

PAGE = "/artikel/x/"


def _env(tmp_path) -> dict[str, str]:
    page = tmp_path / "output" / PAGE.strip("/")
    page.mkdir(parents=True)
    (page / "index.html").write_text("<h1>X</h1>", encoding="utf-8")
    return {
        **os.environ,
        "KB_OUTPUT_DIR": str(tmp_path / "output"),
        "KB_STATE_DIR": str(tmp_path / "state"),
        "KB_SECRET_KEY": "workers-test",
    }


def _children(server: subprocess.Popen) -> list[psutil.Process]:
    return psutil.Process(server.pid).children()


def _serving(port: int, server: subprocess.Popen, processes: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server ended"
        listening = [
            p for p in _children(server) if any(c.status == "LISTEN" for c in p.net_connections())
        ]
        if len(listening) == processes:
            return
        time.sleep(0.2)
    raise AssertionError("the server processes did not start")


def test_connections_are_spread_and_a_dead_process_comes_back(tmp_path):
    port = free_port()
    quick = [*command("127.0.0.1", port, 2), "--start-seconds", "2"]
    server = subprocess.Popen(quick, env=_env(tmp_path))
    try:
        _serving(port, server, 2)
        first = {p.pid for p in _children(server)}
        assert len(first) == 2
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(16)]
        time.sleep(0.5)
        held = [
            sum(c.status == "ESTABLISHED" for c in p.net_connections()) for p in _children(server)
        ]
        assert all(count > 0 for count in held), held  # 16 of 16 on one: 1 in 30,000
        for client in clients:
            client.close()
        assert httpx.get(f"http://127.0.0.1:{port}{PAGE}").status_code == 200

        time.sleep(2.5)  # past the start-up: a process that dies now is started again
        os.kill(min(first), signal.SIGKILL)
        deadline = time.monotonic() + 60
        while {p.pid for p in _children(server)} & first != {max(first)}:
            assert time.monotonic() < deadline, "the killed process was not started again"
            time.sleep(0.2)
        _serving(port, server, 2)
        assert httpx.get(f"http://127.0.0.1:{port}{PAGE}").status_code == 200
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=60) == 0
    assert not psutil.pid_exists(max(first))


def test_a_failed_start_ends_the_server_with_its_code(tmp_path):
    port = free_port()
    with socket.create_server(("127.0.0.1", port)):  # the port is taken (without SO_REUSEPORT)
        server = subprocess.Popen(command("127.0.0.1", port, 2), env=_env(tmp_path))
        assert server.wait(timeout=60) != 0

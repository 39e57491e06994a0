"""Several server processes on one port: ``python -m servicekultur.web.workers --workers 2``.

Each process binds its own listening socket with ``SO_REUSEPORT``, and the kernel spreads new
connections over them. uvicorn's own ``--workers`` shares one socket between its processes:
whichever wakes first accepts a whole burst of connections (in ``bench.feedback`` often all 16),
and the other process idles while its clients wait.

The parent starts the processes, starts again one that dies while serving, and passes SIGINT
and SIGTERM on. A process that ends during its start-up (a bad setting, the port taken) ends
the whole server with its exit code: starting it again would only fail again.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import signal
import socket
import subprocess
import sys
import time

logger = logging.getLogger(__name__)

APP = "servicekultur.web:create_app"
START_SECONDS = 10.0  # a process that ends sooner failed to start
BACKLOG = 2048


def listening_socket(host: str, port: int) -> socket.socket:
    """A listening socket of this process, one of several on ``host:port``."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(BACKLOG)
    return sock


def serve_one(host: str, port: int, log_level: str = "warning") -> None:
    """One server process (X-Forwarded-For is read by the app, from KB_TRUSTED_PROXIES only)."""
    import uvicorn

    config = uvicorn.Config(
        APP, factory=True, log_level=log_level, access_log=False, proxy_headers=False
    )
    # uvicorn stops gracefully on SIGINT, then raises the signal again: no traceback for that
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run(sockets=[listening_socket(host, port)])


def command(host: str, port: int, workers: int = 1, log_level: str = "warning") -> list[str]:
    """The command line of the server (one process, or the parent of ``workers``)."""
    args = ["--host", host, "--port", str(port), "--log-level", log_level]
    return [sys.executable, "-m", "servicekultur.web.workers", "--workers", str(workers), *args]


def supervise(
    host: str, port: int, workers: int, log_level: str = "warning", start: float = START_SECONDS
) -> int:
    """Run ``workers`` server processes until SIGINT/SIGTERM; returns the exit code. A process
    that ends within ``start`` seconds failed to start."""
    one = [*command(host, port, 1, log_level), "--one"]
    children = [(subprocess.Popen(one), time.monotonic()) for _ in range(workers)]
    stopping = False

    def stop(_signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        for child, _started in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)  # each finishes its requests, then ends

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    code = 0
    while not stopping:
        for n, (child, started) in enumerate(children):
            if child.poll() is None or stopping:
                continue
            if time.monotonic() - started < start:
                logger.error("Serverprozess endete beim Start (Code %s)", child.returncode)
                code = child.returncode or 1
                stop(signal.SIGTERM, None)
                break
            logger.error("Serverprozess %s endete (Code %s); neu gestartet", n, child.returncode)
            children[n] = (subprocess.Popen(one), time.monotonic())
        time.sleep(0.2)
    for child, _started in children:
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Wissensbasis-Dienst mit mehreren Prozessen")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=2, help="Serverprozesse (Standard: 2)")
    parser.add_argument("--log-level", default="warning")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    hidden = argparse.SUPPRESS  # for the tests
    parser.add_argument("--start-seconds", type=float, default=START_SECONDS, help=hidden)
    args = parser.parse_args(argv)
    if args.one or args.workers <= 1:
        serve_one(args.host, args.port, args.log_level)
        return 0
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    return supervise(args.host, args.port, args.workers, args.log_level, args.start_seconds)


if __name__ == "__main__":
    sys.exit(main())

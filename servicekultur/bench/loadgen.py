"""A small load generator for the feedback benchmark: keep-alive HTTP/1.1 clients on loopback
(cheaper than the server they measure), round-robin over one or more ports."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


class Client:
    """A minimal HTTP/1.1 keep-alive client; one connection per port."""

    def __init__(self) -> None:
        self.streams: dict[int, tuple[asyncio.StreamReader, asyncio.StreamWriter]] = {}

    async def request(
        self, port: int, method: str, path: str, body: bytes = b"", headers: str = ""
    ) -> tuple[int, bytes]:
        if port not in self.streams:
            self.streams[port] = await asyncio.open_connection("127.0.0.1", port)
        reader, writer = self.streams[port]
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{headers}"
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        writer.write(head.encode() + b"\r\n" + body)
        raw = await reader.readuntil(b"\r\n\r\n")
        status = int(raw[9:12])
        length, close = 0, False
        for line in raw.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
            elif line.lower() == b"connection: close":
                close = True  # e.g. gunicorn's sync workers (Isso): one request per connection
        body = await reader.readexactly(length)
        if close:
            writer.close()
            del self.streams[port]
        return status, body

    def close(self) -> None:
        for _reader, writer in self.streams.values():
            writer.close()


@dataclass
class Phase:
    """What one phase of load did: answers by success, latencies, what it handed back."""

    elapsed: float = 0.0
    ok: int = 0
    failed: int = 0
    latencies: list[float] = field(default_factory=list)
    acked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.ok / self.elapsed if self.elapsed else 0.0


# One request of a phase: (client, number) → (ok, acknowledgement or "", error text or "").
Step = Callable[[Client, int], Awaitable[tuple[bool, str, str]]]


async def run_phase(clients: int, seconds: float, limit: int, step: Callable[[int], Step]) -> Phase:
    """``clients`` concurrent loops of ``step(n)`` until ``seconds`` or ``limit`` requests."""
    phase = Phase()
    deadline = time.perf_counter() + seconds
    sent = 0

    async def loop(n: int) -> None:
        nonlocal sent
        client = Client()
        one = step(n)
        try:
            while time.perf_counter() < deadline and sent < limit:
                sent += 1
                started = time.perf_counter()
                ok, ack, error = await one(client, sent)
                phase.latencies.append(time.perf_counter() - started)
                if ok:
                    phase.ok += 1
                    if ack:
                        phase.acked.append(ack)
                else:
                    phase.failed += 1
                    if len(phase.errors) < 5:
                        phase.errors.append(error)
        finally:
            client.close()

    started = time.perf_counter()
    await asyncio.gather(*(loop(n) for n in range(clients)))
    phase.elapsed = time.perf_counter() - started
    return phase


def run(coro):
    """The load generator on uvloop when available: it must cost less CPU than the server."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
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


def kill_group(processes: list[subprocess.Popen]) -> None:
    """SIGKILL to each process group (a server and its workers, mid-flight)."""
    for process in processes:
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(process.pid, signal.SIGKILL)  # the server and its workers, mid-flight
        process.wait(timeout=30)

"""The load of `invoke bench.workshop`: phones, the projector and the feedback baseline.

A minimal HTTP/1.1 keep-alive client (cheaper than the server it measures) with cookies and a
chosen loopback source address, so that 30 phones share one address like in a seminar room.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import random
import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

PAGE = "/artikel/bench/"  # the page whose feedback form the baseline phase uses
ITEMS = 15
PHONES_PER_ADDRESS = 30
POLL_SECONDS = 1.0  # the projector page's interval (web/workshop/projector.py: POLL_MS)
IDLE_SECONDS = 4.0  # uvicorn closes keep-alive connections idle for 5 s
_TOKEN = re.compile(rb'name="token" value="([^"]+)"')


class Client:
    """HTTP/1.1 keep-alive with cookies, from a chosen loopback source address."""

    def __init__(self, port: int, source: str = "127.0.0.1") -> None:
        self.port, self.source = port, source
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.used = 0.0

    async def request(
        self, method: str, path: str, body: bytes = b"", kind: str = "form"
    ) -> tuple[int, dict[str, str], bytes]:
        if self.writer is not None and time.monotonic() - self.used > IDLE_SECONDS:
            self.writer.close()  # the server drops idle connections; a phone opens a new one
            self.writer = None
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                "127.0.0.1", self.port, local_addr=(self.source, 0)
            )
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
        if self.cookies:
            head += "Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()) + "\r\n"
        if body:
            media = "application/json" if kind == "json" else "application/x-www-form-urlencoded"
            head += f"Content-Type: {media}\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        raw = await self.reader.readuntil(b"\r\n\r\n")
        status = int(raw[9:12])
        headers: dict[str, str] = {}
        for line in raw.decode("latin-1").split("\r\n")[1:]:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
            elif name:
                headers[name] = value
        data = await self.reader.readexactly(int(headers.get("content-length", "0")))
        self.used = time.monotonic()
        return status, headers, data


@dataclass
class Phase:
    latencies: list[float] = field(default_factory=list)
    acks: list[tuple[float, int]] = field(default_factory=list)  # (time, version) per vote
    acked: int = 0
    rejected: int = 0
    elapsed: float = 0.0
    final: dict[str, frozenset[int]] = field(default_factory=dict)  # device hash → last ack
    tokens: list[str] = field(default_factory=list)  # feedback: status tokens of acked items


def _source(n: int) -> str:
    return f"127.0.0.{2 + n // PHONES_PER_ADDRESS}"


def schedules(participants: int, changes: int, seconds: float, burst: bool) -> list[list[float]]:
    rng = random.Random(15)
    if burst:
        return [[0.0] * changes for _ in range(participants)]
    return [sorted(rng.uniform(0, seconds) for _ in range(changes)) for _ in range(participants)]


async def _start_round(port: int) -> tuple[Client, str]:
    trainer = Client(port)
    _, _, page = await trainer.request("GET", "/workshop/neu")
    form = urlencode({"token": _TOKEN.search(page)[1].decode(), "auswahl": "bench"}).encode()
    status, headers, _ = await trainer.request("POST", "/workshop/neu", form)
    if status != 303:
        raise RuntimeError(f"round not started: {status}")
    return trainer, headers["location"].split("/")[2]


async def _round_phase(port: int, code: str, times: list[list[float]]) -> Phase:
    phase = Phase()
    phones = [Client(port, _source(n)) for n in range(len(times))]
    tokens = []
    for phone in phones:  # join: page, device cookie, vote token
        _, _, page = await phone.request("GET", f"/runde/{code}")
        tokens.append(_TOKEN.search(page)[1].decode())
    start = time.perf_counter()

    async def run(n: int) -> None:
        rng = random.Random(n)
        ticked: set[int] = set()
        device = phones[n].cookies["kb_geraet"].rsplit(".", 1)[0]
        for at in times[n]:
            await asyncio.sleep(max(0.0, start + at - time.perf_counter()))
            ticked ^= {rng.randrange(ITEMS)}
            body = urlencode({"token": tokens[n], "punkt": sorted(ticked)}, doseq=True).encode()
            sent = time.perf_counter()
            status, _, reply = await phones[n].request("POST", f"/runde/{code}/stimme", body)
            done = time.perf_counter()
            phase.latencies.append(done - sent)
            if status == 200:
                phase.acked += 1
                phase.acks.append((done, json.loads(reply)["version"]))
                phase.final[hashlib.sha256(device.encode()).hexdigest()] = frozenset(ticked)
            else:
                phase.rejected += 1

    await asyncio.gather(*(run(n) for n in range(len(times))))
    phase.elapsed = time.perf_counter() - start
    return phase


async def _projector(trainer: Client, code: str, stop: asyncio.Event, seen: list) -> None:
    """Asks like the projector page: one request, then a pause of POLL_SECONDS."""
    version = ""
    while not stop.is_set():
        _, _, reply = await trainer.request("GET", f"/runde/{code}/stand?v={version}")
        version = str(json.loads(reply)["version"])
        seen.append((time.perf_counter(), int(version)))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), POLL_SECONDS)


async def round_run(port: int, times: list[list[float]], watch: bool):
    """Start a round, then its participants (with the projector asking meanwhile)."""
    trainer, code = await _start_round(port)
    stop, seen = asyncio.Event(), []
    watcher = asyncio.create_task(_projector(trainer, code, stop, seen)) if watch else None
    phase = await _round_phase(port, code, times)
    if watcher is not None:
        await asyncio.sleep(POLL_SECONDS * 2.5)  # the last votes reach the projector too
        stop.set()
        await watcher
    return code, phase, seen


def update_delays(acks: list[tuple[float, int]], seen: list[tuple[float, int]]) -> tuple[list, int]:
    delays, unseen = [], 0
    for acked_at, version in acks:
        shown = next((t for t, v in seen if v >= version), None)
        if shown is None:
            unseen += 1
        else:
            delays.append(max(0.0, shown - acked_at))
    return delays, unseen


async def feedback_phase(port: int, times: list[list[float]]) -> Phase:
    phase = Phase()
    clients = [Client(port, _source(n)) for n in range(len(times))]
    tokens = []
    for client in clients:
        _, _, page = await client.request("GET", PAGE)
        marker = b'name="form_token" value="'
        start_at = page.index(marker) + len(marker)
        tokens.append(page[start_at : page.index(b'"', start_at)].decode())
    start = time.perf_counter()

    async def run(n: int) -> None:
        for step, at in enumerate(times[n]):
            await asyncio.sleep(max(0.0, start + at - time.perf_counter()))
            text = f"Teilnehmer {n}, Änderung {step}"
            body = {"page": PAGE, "type": "anregung", "text": text, "consent": True}
            body["form_token"] = tokens[n]
            sent = time.perf_counter()
            status, _, reply = await clients[n].request(
                "POST", "/api/feedback", json.dumps(body).encode(), "json"
            )
            phase.latencies.append(time.perf_counter() - sent)
            if 200 <= status < 300:
                answer = json.loads(reply)
                tokens[n] = answer.get("form_token", tokens[n])  # single-use tokens: the next
                phase.acked += 1
                phase.tokens.append(answer["status_url"].rsplit("/", 1)[-1])
            else:
                phase.rejected += 1

    await asyncio.gather(*(run(n) for n in range(len(times))))
    phase.elapsed = time.perf_counter() - start
    return phase

"""`invoke bench.workshop`: one live round, 200 participants, each changing 10 answers in 60 s.

The service runs in its own process (uvicorn, as ``invoke serve``); participants are keep-alive
connections, 30 behind each loopback address like phones behind a seminar room's Wi-Fi. The
projector asks for the count every second, as its page script does; the update delay of a vote
is the time from its acknowledgement to the first projector answer that includes it. Every
acknowledged vote is checked against the database afterwards (lost votes must be 0).

The baseline, in the same run against the same server process: the same participants on the
same schedule send reader feedback to ``/api/feedback`` (the site's other write path). Then both
once more at full speed (every participant sends its 10 changes back to back): capacity.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import random
import re
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from servicekultur.bench.feedback import PAGE, PAGE_HTML, _free_port, _run, _wait_for
from servicekultur.bench.harness import service_command
from servicekultur.feedback.stats import percentile
from servicekultur.feedback.store import FeedbackStore
from servicekultur.workshop.rounds.catalog import write_catalog
from servicekultur.workshop.rounds.store import RoundStore

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


def _schedules(participants: int, changes: int, seconds: float, burst: bool) -> list[list[float]]:
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


async def _round_run(port: int, times: list[list[float]], watch: bool):
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


def _delays(acks: list[tuple[float, int]], seen: list[tuple[float, int]]) -> tuple[list, int]:
    delays, unseen = [], 0
    for acked_at, version in acks:
        shown = next((t for t, v in seen if v >= version), None)
        if shown is None:
            unseen += 1
        else:
            delays.append(max(0.0, shown - acked_at))
    return delays, unseen


async def _feedback_phase(port: int, times: list[list[float]]) -> Phase:
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


def _site(root: Path) -> None:
    output = root / "output"
    (output / PAGE.strip("/")).mkdir(parents=True)
    (output / PAGE.strip("/") / "index.html").write_text(PAGE_HTML, encoding="utf-8")
    items = [{"id": f"punkt-{i}", "text": f"Checkpunkt {i}"} for i in range(ITEMS)]
    checklist = {"slug": "bench", "title": "Messrunde", "items": items}
    write_catalog(output, {"public_url": "", "checklists": [checklist], "sets": []})


def _figures(phase: Phase, label: str) -> dict:
    lat = phase.latencies
    return {
        "label": label,
        "per_s": phase.acked / phase.elapsed if phase.elapsed else 0.0,
        "p50_ms": (percentile(lat, 0.5) or 0) * 1000,
        "p99_ms": (percentile(lat, 0.99) or 0) * 1000,
        "acked": phase.acked,
        "rejected": phase.rejected,
    }


def run_workshop_benchmark(
    participants: int = 200, changes: int = 10, seconds: float = 60.0, workers: int = 1
) -> dict:
    """Run both phases and print the figures; returns them as a dict."""
    paced = _schedules(participants, changes, seconds, burst=False)
    burst = _schedules(participants, changes, seconds, burst=True)
    with tempfile.TemporaryDirectory(prefix="kb-bench-workshop-") as tmp:
        root = Path(tmp)
        _site(root)
        url = f"sqlite:///{root / 'state' / 'feedback.sqlite3'}"
        FeedbackStore.open(url).close()  # migrate once, before the server starts
        RoundStore.open(url).close()
        port = _free_port()
        env = {
            **os.environ,
            "KB_OUTPUT_DIR": str(root / "output"),
            "KB_STATE_DIR": str(root / "state"),
            "KB_DATABASE_URL": url,
            "KB_PUBLIC_URL": f"http://127.0.0.1:{port}",
            "KB_SECRET_KEY": "bench-" + os.urandom(8).hex(),
            "KB_RATE_LIMIT": "1000000000",  # the baseline: feedback allows 5 per minute
            "KB_MIN_FILL_SECONDS": "0",
        }
        server = subprocess.Popen(service_command(port, workers), env=env)
        try:
            _wait_for(port, server)
            code, paced_round, seen = _run(_round_run(port, paced, watch=True))
            paced_feedback = _run(_feedback_phase(port, paced))
            burst_code, burst_round, _ = _run(_round_run(port, burst, watch=False))
            burst_feedback = _run(_feedback_phase(port, burst))
            store = RoundStore.open(url, run_migrations=False)
            lost = _lost(store, code, paced_round) + _lost(store, burst_code, burst_round)
            store.close()
            feedback = FeedbackStore.open(url, run_migrations=False)
            acked = paced_feedback.tokens + burst_feedback.tokens
            lost_feedback = len(acked) - len(feedback.existing_tokens(acked))
            feedback.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    delays, unseen = _delays(paced_round.acks, seen)
    result = {
        "round": _figures(paced_round, "Live-Runde"),
        "feedback": _figures(paced_feedback, "Feedback"),
        "round_burst": _figures(burst_round, "Live-Runde"),
        "feedback_burst": _figures(burst_feedback, "Feedback"),
        "delay_p50_s": percentile(delays, 0.5) or 0.0,
        "delay_p95_s": percentile(delays, 0.95) or 0.0,
        "delay_max_s": max(delays, default=0.0),
        "unseen": unseen,
        "lost_votes": lost,
        "lost_feedback": lost_feedback,
    }
    _print(result, participants, changes, seconds, workers)
    return result


def _lost(store: RoundStore, code: str, phase: Phase) -> int:
    """Acknowledged votes the database does not show: a device's last answer differs, or the
    round's version counts fewer votes than were acknowledged."""
    found = store.by_code(code)
    ballots = store.ballots(found.id)
    wrong = sum(1 for device, ticked in phase.final.items() if ballots.get(device) != ticked)
    return wrong + max(0, phase.acked - store.version(found.id))


def _print(r: dict, participants: int, changes: int, seconds: float, workers: int) -> None:
    print(
        f"Workshop-Benchmark: eine Live-Runde, {participants} Teilnehmende (je "
        f"{PHONES_PER_ADDRESS} hinter einer Adresse), je {changes} Änderungen in {seconds:g} s; "
        f"{workers} uvicorn-Worker, SQLite, {os.cpu_count()} CPU-Kerne"
    )
    print("  Vergleich im selben Lauf: dieselben Teilnehmenden senden Feedback (/api/feedback)")
    for title, ours, base in (
        ("nach Zeitplan", r["round"], r["feedback"]),
        ("so schnell wie möglich", r["round_burst"], r["feedback_burst"]),
    ):
        print(f"  {title}:")
        print(
            f"    Stimmen/s {ours['per_s']:7.1f}   Feedback/s {base['per_s']:7.1f}   "
            f"(× {ours['per_s'] / base['per_s'] if base['per_s'] else 0:.2f})"
        )
        print(
            f"    p50/p99   {ours['p50_ms']:5.1f}/{ours['p99_ms']:6.1f} ms   "
            f"{base['p50_ms']:5.1f}/{base['p99_ms']:6.1f} ms   "
            f"(p99 × {ours['p99_ms'] / base['p99_ms'] if base['p99_ms'] else 0:.2f})"
        )
        print(
            f"    angenommen/abgewiesen {ours['acked']}/{ours['rejected']}   "
            f"{base['acked']}/{base['rejected']}"
        )
    print(
        f"  Projektor (fragt jede {POLL_SECONDS:g} s): Verzögerung p50 {r['delay_p50_s']:.2f} s, "
        f"p95 {r['delay_p95_s']:.2f} s (Ziel ≤ 2 s), max {r['delay_max_s']:.2f} s; "
        f"nie gezeigt: {r['unseen']}"
    )
    print(f"  verlorene Stimmen: {r['lost_votes']}   verlorenes Feedback: {r['lost_feedback']}")

"""Isso 0.14, the baseline of ``bench.feedback``: installed into its own virtual environment on
first use (from PyPI, as any user would), run under gunicorn with as many worker processes as
our service, and loaded with the same clients, pages and texts.

Isso's spam guard and moderation are switched off (as our rate limits are lifted for the
measurement); it writes every comment in its own SQLite transaction (``synchronous=FULL``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from servicekultur.bench.feedback_report import Result
from servicekultur.bench.loadgen import free_port, kill_group, run, run_phase, wait_for_port

ISSO = "isso==0.14.0"
GUNICORN = "gunicorn==27.0.1"


class IssoUnavailable(RuntimeError):
    """Isso could not be installed here (the message says why)."""


def isso_venv(folder: Path) -> Path:
    """The virtual environment with Isso, created in ``folder`` on first use."""
    venv = folder / "isso-0.14.0"
    done = venv / ".installed"
    if done.is_file():
        return venv
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    result = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", ISSO, GUNICORN],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise IssoUnavailable(f"pip install {ISSO} {GUNICORN} failed:\n{result.stderr[-1500:]}")
    done.touch()
    return venv


def start_isso(venv: Path, work: Path, port: int, workers: int) -> subprocess.Popen:
    """gunicorn with Isso's WSGI app on ``port`` (``--preload``: the database is created once,
    before the workers fork)."""
    work.mkdir(parents=True, exist_ok=True)
    config = work / "isso.cfg"
    config.write_text(
        f"[general]\ndbpath = {work / 'comments.db'}\nhost = http://127.0.0.1:{port}/\n"
        "[moderation]\nenabled = false\n[guard]\nenabled = false\n"
        f"[server]\nlisten = http://127.0.0.1:{port}/\n",
        encoding="utf-8",
    )
    command = [
        str(venv / "bin" / "gunicorn"), "--preload", "-b", f"127.0.0.1:{port}",
        "-w", str(workers), "--log-level", "warning", "isso.run",
    ]  # fmt: skip
    log = (work / "isso.log").open("w", encoding="utf-8")
    env = {**os.environ, "ISSO_SETTINGS": str(config)}
    return subprocess.Popen(
        command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=work, start_new_session=True
    )


def isso_comment_ids(work: Path) -> set[int]:
    import sqlite3

    with sqlite3.connect(work / "comments.db") as conn:
        return {row[0] for row in conn.execute("SELECT id FROM comments")}


def _isso_writes(port: int, page):
    def make(n: int):
        async def one(client, number):
            body = json.dumps({"text": f"Messung {n}-{number}", "author": "Bench", "title": "T"})
            path = f"/new?uri={page(n)}"
            status, reply = await client.request(port, "POST", path, body.encode())
            if status != 201:
                return False, "", f"{status} {reply[:100]!r}"
            return True, str(json.loads(reply)["id"]), ""

        return one

    return make


def _isso_reads(port: int, page):
    def make(n: int):
        async def one(client, number):
            status, reply = await client.request(port, "GET", f"/?uri={page(n * 7 + number)}")
            return status == 200, "", f"{status} {reply[:80]!r}"

        return one

    return make


def measure_isso(
    root: Path, seconds: float, clients: int, workers: int, venvs: Path, page
) -> Result | str:
    """Isso under the same load as our service (``page(n)``: the page of client ``n``)."""
    try:
        venv = isso_venv(venvs)
    except (IssoUnavailable, subprocess.CalledProcessError) as error:
        return f"Isso 0.14 nicht installierbar: {error}"
    port, work = free_port(), root / "isso"
    process = start_isso(venv, work, port, workers)
    try:
        wait_for_port(port, process)
        time.sleep(1.0)
        run(run_phase(clients, 1.0, 500, _isso_writes(port, page)))  # warm-up
        result = Result(
            f"Isso 0.14, gunicorn, {workers} Worker",
            run(run_phase(clients, seconds, 200_000, _isso_writes(port, page))),
        )
        result.reads["ungecacht"] = run(
            run_phase(clients, seconds, 1_000_000, _isso_reads(port, page))
        )
        kill_group([process])
        stored = isso_comment_ids(work)
        result.lost = sum(1 for ack in result.writes.acked if int(ack) not in stored)
        return result
    finally:
        kill_group([process])

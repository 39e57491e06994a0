"""Running and timing child processes for the benchmarks (wall time and peak memory)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mib: float
    returncode: int
    output: str


def service_command(port: int, workers: int = 1) -> list[str]:
    """The command that runs our service on loopback (benchmarks and crash tests)."""
    return [
        sys.executable, "-m", "uvicorn", "servicekultur.web:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log", "--no-proxy-headers",
    ]  # fmt: skip


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to completion; wall-clock seconds and the child's own peak resident memory."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    return Run(seconds, usage.ru_maxrss / 1024, proc.returncode, output)

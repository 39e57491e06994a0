"""Running and measuring child processes for the benchmarks: wall time, CPU time of the whole
process tree, and the peak memory of the whole tree (summed PSS, sampled)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

SAMPLE_SECONDS = 0.25  # reading smaps_rollup more often slows the measured build


@dataclass
class Run:
    seconds: float  # wall clock
    peak_mib: float  # the largest single process (ru_maxrss of the tree's biggest member)
    returncode: int
    output: str
    cpu_seconds: float = 0.0  # user + system of the process and every child it waited for
    tree_peak_mib: float = 0.0  # largest sum of PSS over the process and all its children


def service_command(port: int, workers: int = 1) -> list[str]:
    """The command that runs our service on loopback (benchmarks and crash tests): as in
    production, ``workers`` processes with a listening socket each (``web/workers.py``)."""
    from servicekultur.web.workers import command

    return command("127.0.0.1", port, workers)


def _tree_pss(root: psutil.Process) -> int:
    """Proportional set size of ``root`` and its descendants: shared pages (a fork's inherited
    memory) counted once, split between the processes that share them."""
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    for process in processes:
        try:
            total += process.memory_full_info().pss
        except psutil.Error:
            continue  # ended between listing and reading
    return total


class TreeSampler:
    """Samples the summed PSS of a process tree until stopped; ``peak`` in bytes."""

    def __init__(self, pid: int) -> None:
        self.peak = 0
        self._root = psutil.Process(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_pss(self._root))
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run ``cmd`` to completion; wall time, CPU time and peak memory of its process tree."""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
        )
        sampler = TreeSampler(proc.pid)
        # wait4 reports the child's resources including every descendant it waited for
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        tree_peak = sampler.stop()
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    return Run(
        seconds,
        usage.ru_maxrss / 1024,
        proc.returncode,
        output,
        usage.ru_utime + usage.ru_stime,
        tree_peak / 2**20,
    )

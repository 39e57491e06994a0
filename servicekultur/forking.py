"""A function run in a forked process, its result sent back: the second core at index time.

The arguments are inherited by ``fork`` (nothing is pickled on the way in); only the result
travels back through a pipe. Where ``fork`` is not available the work stays in this process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any


class ChildFailed(RuntimeError):
    """The forked process raised an error or ended without a result."""


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _run(target: Callable, args: tuple, conn) -> None:
    try:
        conn.send(("ok", target(*args)))
    except Exception as error:  # any failure must reach the parent, which raises it
        conn.send(("error", f"{error.__class__.__name__}: {error}"))
    finally:
        conn.close()


class Child:
    """``target(*args)`` running in a forked process."""

    def __init__(self, target: Callable, *args: Any, name: str = "kb-search-worker") -> None:
        context = multiprocessing.get_context("fork")
        self._conn, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_run, args=(target, args, sender), name=name)
        self._process.start()
        sender.close()

    def result(self) -> Any:
        """The return value of ``target``; raises :class:`ChildFailed` for its errors."""
        try:
            status, value = self._conn.recv()
        except EOFError:
            status, value = "error", "der Prozess endete ohne Ergebnis"
        finally:
            self._conn.close()
        self._process.join()
        if status != "ok":
            raise ChildFailed(value)
        return value

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()

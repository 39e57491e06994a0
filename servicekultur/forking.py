"""Work in forked processes: a function whose result is sent back (``Child``), or a worker that
talks with this process through a pipe (``Worker``) — the second core at index time.

The arguments are inherited by ``fork`` (nothing is pickled on the way in); results and
messages travel through a pipe. Where ``fork`` is not available the work stays in this process.
A forked process freezes the objects it inherited (``gc.freeze``): its collections then never
walk them, and their pages stay shared with the parent instead of being copied.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import multiprocessing
import multiprocessing.util  # its exit handler (joins children) first: ours runs before it
import weakref
from collections.abc import Callable
from typing import Any


class ChildFailed(RuntimeError):
    """The forked process raised an error or ended without a result."""


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def _run(target: Callable, args: tuple, conn) -> None:
    gc.freeze()
    try:
        conn.send(("ok", target(*args)))
    except Exception as error:  # any failure must reach the parent, which raises it
        conn.send(("error", f"{error.__class__.__name__}: {error}"))
    finally:
        conn.close()


def _receive(conn) -> Any:
    try:
        status, value = conn.recv()
    except (EOFError, OSError):
        status, value = "error", "der Prozess endete ohne Ergebnis"
    if status != "ok":
        raise ChildFailed(value)
    return value


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
            return _receive(self._conn)
        finally:
            self._conn.close()
            self._process.join()

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()


_WORKERS: weakref.WeakSet = weakref.WeakSet()  # stopped at exit: they may wait for a message


def _serve(target: Callable, args: tuple, conn, theirs) -> None:
    theirs.close()  # so that the parent's end closing is seen here as the end of the input
    gc.freeze()
    try:
        target(Channel(conn), *args)
    except (EOFError, BrokenPipeError):
        pass  # the parent gave up the work (a strict build that stopped, say)
    except Exception as error:  # any failure must reach the parent, which raises it
        with contextlib.suppress(OSError):  # the parent may be gone: nobody to tell then
            conn.send(("error", f"{error.__class__.__name__}: {error}"))
    finally:
        conn.close()


class Channel:
    """The worker's end of the pipe: ``receive`` what the parent sends, ``send`` results."""

    def __init__(self, conn) -> None:
        self._conn = conn

    def receive(self) -> Any:
        return self._conn.recv()

    def send(self, value: Any) -> None:
        self._conn.send(("ok", value))


class Worker:
    """``target(channel, *args)`` running in a process forked now, while this one is small;
    the work is sent later through the pipe (pickled) and the results come back the same way."""

    def __init__(self, target: Callable, *args: Any, name: str = "kb-worker") -> None:
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe(duplex=True)
        self._process = context.Process(
            target=_serve, args=(target, args, theirs, self._conn), name=name
        )
        # While the worker lives, this process's collections leave alone what it shares with
        # the worker: walking those objects would write to their pages and so copy them.
        gc.freeze()
        self._process.start()
        theirs.close()
        _WORKERS.add(self)

    def send(self, value: Any) -> None:
        """Hand the worker some work; raises :class:`ChildFailed` if it has ended."""
        try:
            self._conn.send(value)
        except (BrokenPipeError, OSError):
            self.stop()
            raise ChildFailed("der Prozess ist beendet") from None

    def receive(self) -> Any:
        """The worker's next result; raises :class:`ChildFailed` for its errors."""
        try:
            return _receive(self._conn)
        except ChildFailed:
            self.stop()
            raise

    def stop(self, finished: bool = False) -> None:
        """End the worker and wait for it; one that has not ``finished`` its work is
        terminated (its parent gave the work up)."""
        self._conn.close()
        if finished:
            self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        if self in _WORKERS:
            _WORKERS.discard(self)
            if not _WORKERS:
                gc.unfreeze()


@atexit.register
def _stop_workers() -> None:  # runs before multiprocessing's handler, registered earlier
    for worker in list(_WORKERS):
        worker.stop()

"""Writing the Whoosh index in a second process while Pelican writes the pages.

The plan (documents, analyzer with its warm cache, key terms) is handed over by ``fork``, so
nothing is pickled on the way in; the child sends back its report or its error.
"""

from __future__ import annotations

import logging
import multiprocessing
from pathlib import Path

from servicekultur.search.indexer import IndexPlan, IndexReport, execute_plan

logger = logging.getLogger(__name__)


class IndexWriteFailed(RuntimeError):
    """The index could not be written; the previous index stays live."""


def _child(plan: IndexPlan, procs: int, conn) -> None:
    try:
        conn.send(("ok", execute_plan(plan, procs)))
    except Exception as error:  # any failure must reach the parent, which raises it
        conn.send(("error", f"{error.__class__.__name__}: {error}"))
    finally:
        conn.close()


class IndexJob:
    """One index write, in the background where ``fork`` is available, else right away."""

    def __init__(self, plan: IndexPlan, procs: int, background: bool) -> None:
        self.index_dir: Path = plan.index_dir
        self._report: IndexReport | None = None
        self._process = None
        methods = multiprocessing.get_all_start_methods()
        if not background or "fork" not in methods:
            self._report = execute_plan(plan, procs)
            return
        context = multiprocessing.get_context("fork")
        self._conn, child_conn = context.Pipe(duplex=False)
        self._process = context.Process(
            target=_child, args=(plan, procs, child_conn), name="kb-search-index"
        )
        self._process.start()
        child_conn.close()

    def wait(self) -> IndexReport:
        """The report once the index is written; raises :class:`IndexWriteFailed` otherwise."""
        if self._report is not None:
            return self._report
        try:
            status, value = self._conn.recv()
        except EOFError:
            status, value = "error", "der Index-Prozess wurde beendet"
        self._process.join()
        if status != "ok":
            raise IndexWriteFailed(f"Suchindex nicht geschrieben: {value}")
        self._report = value
        return value

    def abandon(self) -> None:
        """Stop a writer whose build was given up (its generation is never published)."""
        if self._process is not None and self._process.is_alive():
            self._process.terminate()
            self._process.join()

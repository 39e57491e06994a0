"""Writing the Whoosh index in a second process while the build writes the pages.

The plan (documents, analyzer with its warm cache, key terms) is handed over by ``fork``, so
nothing is pickled on the way in; the child sends back its report or its error.
"""

from __future__ import annotations

import logging
from pathlib import Path

from servicekultur.forking import Child, ChildFailed, can_fork
from servicekultur.search.build.indexer import execute_plan
from servicekultur.search.build.plan import IndexPlan, IndexReport

logger = logging.getLogger(__name__)


class IndexWriteFailed(RuntimeError):
    """The index could not be written; the previous index stays live."""


class IndexJob:
    """One index write, in the background where ``fork`` is available, else right away."""

    def __init__(self, plan: IndexPlan, procs: int, background: bool) -> None:
        self.index_dir: Path = plan.index_dir
        self._report: IndexReport | None = None
        self._child: Child | None = None
        if background and can_fork():
            self._child = Child(execute_plan, plan, procs, name="kb-search-index")
        else:
            self._report = execute_plan(plan, procs)

    def wait(self) -> IndexReport:
        """The report once the index is written; raises :class:`IndexWriteFailed` otherwise."""
        if self._report is None:
            try:
                self._report = self._child.result()
            except ChildFailed as error:
                raise IndexWriteFailed(f"Suchindex nicht geschrieben: {error}") from None
        return self._report

    def abandon(self) -> None:
        """Stop a writer whose build was given up (its generation is never published)."""
        if self._child is not None:
            self._child.stop()

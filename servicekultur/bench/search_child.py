"""Child process of ``bench.search``: index a pickled document list (timed by the parent)."""

from __future__ import annotations

import gc
import pickle
import sys
from pathlib import Path

from servicekultur.search.build.generations import publish
from servicekultur.search.build.indexer import write_index
from servicekultur.search.build.plan import gc_paused


def main(argv: list[str]) -> None:
    documents_file, index_dir, mode, procs = argv
    with gc_paused():  # unpickling ~30 000 documents: no cycles to collect on the way
        documents = pickle.loads(Path(documents_file).read_bytes())
    gc.freeze()  # ... nor later among them: collections skip these objects
    report = write_index(documents, Path(index_dir), full=mode == "full", procs=int(procs))
    if report.changed:
        publish(Path(index_dir), report.generation)
    print(f"analysed={report.analysed} reused={report.reused} seconds={report.seconds:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])

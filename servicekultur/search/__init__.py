"""German full-text search: analysis, index writing at build time, searching in the service."""

import os

# Every module here that uses numpy is below this package, so this runs before numpy's first
# import. Its OpenBLAS starts one thread per core at import and lets them spin; we never
# multiply matrices, and that start cost 0.15 s of CPU in every build and service process.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

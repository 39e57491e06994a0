"""glibc's allocator, asked to give freed memory back to the system (Linux; elsewhere, e.g. on
musl or macOS, nothing happens).

glibc serves a large block (≥ 128 KiB) by ``mmap`` and returns it on ``free`` — but after the
first such block is freed it raises that threshold to the block's size (up to 32 MiB), so the
next arrays of that size come from its heap, and what they leave there when freed is kept as
the process's memory. A build frees many arrays and page texts of a few MiB: with the
threshold fixed, they always go back. ``trim`` gives back the free pages inside the heap.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)
MMAP_THRESHOLD = 1 << 20  # blocks of at least 1 MiB: mapped on their own, returned when freed

try:
    _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    _LIBC.malloc_trim.argtypes = [ctypes.c_size_t]
    _LIBC.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
except (OSError, AttributeError):
    _LIBC = None


def return_large_blocks(threshold: int = MMAP_THRESHOLD) -> bool:
    """Fix the ``mmap`` threshold for this process and the processes it forks later; whether
    the allocator took it."""
    return _LIBC is not None and _LIBC.mallopt(M_MMAP_THRESHOLD, threshold) == 1


def trim() -> None:
    """Give the free pages inside glibc's heap back to the system."""
    if _LIBC is not None:
        _LIBC.malloc_trim(0)

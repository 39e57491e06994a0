"""Random tokens for the busy paths of the service, drawn from the operating system 4 KiB at a
time instead of one system call per token.

``secrets.token_urlsafe`` calls ``os.urandom``, which releases the interpreter lock for its
``getrandom`` call. In a server process whose writer thread is waiting for the lock, getting
it back costs a thread switch — up to the 5 ms switch interval, two or three times per
submission. The bytes are the same kernel randomness ``secrets`` uses; they are handed out
once each, under a lock, and a forked child drops the bytes it inherited.
"""

from __future__ import annotations

import base64
import os
import threading

CHUNK = 4096


class RandomPool:
    """Kernel random bytes, fetched ``CHUNK`` at a time and handed out once each."""

    def __init__(self, chunk: int = CHUNK) -> None:
        self.chunk = chunk
        self._lock = threading.Lock()
        self.drop()

    def drop(self) -> None:
        """Forget the bytes not handed out yet (a forked child must not reuse its parent's)."""
        self._bytes = b""
        self._used = 0

    def take(self, n: int) -> bytes:
        with self._lock:
            if self._used + n > len(self._bytes):
                self._bytes = os.urandom(max(self.chunk, n))
                self._used = 0
            start = self._used
            self._used += n
            return self._bytes[start : self._used]


_POOL = RandomPool()
os.register_at_fork(after_in_child=_POOL.drop)


def token_bytes(n: int) -> bytes:
    return _POOL.take(n)


def token_urlsafe(n: int) -> str:
    """Like ``secrets.token_urlsafe(n)``: ``n`` random bytes, URL-safe Base64 without padding."""
    return base64.urlsafe_b64encode(_POOL.take(n)).rstrip(b"=").decode("ascii")

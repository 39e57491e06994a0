"""Privacy helpers: client keys from IP addresses without keeping the address, and rate limits."""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from collections import deque

SALT_PERIOD = 24 * 3600  # the salt rotates daily; older keys can no longer be linked to an IP


def client_key(secret: bytes, address: str, now: float | None = None) -> str:
    """A keyed hash of the client address with a salt derived from the current day."""
    period = int((now or time.time()) // SALT_PERIOD)
    salt = hmac.new(secret, f"salt:{period}".encode(), hashlib.sha256).digest()
    return hmac.new(salt, address.encode(), hashlib.sha256).hexdigest()[:32]


class RateLimiter:
    """Sliding window: at most ``limit`` events per ``window`` seconds per key (memory only)."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = window
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: float | None = None) -> bool:
        """Count one event; False when the key is over its limit (nothing counted then)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.window:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            if len(self._events) > 100_000:
                self._forget_idle(now)
            return True

    def retry_after(self, key: str, now: float | None = None) -> int:
        now = time.monotonic() if now is None else now
        events = self._events.get(key)
        if not events:
            return 0
        return max(1, int(events[0] + self.window - now) + 1)

    def reset(self, key: str) -> None:
        with self._lock:
            self._events.pop(key, None)

    def _forget_idle(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or v[-1] <= now - self.window]:
            del self._events[key]

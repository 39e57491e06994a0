"""Limits of the live rounds: a sliding window per key, kept in this process's memory.

Votes come many per second from a room; counting them in the database would cost a write per
vote. A second service instance therefore counts on its own (docs/workshops.md says so).
"""

from __future__ import annotations

import threading
import time
from collections import deque


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

"""Privacy helpers: client keys from IP addresses without keeping the address."""

from __future__ import annotations

import hashlib
import hmac
import time
from functools import lru_cache

SALT_PERIOD = 24 * 3600  # the salt rotates daily; older keys can no longer be linked to an IP


def client_key(secret: bytes, address: str, now: float | None = None) -> str:
    """A keyed hash of the client address with a salt derived from the current day."""
    period = int((now or time.time()) // SALT_PERIOD)
    return hmac.new(_salt(secret, period), address.encode(), hashlib.sha256).hexdigest()[:32]


@lru_cache(maxsize=8)
def _salt(secret: bytes, period: int) -> bytes:
    return hmac.new(secret, f"salt:{period}".encode(), hashlib.sha256).digest()

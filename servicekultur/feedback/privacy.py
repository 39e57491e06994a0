"""Privacy helpers: client keys from IP addresses without keeping the address."""

from __future__ import annotations

import hashlib
import hmac
import time

SALT_PERIOD = 24 * 3600  # the salt rotates daily; older keys can no longer be linked to an IP


def client_key(secret: bytes, address: str, now: float | None = None) -> str:
    """A keyed hash of the client address with a salt derived from the current day."""
    period = int((now or time.time()) // SALT_PERIOD)
    salt = hmac.new(secret, f"salt:{period}".encode(), hashlib.sha256).digest()
    return hmac.new(salt, address.encode(), hashlib.sha256).hexdigest()[:32]

"""Who is asking: the client address behind our own reverse proxies, and the keys the limits
count by (keyed hashes with a daily salt: no address is ever stored).

``KB_TRUSTED_PROXIES`` lists our proxies (addresses or CIDR networks). Only a request that comes
from one of them has its ``X-Forwarded-For`` read, from the right: the first address that is not
one of our proxies is the client. Without the setting the header is ignored, so a client cannot
choose its own identity. (Run uvicorn with ``--no-proxy-headers``: ``invoke serve`` does.)
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from fastapi import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _trusted(address: str, trusted: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in trusted)


def client_address(request: Request, trusted: tuple[str, ...]) -> str:
    """The address limits and lock-outs count by (see the module docstring)."""
    peer = request.client.host if request.client else "unbekannt"
    proxies = networks(trusted)
    if not proxies or not _trusted(peer, proxies):
        return peer
    chain = [
        part.strip()
        for header in request.headers.getlist("x-forwarded-for")
        for part in header.split(",")
        if part.strip()
    ]
    for hop in reversed(chain):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return peer  # a garbled header: count it against the proxy that passed it on
        if not _trusted(hop, proxies):
            return hop
    return chain[0] if chain else peer

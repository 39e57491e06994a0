"""Addresses found in imported pages, which can be anything: parsing that never fails."""

from __future__ import annotations

from urllib.parse import ParseResult, urljoin, urlparse


def parse_url(url: str) -> ParseResult:
    """``urlparse`` that never raises (a host like ``[::1`` gives an empty address)."""
    try:
        return urlparse(url)
    except ValueError:
        return urlparse("")


def join_url(base: str, url: str) -> str | None:
    """``url`` relative to ``base``; None when the two make no address."""
    try:
        return urljoin(base, url)
    except ValueError:
        return None

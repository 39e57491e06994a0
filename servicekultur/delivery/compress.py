"""Compression: ``.br``/``.gz`` files beside the built files, and which encoding a client gets.

The build writes both variants of every compressible file it is asked to (only where they are
smaller); a web server that serves precompressed files (nginx ``brotli_static``/``gzip_static``,
Caddy ``precompressed``, our service for theme assets) then sends them without compressing on
each request. Pages with a form token are compressed by the service after the token is set.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import brotli

# Media types worth compressing (fonts in woff2 and images are compressed already).
COMPRESSIBLE_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/xml",
    "application/atom+xml",
    "application/rss+xml",
    "image/svg+xml",
)
COMPRESSIBLE_SUFFIXES = (".html", ".css", ".js", ".svg", ".xml", ".json", ".txt")
MIN_BYTES = 512  # below this the headers outweigh what compression saves
ENCODINGS = ("br", "gzip")  # preferred first
SUFFIX = {"br": ".br", "gzip": ".gz"}
DYNAMIC_BROTLI_QUALITY = 5  # per request: ~1–2 ms for a 50 KB page, within 10 % of quality 11


def is_compressible_type(media_type: str) -> bool:
    media_type = media_type.split(";", 1)[0].strip().lower()
    return media_type.startswith(COMPRESSIBLE_TYPES) and media_type != "text/event-stream"


def compress(data: bytes, encoding: str, quality: int = 11) -> bytes:
    """``data`` compressed as ``br`` (quality 0–11) or ``gzip`` (level from the same scale)."""
    if encoding == "br":
        return brotli.compress(data, quality=quality)
    if encoding == "gzip":
        return gzip.compress(data, compresslevel=max(1, min(9, quality)), mtime=0)
    raise ValueError(f"unknown encoding {encoding!r}")


def accepted(accept_encoding: str) -> list[str]:
    """The encodings of ``ENCODINGS`` that an ``Accept-Encoding`` header allows, best first."""
    weights: dict[str, float] = {}
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if name:
            weights[name.strip()] = quality
    chosen = []
    for encoding in ENCODINGS:
        quality = weights.get(encoding, weights.get("*", 0.0))
        if quality > 0:
            chosen.append((quality, -ENCODINGS.index(encoding), encoding))
    return [encoding for *_, encoding in sorted(chosen, reverse=True)]


def _write_variants(path: Path, quality: int, done: dict[tuple[bytes, str], Path | None]) -> int:
    data = path.read_bytes()
    digest = hashlib.blake2b(data, digest_size=16).digest()
    written = 0
    for encoding in ENCODINGS:
        target = path.with_name(path.name + SUFFIX[encoding])
        if (digest, encoding) in done:  # the same bytes were compressed for another file
            earlier = done[digest, encoding]
            packed = earlier.read_bytes() if earlier is not None else None
        else:
            packed = compress(data, encoding, quality)
            if len(data) < MIN_BYTES or len(packed) >= len(data):
                packed = None
        done[digest, encoding] = target if packed is not None else None
        if packed is None:
            target.unlink(missing_ok=True)  # a stale variant must never outlive its file
            continue
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_bytes(packed)
        tmp.replace(target)
        written += 1
    return written


def precompress(paths: Iterable[Path], quality: int = 11) -> int:
    """Write ``.br`` and ``.gz`` beside each file; returns how many variants were written.
    Files with the same bytes (an asset and its fingerprinted copy) are compressed once: the
    later copies read the variant written first (only digests and paths are kept, not the
    site's bytes — a publish build compresses every page)."""
    done: dict[tuple[bytes, str], Path | None] = {}
    return sum(_write_variants(path, quality, done) for path in paths)


def compressible_files(root: Path) -> list[Path]:
    """Every file below ``root`` worth a precompressed variant."""
    return [
        path
        for path in root.rglob("*")
        if path.suffix in COMPRESSIBLE_SUFFIXES and path.is_file() and path.name[0] != "."
    ]

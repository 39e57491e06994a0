"""Content-hashed names for theme files: ``css/site.css`` → ``css/site.1a2b3c4d5e.css``.

A hashed name changes whenever the file does, so browsers may keep it for a year
(``Cache-Control: immutable``); the unhashed copy stays for pages that name it directly. Style
sheets are rewritten to point at the hashed fonts and images they use before they are hashed
themselves, so a new font also gives the style sheet a new name.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

HASH_LENGTH = 10
_HASHED = re.compile(rf"\.[0-9a-f]{{{HASH_LENGTH}}}\.[A-Za-z0-9]+$")
_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')?#]+)([?#][^"')]*)?\1\s*\)""")
SKIP_SUFFIXES = (".txt", ".md")  # licences and notes keep their names
KEEP_OLD_SECONDS = 7 * 24 * 3600  # older hashed files stay a week for pages still open somewhere


def is_hashed(name: str) -> bool:
    """True for a name this module made (``site.1a2b3c4d5e.css``)."""
    return bool(_HASHED.search(name))


def hashed_name(rel: str, data: bytes) -> str:
    """``css/site.css`` and its bytes → ``css/site.<first 10 hex digits of sha256>.css``."""
    stem, dot, suffix = rel.rpartition(".")
    digest = hashlib.sha256(data).hexdigest()[:HASH_LENGTH]
    return f"{stem}.{digest}.{suffix}" if dot else f"{rel}.{digest}"


@dataclass
class AssetManifest:
    """Theme-relative path → hashed path, and the bytes to write under each hashed path."""

    names: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)

    def url(self, rel: str) -> str:
        """The hashed path of ``rel`` (``css/site.css``), or ``rel`` itself when unknown."""
        return self.names.get(rel.lstrip("/"), rel.lstrip("/"))

    def write(self, target: Path, now: float | None = None) -> list[Path]:
        """Write the hashed files below ``target`` (``output/theme``); unchanged files are kept,
        hashed files of earlier builds are removed once they are a week old."""
        self.prune(target, time.time() if now is None else now)
        written = []
        for rel, data in self.files.items():
            path = target / rel
            if not (path.is_file() and path.stat().st_size == len(data)):
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                tmp.write_bytes(data)
                tmp.replace(path)
            written.append(path)
        return written

    def prune(self, target: Path, now: float) -> list[Path]:
        """Remove hashed files (and their .br/.gz) that are not this build's and a week old."""
        current = set(self.files)
        removed = []
        for path in target.rglob("*") if target.is_dir() else []:
            rel = path.relative_to(target).as_posix()
            name = rel.removesuffix(".br").removesuffix(".gz")
            stale = is_hashed(name) and name not in current and path.is_file()
            if stale and now - path.stat().st_mtime > KEEP_OLD_SECONDS:
                path.unlink()
                removed.append(path)
        return removed


def _sources(roots: list[Path]) -> dict[str, Path]:
    """Theme-relative path → file, later roots winning (as Pelican copies them)."""
    found: dict[str, Path] = {}
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and not rel.endswith(SKIP_SUFFIXES) and not is_hashed(rel):
                found[rel] = path
    return found


def _rewrite_css(css: str, rel: str, names: dict[str, str]) -> str:
    """``url(../fonts/a.woff2)`` → ``url(../fonts/a.<hash>.woff2)`` for files in ``names``."""
    folder = Path(rel).parent

    def replace(match: re.Match) -> str:
        quote, target, rest = match.group(1), match.group(2), match.group(3) or ""
        if ":" in target or target.startswith("/"):
            return match.group(0)
        resolved = os.path.normpath((folder / target).as_posix()).replace(os.sep, "/")
        if resolved not in names:
            return match.group(0)
        new = os.path.relpath(names[resolved], folder.as_posix() or ".").replace(os.sep, "/")
        return f"url({quote}{new}{rest}{quote})"

    return _CSS_URL.sub(replace, css)


def build_manifest(roots: list[Path]) -> AssetManifest:
    """Hash every file of the theme's static folders: other files first, then style sheets
    (rewritten to the hashed names of what they reference)."""
    manifest = AssetManifest()
    sources = _sources(roots)
    sheets = {rel: path for rel, path in sources.items() if rel.endswith(".css")}
    for rel, path in sources.items():
        if rel not in sheets:
            data = path.read_bytes()
            manifest.names[rel] = name = hashed_name(rel, data)
            manifest.files[name] = data
    for rel, path in sheets.items():
        data = _rewrite_css(path.read_text(encoding="utf-8"), rel, manifest.names).encode()
        manifest.names[rel] = name = hashed_name(rel, data)
        manifest.files[name] = data
    return manifest

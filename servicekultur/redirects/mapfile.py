"""Redirects from old URLs (e.g. WordPress) to pages of this site: a JSON map and its pages.

``content/redirects.json`` maps old paths to new URLs, ``{"/2024/03/alt/": "/artikel/neu/"}``.
Importers add to it; the ``kb_redirects`` plugin puts every entry into the build's redirect plan
(``redirects/plan.py``), which writes a small HTML page at the old path.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path, PurePosixPath

logger = logging.getLogger(__name__)

REDIRECTS_FILE = "redirects.json"


class RedirectError(ValueError):
    """The redirect map cannot be read or has a bad entry."""


def normalize_old_path(path: str) -> str | None:
    """``/2024/03/alt`` → ``2024/03/alt/``; None for what a static page cannot answer."""
    path = path.strip()
    if not path.startswith("/") or "?" in path or "#" in path or ".." in path.split("/"):
        return None
    clean = str(PurePosixPath(path)).strip("/")
    if not clean:
        return None
    if clean.endswith((".html", ".htm", ".php")):
        return clean
    return clean + "/"


def load_map(path: Path) -> dict[str, str]:
    """The redirect map at ``path`` (empty if there is none)."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise RedirectError(f"{path}: kein gültiges JSON ({error})") from error
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise RedirectError(f'{path}: erwartet ein Objekt {{"/alter/pfad/": "/neue/url/"}}')
    return data


def save_map(path: Path, mapping: dict[str, str]) -> None:
    """Write the map atomically, sorted, so diffs stay readable."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".redirects-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(dict(sorted(mapping.items())), handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    os.replace(tmp, path)

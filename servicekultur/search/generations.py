"""Index generations: each build writes a new folder; a symbolic link names the live one.

``KB_INDEX_DIR`` (e.g. ``var/index``) links to a folder in ``var/index.generations/``. Replacing
the link is one ``rename``: a running service sees the old or the new index, never half of one.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

MANIFEST = "manifest.json"
KEEP_GENERATIONS = 2


def generations_dir(index_dir: Path) -> Path:
    return index_dir.parent / f"{index_dir.name}.generations"


def current_generation(index_dir: Path) -> Path | None:
    """The generation the link points to, if it is a complete index."""
    if index_dir.is_symlink() and (index_dir.resolve() / MANIFEST).is_file():
        return index_dir.resolve()
    return None


def link_copy(source: Path, target: Path) -> None:
    """Copy a generation by hard links: Whoosh never rewrites a segment file, and our own files
    are replaced (``write_file``), never changed in place. Falls back to copying."""
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


def write_file(path: Path, data: bytes) -> None:
    """Write a new file (a new inode), so a hard-linked older generation keeps its copy."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def publish(index_dir: Path, generation: Path) -> None:
    """Point ``index_dir`` at ``generation`` in one atomic rename; drop old generations."""
    index_dir = Path(index_dir)
    index_dir.parent.mkdir(parents=True, exist_ok=True)
    if index_dir.exists() and not index_dir.is_symlink():
        shutil.rmtree(index_dir)  # an index from before generations existed
    link = index_dir.parent / f".{index_dir.name}.{uuid.uuid4().hex[:8]}"
    os.symlink(os.path.relpath(generation, index_dir.parent), link)
    os.replace(link, index_dir)
    keep = {generation.resolve()}
    gens = sorted(generations_dir(index_dir).iterdir(), key=lambda p: p.stat().st_mtime)
    for old in reversed(gens):
        if len(keep) >= KEEP_GENERATIONS:
            break
        keep.add(old.resolve())
    for old in gens:
        if old.resolve() not in keep:
            shutil.rmtree(old, ignore_errors=True)

"""The output folder mirrors the sources: what a build did not write (or keep) is removed.

After a complete build, every file in the output folder that this build neither wrote (older than
the build's start) nor kept on purpose is a leftover — the page of a deleted source, a category no
text uses any more — and is deleted. Kept: static files the build copies only when changed, the
theme's files, what the service owns (search index, state folder) and Pelican's
``OUTPUT_RETENTION`` names. Nothing outside the output folder is ever touched.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from servicekultur.content.sitemap import write_sitemap
from servicekultur.contract import write_static_headers

logger = logging.getLogger(__name__)


def stale_files(
    output: Path, since: float, keep: set[Path], protected: list[Path], retention=()
) -> list[Path]:
    """Files in ``output`` older than ``since`` that are not in ``keep`` nor below ``protected``."""
    skip = {os.path.abspath(p) for p in protected if p}
    keep_names = {os.path.abspath(p) for p in keep}
    stale: list[Path] = []
    folders = [os.path.abspath(output)]
    while folders:
        with os.scandir(folders.pop()) as entries:
            for entry in entries:
                if entry.name in retention or entry.path in skip:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                elif (
                    entry.path not in keep_names
                    and entry.stat(follow_symlinks=False).st_mtime < since
                ):
                    stale.append(Path(entry.path))
    return stale


def remove_stale(output: Path, stale: list[Path]) -> int:
    """Delete ``stale`` and the folders that are empty afterwards; returns the files deleted."""
    output = Path(os.path.abspath(output))
    for path in stale:
        path.unlink(missing_ok=True)
        parent = path.parent
        while parent != output and parent.is_relative_to(output) and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    if stale:
        logger.info("kb_content: %d veraltete Dateien aus %s entfernt", len(stale), output)
    return len(stale)


def finish_output(settings: dict, run) -> None:
    """After a complete build (``run``: its BuildRun): the security headers for static hosts,
    the sitemap, and the output cleared of what no source stands for any more."""
    output = Path(settings["OUTPUT_PATH"])
    write_static_headers(output)
    write_sitemap(output, run.sitemap, settings["SITEURL"] or settings["KB_PUBLIC_URL"])
    if settings.get("WRITE_SELECTED"):
        return  # only some files were written: the rest is not stale
    if run.fresh_output:
        return  # the folder was empty when the build started: every file in it is this build's
    sources = (settings["PATH"], settings["THEME"], os.getcwd())
    if any(Path(p).resolve().is_relative_to(output.resolve()) for p in sources):
        logger.warning("kb_content: %s enthält Quellen – veraltete Dateien bleiben", output)
        return
    index = Path(settings["KB_INDEX_DIR"])
    protected = [
        index,
        index.parent / f"{index.name}.generations",  # search.store.layout.generations_dir
        Path(settings["KB_STATE_DIR"]),
        output / settings["THEME_STATIC_DIR"],
    ]
    keep = {Path(os.path.abspath(output / name)) for name in run.static}
    retention = tuple(settings.get("OUTPUT_RETENTION", ()))
    # the kernel stamps files with a coarse clock (a tick, at most 10 ms): a file written just
    # after the start may look a little older; the margin keeps it
    since = run.started - 0.05
    remove_stale(output, stale_files(output, since, keep, protected, retention))

"""The preview loop: watch files, render the saved page at once, regenerate in the background.

Timeline of one save: the watcher sees the file (~50 ms), ``IncrementalSite.render`` writes its
page (~0.1–0.5 s) and the change log tells the browser to reload. Once saves pause, a full
Pelican build runs in a child process (the other core) and brings listings, feeds and the search
index up to date; documents saved while it ran are rendered again afterwards, so it never leaves
an older version of them behind.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
from pathlib import Path

from watchfiles import Change, watch

from servicekultur.authoring.preview.changes import ChangeLog
from servicekultur.publishing.incremental import IncrementalSite, NeedsFullBuild

logger = logging.getLogger(__name__)

QUIET_SECONDS = 0.8  # start the background build once saves pause this long
_IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part")


class PreviewSession:
    def __init__(
        self,
        site: IncrementalSite,
        settings_file: Path,
        root: Path,
        changes: ChangeLog | None = None,
        watch_paths: list[Path] | None = None,
    ) -> None:
        self.site = site
        self.settings_file = Path(settings_file)
        self.root = Path(root)
        self.changes = changes or ChangeLog()
        self.content = site.content
        self.output = Path(site.settings["OUTPUT_PATH"])
        self.watch_paths = watch_paths or [self.content]
        self.stop_event = threading.Event()
        self._lock = threading.Lock()
        self._dirty_since: float | None = None
        self._fresh: set[str] = set()
        self._edited: dict[str, float] = {}
        self._regen_running = False
        self.last_regen_seconds: float | None = None
        self.threads: list[threading.Thread] = []

    # -- watching -----------------------------------------------------------------------------
    def start(self) -> None:
        for target in (self._watch_loop, self._regen_loop):
            thread = threading.Thread(target=target, daemon=True, name=target.__name__)
            thread.start()
            self.threads.append(thread)

    def stop(self) -> None:
        self.stop_event.set()
        for thread in self.threads:
            thread.join(timeout=5)

    def _watch_loop(self) -> None:
        for batch in watch(
            *self.watch_paths,
            debounce=400,
            step=30,
            stop_event=self.stop_event,
            raise_interrupt=False,
        ):
            self.handle(batch)

    def handle(self, batch: set[tuple[Change, str]]) -> None:
        """React to one batch of file changes."""
        full = False
        for change, raw in sorted(batch, key=lambda c: c[1]):
            path = Path(raw)
            if path.name.startswith((".", "#")) or path.name.endswith(_IGNORED_SUFFIXES):
                continue
            try:
                rel = path.resolve().relative_to(self.content.resolve()).as_posix()
            except ValueError:
                full = True  # theme, settings: every page depends on them
                continue
            if not rel.endswith((".md", ".markdown")):
                full = True
                continue
            if change is Change.deleted:
                self.site.forget(rel)
                full = True
                continue
            full |= not self.render(rel)
        self._mark_dirty()
        if full:
            logger.info("preview: Änderung betrifft die ganze Site – Neubau im Hintergrund")

    def render(self, rel: str) -> bool:
        """Render one document now; False when only a full build can show the change."""
        started = time.perf_counter()
        try:
            with self._lock:
                url = self.site.render(rel)
                self._edited[rel] = time.time()
        except NeedsFullBuild:
            return False
        except Exception:  # a broken document must not end the preview
            logger.exception("preview: %s konnte nicht gerendert werden", rel)
            return False
        self._fresh.add(url)
        self.changes.pages([url])
        logger.info("preview: %s neu (%.2f s)", url, time.perf_counter() - started)
        return True

    def _mark_dirty(self) -> None:
        self._dirty_since = time.monotonic()

    # -- background regenerate -----------------------------------------------------------------
    def _regen_loop(self) -> None:
        while not self.stop_event.wait(0.1):
            since = self._dirty_since
            if since is None or time.monotonic() - since < QUIET_SECONDS:
                continue
            self._dirty_since = None
            self.regenerate()

    def regenerate(self) -> bool:
        """A full Pelican build in a child process; then re-render what was saved meanwhile."""
        started_wall, started = time.time(), time.perf_counter()
        self._regen_running = True
        cmd = [
            sys.executable,
            "-m",
            "pelican",
            str(self.content),
            "-s",
            str(self.settings_file),
            "-o",
            str(self.output),
        ]
        try:
            result = subprocess.run(cmd, cwd=self.root, capture_output=True, text=True, check=False)
        finally:
            self._regen_running = False
        self.last_regen_seconds = time.perf_counter() - started
        if result.returncode:
            logger.error("preview: Neubau fehlgeschlagen:\n%s", result.stdout[-2000:])
            return False
        fresh, self._fresh = self._fresh, set()
        for rel, saved in list(self._edited.items()):
            if saved >= started_wall:
                self.render(rel)  # the child may have written an older version of it
        self.changes.site(fresh)
        logger.info("preview: Übersichten und Suchindex aktuell (%.1f s)", self.last_regen_seconds)
        return True

    @property
    def busy(self) -> bool:
        return self._regen_running or self._dirty_since is not None

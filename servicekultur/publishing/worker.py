"""The build worker: one process that keeps the site loaded and re-renders the pages whose
feedback changed, seconds after the change, without a full build.

Loop of the active worker (one per feedback database, see ``lock.py``; others wait on standby):

1. take what the render queue holds (``feedback.renderqueue``), each page once; a burst is
   gathered for ``COALESCE`` seconds after its first change;
2. read the visible feedback once, write each page of the batch and the Feedback page with the
   kept Pelican context (``pages.py``: atomic replacement, byte-for-byte a full build's pages);
3. mark the entries done; every ``BEAT`` seconds tell the database it is alive.

A full build (``invoke build``) leaves a stamp in the output: the worker then loads the site
again (content or theme may have changed) and re-renders the pages queued after the build read
the feedback, since the build may have overwritten them with an older state.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from pathlib import Path

from pelican.generators import ArticlesGenerator

from servicekultur.feedback.renderqueue import RenderQueue
from servicekultur.feedback.site import site_feedback
from servicekultur.feedback.store import FeedbackStore
from servicekultur.publishing.incremental import IncrementalSite, load_settings
from servicekultur.publishing.lock import WorkerLock
from servicekultur.publishing.pages import (
    AtomicWriter,
    articles_by_url,
    muted_writes,
    read_stamp,
    refresh_variants,
    write_article,
    write_feedback_page,
)

logger = logging.getLogger(__name__)

POLL = 0.2  # seconds between looks at the queue
COALESCE = 0.25  # a batch waits this long after its first change for more of the same burst
BEAT = 2.0  # seconds between heartbeats
STANDBY = 1.0  # a waiting worker tries the lock this often


class BuildWorker:
    def __init__(self, settings_file: Path, content: Path, output: Path, **overrides) -> None:
        self.args = (settings_file, content, output, overrides)
        self.output = Path(output)
        self.site = IncrementalSite(load_settings(*self.args[:3], **overrides))
        self.settings = self.site.settings  # completed by the plugins (KB_DATABASE_URL, …)
        self.store = FeedbackStore.open(self.settings["KB_DATABASE_URL"])
        self.queue = RenderQueue(self.store)
        self.lock = WorkerLock(self.settings["KB_DATABASE_URL"], self.store.engine)
        self.holder = f"{socket.gethostname()}:{os.getpid()}"
        self.batches = self.pages_written = 0
        self._by_url: dict[str, object] = {}
        self._stamp: tuple[int, int] | None = None
        self._beat = 0.0

    # -- the loop -----------------------------------------------------------------------------
    def run(self, stop: threading.Event) -> None:
        """Wait for the lock, then work until ``stop`` is set (or the lock is lost)."""
        waiting = False
        try:
            while not stop.is_set():
                if not self.lock.acquire():
                    if not waiting:
                        logger.info("Build-Worker: ein anderer ist aktiv, dieser wartet")
                        waiting = True
                    stop.wait(STANDBY)
                    continue
                waiting = False
                self.work(stop)
        finally:
            self.lock.release()
            self.store.close()

    def work(self, stop: threading.Event) -> None:
        self.load()
        self.catch_up(None)
        while not stop.is_set() and self.lock.held():
            self.heartbeat()
            stamp = read_stamp(self.output)
            if stamp is not None and stamp != self._stamp:
                logger.info("Build-Worker: ein voller Build lief, die Site wird neu geladen")
                previous = self._stamp
                self.load()
                self.catch_up(previous)
            if not self.step():
                stop.wait(POLL)

    def load(self) -> None:
        started = time.perf_counter()
        settings_file, content, output, overrides = self.args
        self._stamp = read_stamp(self.output)
        if self.site.generators:  # a reload: a fresh Pelican with freshly read settings
            self.site = IncrementalSite(load_settings(settings_file, content, output, **overrides))
            self.settings = self.site.settings
        with muted_writes():
            self.site.load()
        self._by_url = articles_by_url(self.site.generator(ArticlesGenerator))
        logger.info(
            "Build-Worker: Site geladen (%d Seiten mit Feedback) in %.1f s",
            len(self._by_url),
            time.perf_counter() - started,
        )

    def catch_up(self, previous: tuple[int, int] | None) -> None:
        """Render what a build may not include: all that waits, and after a build whose stamp
        names the last queue entry it saw, every page queued later (done or not)."""
        pages = set(self.queue.changed_after(self._stamp[1])) if self._stamp else set()
        batch = self.queue.pending()
        if batch:
            pages.update(batch.pages)
        if pages or previous is not None:
            self.render(sorted(pages))
        if batch:
            self.queue.done(batch.upto)

    def step(self) -> bool:
        """One batch from the queue; False when nothing waited."""
        batch = self.queue.pending()
        if batch is None:
            return False
        age = time.time() - batch.oldest.timestamp() if batch.oldest else COALESCE
        if age < COALESCE:  # the first change of a burst: gather the rest of it
            time.sleep(COALESCE - max(age, 0.0))
            batch = self.queue.pending() or batch
        self.render(batch.pages)
        self.queue.done(batch.upto)
        return True

    def heartbeat(self, force: bool = False) -> None:
        if force or time.monotonic() - self._beat >= BEAT:
            self._beat = time.monotonic()
            self.queue.beat(self.holder, self.batches, self.pages_written)

    # -- rendering ------------------------------------------------------------------------------
    def render(self, pages: list[str]) -> list[str]:
        """Write ``pages`` (those the site has) and the Feedback page with current feedback."""
        started, wall = time.perf_counter(), time.time()
        feedback = site_feedback(self.store, self.settings["KB_FEEDBACK_DAYS"])
        generator = self.site.generator(ArticlesGenerator)
        generator.context.update(feedback.template_context())
        writer = AtomicWriter(str(self.output), settings=self.settings)
        written, files = [], []
        with muted_writes():
            for page in pages:
                article = self._by_url.get(page)
                if article is None:
                    logger.debug("Build-Worker: %s ist keine Seite dieser Site", page)
                    continue
                write_article(writer, generator, article)
                written.append(page)
                files.append(self.output / article.save_as)
            template = generator.get_template("feedback")
            write_feedback_page(writer, template, generator.context, self.settings, feedback)
        written.append("/" + self.settings["KB_FEEDBACK_PAGE"].removesuffix("index.html"))
        files.append(self.output / self.settings["KB_FEEDBACK_PAGE"])
        refresh_variants(files, self.settings)
        self.batches += 1
        self.pages_written += len(written)
        logger.info(
            "Build-Worker: %d Seiten neu in %.2f s: %s",
            len(written),
            time.perf_counter() - started,
            ", ".join(written[:8]) + (" …" if len(written) > 8 else ""),
        )
        logger.debug("Build-Worker: Stapel %.3f %.3f %d", wall, time.time(), len(written))
        self.heartbeat(force=True)
        return written

"""What one build shares between its plugins, handed over in Pelican's settings — not in globals.

Every plugin calls :func:`build_run` with the Pelican instance at ``initialized`` (the first call
starts a fresh run for that instance) and later with any settings dict of the same build: the
readers, generators and signal receivers all see the same settings object.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

from servicekultur.config import apply_build
from servicekultur.content.diagnostics import ContentCheckFailed, Diagnostics
from servicekultur.content.parallel import ParallelReader
from servicekultur.content.site import page_facts
from servicekultur.content.urls import SiteIndex, normalize_url, site_index

KEY = "KB_BUILD_RUN"
TAXONOMIES = ("categories", "tags", "authors")


@dataclass
class BuildRun:
    """Problems found so far, the URLs the site will have, and each plugin's report."""

    owner: int = 0  # id() of the Pelican instance this run belongs to
    started: float = field(default_factory=time.time)  # files older than this are leftovers
    fresh_output: bool = False  # the output folder was empty or missing when the build started
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    parallel: ParallelReader = field(default_factory=ParallelReader)  # forked Markdown readers
    registered: dict[str, set[str]] = field(default_factory=dict)  # pages plugins write
    listed: set[str] = field(default_factory=set)  # of those, the ones in the sitemap
    redirects: set[str] = field(default_factory=set)  # redirect pages (aliases, short links)
    reports: dict[str, object] = field(default_factory=dict)  # e.g. "search": IndexReport
    sitemap: list = field(default_factory=list)  # sitemap.Entry of every public page
    static: set[str] = field(default_factory=set)  # static files kept even when not copied
    _site: SiteIndex | None = None

    def stop_if_strict(self, strict: bool) -> None:
        """A strict build ends here, before anything is written, when any plugin found errors."""
        if strict and self.diagnostics.errors:
            raise ContentCheckFailed(self.diagnostics.errors)

    def register_pages(self, urls, anchors: set[str] | None = None, listed: bool = True) -> None:
        """Tell the link check about pages a plugin writes itself (during ``generate_context``);
        ``listed``: public pages for the sitemap (not tools such as the workshop mode)."""
        for url in urls:
            self.registered.setdefault(normalize_url(url), set()).update(anchors or set())
            if listed:
                self.listed.add(normalize_url(url))

    def site(self, context: dict, content_root) -> SiteIndex:
        """Every URL of the site with its anchors, worked out once all documents are read
        (``all_generators_finalized``) from Pelican's context — for every plugin that asks."""
        if self._site is None:
            documents = written_documents(context)
            taxonomies = [item.url for key in TAXONOMIES for item, _ in context.get(key, []) or []]
            glossary = [(t.slug, t.source_path) for t in context.get("kb_glossary", [])]
            self._site = site_index(
                content_root,
                [page_facts(doc) for doc in documents],
                glossary,
                taxonomies,
                self.registered,
                self.redirects,
            )
        return self._site


def written_documents(context: dict) -> list:
    """The content objects this build writes: articles, drafts (unless a publish build leaves
    them out with an empty ``DRAFT_SAVE_AS``), pages and hidden pages."""
    documents = [*context.get("articles", [])]
    if context.get("DRAFT_SAVE_AS", True):  # (asking each draft for its save_as costs more)
        documents += context.get("drafts", [])
    return [*documents, *context.get("pages", []), *context.get("hidden_pages", [])]


class PluginMissing(RuntimeError):
    """A plugin was enabled without a plugin it needs (the message is German)."""


def start_build_run(pelican, plugin: str = "", requires: tuple[str, ...] = ()) -> BuildRun:
    """What every plugin does at ``initialized``: check the settings (once per build), check that
    the plugins it ``requires`` are in ``PLUGINS``, and start this Pelican instance's run."""
    apply_build(pelican.settings)
    loaded = {getattr(module, "__name__", str(module)) for module in pelican.plugins}
    missing = [name for name in requires if name not in loaded]
    if missing:
        raise PluginMissing(f"{plugin} braucht das Plugin {', '.join(missing)} (in PLUGINS)")
    run = pelican.settings.get(KEY)
    if not isinstance(run, BuildRun) or run.owner != id(pelican):
        run = BuildRun(owner=id(pelican), fresh_output=is_empty(pelican.settings["OUTPUT_PATH"]))
        pelican.settings[KEY] = run
    return run


def is_empty(folder) -> bool:
    """True when ``folder`` is missing or has no entries (then no file in it can be stale)."""
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except OSError:
        return True


def build_run(settings: dict) -> BuildRun:
    """The current build's run (a fresh one when a plugin is used outside a full build)."""
    run = settings.get(KEY)
    if not isinstance(run, BuildRun):
        run = settings[KEY] = BuildRun()
    return run

"""Writing single pages of a loaded site exactly as a full build writes them, each file replaced
atomically. The one module that knows how Pelican's writer and generators write a page (pinned
by ``tests/test_publishing.py``: the pages it writes are byte-for-byte a full build's).
"""

from __future__ import annotations

import os
import tempfile
from itertools import chain
from pathlib import Path

from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.writers import FileOverwriteFailedError, Writer

from servicekultur.delivery.compress import SUFFIX, precompress

STAMP = ".kb-feedback-stand"  # written by each full build: the render queue it has seen


class _Replacing:
    """A file opened for writing beside ``path``; moved over ``path`` when closed without error
    (readers see the old page or the new one, never half of one)."""

    def __init__(self, path: str, encoding: str) -> None:
        self.path = path
        folder = os.path.dirname(path) or "."
        handle, self.tmp = tempfile.mkstemp(prefix=".kb-", suffix=".tmp", dir=folder)
        self.file = os.fdopen(handle, "w", encoding=encoding)

    def __enter__(self):
        return self.file

    def __exit__(self, kind, value, traceback) -> None:
        self.file.close()
        if kind is not None:
            os.unlink(self.tmp)
            return
        try:
            mode = os.stat(self.path).st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(self.tmp, mode)
        os.replace(self.tmp, self.path)


class AtomicWriter(Writer):
    """Pelican's writer (same rendering, same bookkeeping), each file replaced atomically."""

    def _open_w(self, filename, encoding, override=False):
        # Pelican's own checks (``Writer._open_w``), without opening — and so emptying — the
        # page before its new version is complete.
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time')
            return open(os.devnull, "w", encoding=encoding)
        if filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}"')
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return _Replacing(filename, encoding)


def articles_by_url(generator: ArticlesGenerator) -> dict[str, object]:
    """Every article page the generator writes (drafts and hidden ones too), by ``/url``."""
    found = {}
    for article in chain(
        generator.translations,
        generator.articles,
        generator.hidden_translations,
        generator.hidden_articles,
        generator.drafts_translations,
        generator.drafts,
    ):
        found["/" + article.url] = article
    return found


def write_article(writer: Writer, generator: ArticlesGenerator, article) -> None:
    """One article as ``ArticlesGenerator.generate_articles`` / ``generate_drafts`` write it."""
    draft = article in generator.drafts or article in generator.drafts_translations
    extra = {"all_articles": generator.articles} if draft else {}
    if not draft:
        signals.article_generator_write_article.send(generator, content=article)
    writer.write_file(
        article.save_as,
        generator.get_template(article.template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        article=article,
        category=getattr(article, "category", None),
        override_output=hasattr(article, "override_save_as"),
        url=article.url,
        blog=True,
        **extra,
    )


def write_feedback_page(writer: Writer, template, context: dict, settings: dict, site) -> None:
    """The site-wide Feedback page (open questions, answer times); the plugin and the worker
    both write it here."""
    writer.write_file(
        settings["KB_FEEDBACK_PAGE"],
        template,
        context,
        relative_urls=settings.get("RELATIVE_URLS"),
        kb_site=site,
        page_name="feedback",
    )


def refresh_variants(files: list[Path], settings: dict) -> int:
    """The ``.br``/``.gz`` beside rewritten pages, as a full build leaves them: written where
    the build precompresses every page (``KB_PRECOMPRESS=alle``) or a variant exists already
    (a stale variant must never outlive its page: a server may send it instead)."""
    every = settings.get("KB_PRECOMPRESS") == "alle"
    due = [
        f for f in files if every or any(f.with_name(f.name + s).exists() for s in SUFFIX.values())
    ]
    return precompress(due)


def write_stamp(output: Path | str, queue_seen: int) -> None:
    """What a full build tells the worker: the last render-queue entry its feedback includes."""
    path = Path(output) / STAMP
    path.parent.mkdir(parents=True, exist_ok=True)
    with _Replacing(str(path), "utf-8") as handle:
        handle.write(f"{queue_seen}\n")


def read_stamp(output: Path | str) -> tuple[int, int] | None:
    """(mtime_ns, queue id) of the last full build's stamp; None before the first."""
    path = Path(output) / STAMP
    try:
        return path.stat().st_mtime_ns, int(path.read_text(encoding="utf-8").strip() or 0)
    except (OSError, ValueError):
        return None


def muted_writes():
    """Pelican's ``content_written`` signal held back (the sitemap plugin would queue every
    page the long-lived worker writes, and never write them)."""
    return signals.content_written.muted()

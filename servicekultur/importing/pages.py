"""``invoke import-page``: saved blog pages or copied texts → draft articles, one or a folder.

Each draft is written as ``content/artikel/<slug>.md`` with ``Status: draft``, a suggested
summary and tags; a guessed title is marked in the draft (a comment under the front matter)
and in the report. Images of a page are fetched into ``content/images/import/<name>/``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from servicekultur.content.types import ContentType
from servicekultur.importing.fetch import Fetcher
from servicekultur.importing.htmlmd import suggest_summary
from servicekultur.importing.media import Media
from servicekultur.importing.report import ImportReport, ItemResult
from servicekultur.importing.scraped import Draft, ScrapeError, decode, from_source
from servicekultur.importing.textutil import known_tags, suggest_tags
from servicekultur.importing.titles import GUESSED_NOTE, short_slug
from servicekultur.importing.writer import (
    TargetExists,
    default_author,
    format_date,
    header,
    write_text_file,
)

PAGE_SUFFIXES = (".html", ".htm", ".txt")
MIN_WORDS = 20


def page_files(source: Path) -> list[Path]:
    """``source`` itself, or the saved pages in the folder (not the ``…_files`` asset folders)."""
    if not source.is_dir():
        return [source]
    return sorted(
        path
        for path in source.rglob("*")
        if path.is_file()
        and path.suffix.lower() in PAGE_SUFFIXES
        and not any(part.endswith("_files") for part in path.relative_to(source).parts[:-1])
    )


def draft_text(draft: Draft) -> str:
    head = header(
        [
            ("Title", draft.title),
            ("Date", format_date(draft.date)),
            ("Category", "Allgemein"),
            ("Tags", ", ".join(draft.tags)),
            ("Author", draft.author or default_author()),
            ("Summary", draft.summary),
            ("Status", "draft"),
        ]
    )
    note = GUESSED_NOTE.format(how=draft.title_guess) + "\n\n" if draft.title_guess else ""
    return head + "\n" + note + draft.body


def read_draft(
    source: Path, content: Path, title: str | None, media: Media | None, vocabulary: list[str]
) -> Draft:
    try:
        data = Path(source).read_bytes()
    except OSError as error:
        raise ScrapeError(f"{source}: nicht lesbar ({error.strerror})") from error
    draft = from_source(decode(data, str(source)), media)
    if title:
        draft.title, draft.title_guess = " ".join(title.split()), ""
    if not draft.title or not draft.slug:
        raise ScrapeError(f"{source}: kein Titel erkannt – bitte mit --title angeben")
    if len(draft.body.split()) < MIN_WORDS:
        raise ScrapeError(f"{source}: kaum Text gefunden ({len(draft.body.split())} Wörter)")
    draft.summary = suggest_summary(draft.body)
    draft.tags = suggest_tags(draft.title, draft.body, vocabulary)
    return draft


def import_pages(
    source: Path,
    content: Path,
    force: bool = False,
    title: str | None = None,
    fetch_media: bool = True,
    progress: Callable[[Path], None] | None = None,
) -> tuple[ImportReport, dict[str, Draft]]:
    """Import one page or every page in a folder; returns the report and the drafts by file."""
    files = page_files(Path(source))
    if title and len(files) != 1:
        raise ScrapeError("--title geht nur für eine einzelne Seite, nicht für einen Ordner")
    if not files:
        raise ScrapeError(f"{source}: keine Seiten (.html, .htm, .txt) gefunden")
    report, drafts = ImportReport(), {}
    fetcher = Fetcher(force=force)
    vocabulary = known_tags(content)
    written: dict[str, str] = {}
    try:
        for path in files:
            if progress is not None:
                progress(path)
            result = ItemResult(path.name, str(path))
            report.results.append(result)
            name = short_slug(path.stem) or "seite"
            folders = (f"images/import/{name}", f"dateien/import/{name}")
            media = Media(content, fetcher, fetch_media, folders=folders, page_dir=path.parent)
            try:
                draft = read_draft(path, content, title, media, vocabulary)
            except ScrapeError as error:
                result.reason = str(error).removeprefix(f"{path}: ")
                continue
            result.title, result.title_guess = draft.title, draft.title_guess
            result.removed = draft.removed
            result.media_fetched, result.media_failed = media.log.fetched, media.log.failed
            result.notes = media.log.notes
            target = content / ContentType.ARTICLE.value / f"{draft.slug}.md"
            if draft.slug in written:
                result.reason = f"Slug „{draft.slug}“ schon von {written[draft.slug]}"
                continue
            try:
                write_text_file(target, draft_text(draft), force)
            except TargetExists as error:
                result.reason = str(error)
                continue
            except OSError as error:
                result.reason = f"{target} nicht schreibbar ({error.strerror or error})"
                continue
            written[draft.slug] = path.name
            result.target, drafts[str(path)] = str(target), draft
    finally:
        fetcher.close()
    return report, drafts


def import_page(
    source: Path, content: Path, force: bool = False, title: str | None = None, **options
) -> tuple[Path, Draft]:
    """Import one page; raises ``ScrapeError``/``TargetExists`` as a single file should."""
    report, drafts = import_pages(source, content, force, title, **options)
    (result,) = report.results
    if not result.imported:
        if "existiert schon" in result.reason:
            raise TargetExists(result.reason)
        raise ScrapeError(f"{source}: {result.reason}")
    return Path(result.target), drafts[str(source)]

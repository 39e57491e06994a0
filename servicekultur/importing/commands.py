"""What the import tasks in tasks.py do, with rich output; each returns an exit code."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from sqlalchemy.exc import SQLAlchemyError

from servicekultur.config import Settings, SettingsError
from servicekultur.feedback.model import FeedbackError
from servicekultur.feedback.store import FeedbackStore, StoreError
from servicekultur.importing.comments import CommentReport, import_wxr
from servicekultur.importing.pages import import_pages, page_files
from servicekultur.importing.report import ImportReport
from servicekultur.importing.scraped import ScrapeError
from servicekultur.importing.wordpress import import_wordpress
from servicekultur.importing.wxr import WxrError, read_export
from servicekultur.redirects.mapfile import RedirectError

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def _open_feedback() -> FeedbackStore:
    url = Settings.from_env().database
    try:
        return FeedbackStore.open(url)
    except (SQLAlchemyError, OSError) as error:
        raise StoreError(f"Feedback-Datenbank nicht nutzbar ({url}): {error}") from error


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def print_report(report: ImportReport, title: str) -> None:
    """Every item, then the closing table (imported, skipped by reason, guesses, media)."""
    for line in report.lines():
        console.print(line, markup=False)
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column("Was")
    table.add_column("Anzahl", justify="right")
    for label, count in report.table():
        table.add_row(label, str(count))
    console.print(table)


def wordpress(
    wxr: Path,
    content: Path,
    media: Path | None,
    comments: Path | None,
    force: bool,
    max_mb: int,
    fetch_media: bool = True,
) -> int:
    max_bytes = max_mb * 1024 * 1024
    store = None
    try:
        total = len(read_export(wxr, max_bytes).items)
        store = _open_feedback()  # fails before any file is written
        with _progress() as progress:
            task = progress.add_task("WordPress-Import", total=total)

            def advance(item) -> None:
                progress.update(task, advance=1, description=f"Import: {item.title[:40]}")

            report = import_wordpress(
                wxr, content, media, comments, force, advance, max_bytes, store, fetch_media
            )
    except (WxrError, RedirectError, FeedbackError, SettingsError, StoreError) as error:
        err_console.print(f"[red]Fehler:[/red] {error}")
        return 1
    finally:
        if store is not None:
            store.close()
    print_report(report, "WordPress-Import")
    return 0


def page(
    source: Path, content: Path, force: bool, title: str | None, fetch_media: bool = True
) -> int:
    if not source.exists():
        err_console.print(f"[red]Fehler:[/red] {source} gibt es nicht")
        return 1
    try:
        with _progress() as progress:
            task = progress.add_task("Seitenimport", total=len(page_files(source)))

            def advance(path: Path) -> None:
                progress.update(task, advance=1, description=f"Import: {path.name[:40]}")

            report, drafts = import_pages(source, content, force, title, fetch_media, advance)
    except ScrapeError as error:
        err_console.print(f"[red]Fehler:[/red] {error}")
        return 1
    print_report(report, "Seitenimport")
    for path, draft in drafts.items():
        console.print(f"Entwurf aus {path}: {draft.title}", markup=False)
        console.print(f"  Vorschlag Zusammenfassung: {draft.summary}", markup=False)
        console.print(f"  Vorschlag Schlagwörter: {', '.join(draft.tags) or '–'}", markup=False)
    if not drafts:
        for result in report.skipped:
            err_console.print(f"Fehler: {result.source}: {result.reason}", markup=False)
        return 1
    return 0


def comments(path: Path, pattern: str = "") -> CommentReport:
    """Only the comments of a WXR export into the feedback store (``feedback.import-wxr``)."""
    store = _open_feedback()
    try:
        return import_wxr(store, path, pattern)
    finally:
        store.close()

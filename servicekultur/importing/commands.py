"""What the import tasks in tasks.py do, with rich output; each returns an exit code."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import SQLAlchemyError

from servicekultur.config import Settings, SettingsError
from servicekultur.feedback.model import FeedbackError
from servicekultur.feedback.store import FeedbackStore, StoreError
from servicekultur.importing.comments import CommentReport, import_wxr
from servicekultur.importing.scraped import ScrapeError, import_page
from servicekultur.importing.wordpress import import_wordpress
from servicekultur.importing.writer import TargetExists
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


def wordpress(
    wxr: Path,
    content: Path,
    media: Path | None,
    comments: Path | None,
    force: bool,
    max_mb: int,
) -> int:
    max_bytes = max_mb * 1024 * 1024
    store = None
    try:
        total = len(read_export(wxr, max_bytes).items)
        store = _open_feedback()  # fails before any file is written
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as progress:
            task = progress.add_task("WordPress-Import", total=total)

            def advance(item) -> None:
                progress.update(task, advance=1, description=f"Import: {item.title[:40]}")

            report = import_wordpress(
                wxr, content, media, comments, force, advance, max_bytes, store
            )
    except (WxrError, RedirectError, FeedbackError, SettingsError, StoreError) as error:
        err_console.print(f"[red]Fehler:[/red] {error}")
        return 1
    finally:
        if store is not None:
            store.close()
    for line in report.lines():
        console.print(line)
    return 0


def page(source: Path, content: Path, force: bool, title: str | None) -> int:
    try:
        path, draft = import_page(source, content, force, title)
    except (ScrapeError, TargetExists) as error:
        err_console.print(f"[red]Fehler:[/red] {error}")
        return 1
    console.print(f"Entwurf: {os.path.relpath(path)}")
    console.print(f"  Titel: {draft.title}")
    console.print(f"  Vorschlag Zusammenfassung: {draft.summary}")
    console.print(f"  Vorschlag Schlagwörter: {', '.join(draft.tags) or '–'}")
    if draft.removed:
        console.print(f"  Entfernt: {len(draft.removed)} Blöcke (Menü, Teilen, Kommentare …)")
    return 0


def comments(path: Path, pattern: str = "") -> CommentReport:
    """Only the comments of a WXR export into the feedback store (``feedback.import-wxr``)."""
    store = _open_feedback()
    try:
        return import_wxr(store, path, pattern)
    finally:
        store.close()

"""What ``invoke new`` does, with rich output; returns an exit code."""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console

from servicekultur.authoring.scaffold import ScaffoldError, scaffold

console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def new(kind: str, title: str, content: Path) -> int:
    try:
        path = scaffold(kind, title, content)
    except ScaffoldError as error:
        err_console.print(f"[red]Fehler:[/red] {error}")
        return 1
    console.print(
        f"Angelegt: {os.path.relpath(path)}  (Status: draft – zum Veröffentlichen "
        f"die Zeile „Status: draft“ löschen)"
    )
    return 0

"""Writing imported texts as Markdown with our front matter, never overwriting without force."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from servicekultur.config import REGISTRY


class TargetExists(FileExistsError):
    """The target file exists and ``force`` was not given."""


def header(fields: list[tuple[str, str]]) -> str:
    """Pelican front matter; values are folded onto one line, empty optional fields left out."""
    lines = []
    for key, value in fields:
        value = " ".join(str(value).split())
        if value or key in ("Title", "Summary"):
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


def format_date(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return dt.date.today().isoformat()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def default_author() -> str:
    """The author of imported texts without one: ``KB_AUTHOR`` or the editorial team."""
    value = str(REGISTRY.value("KB_AUTHOR", environ=os.environ)).strip()
    return value or REGISTRY["KB_AUTHOR"].default


def write_text_file(path: Path, text: str, force: bool = False) -> None:
    """Write ``text`` atomically; refuses an existing file unless ``force``."""
    if path.exists() and not force:
        raise TargetExists(f"{path} existiert schon (--force überschreibt)")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, path)

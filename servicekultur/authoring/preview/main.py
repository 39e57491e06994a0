"""``python -m servicekultur.authoring.preview``: build once, then serve with live reload."""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

from rich.console import Console

from servicekultur.authoring.preview.changes import ChangeLog
from servicekultur.authoring.preview.incremental import IncrementalSite, load_settings
from servicekultur.authoring.preview.server import create_preview_app
from servicekultur.authoring.preview.session import PreviewSession
from servicekultur.config import Settings

logger = logging.getLogger(__name__)


def start_session(
    root: Path,
    settings_file: Path,
    content: Path,
    output: Path,
    watch_extra: list[Path] | None = None,
) -> PreviewSession:
    """Build the site in this process and start watching; returns the running session."""
    settings = load_settings(settings_file, content, output)
    site = IncrementalSite(settings)
    started = time.perf_counter()
    with Console(stderr=True).status("Vorschau: erster Build der ganzen Site …"):
        site.full_build()
    logger.info("preview: erster Build in %.1f s", time.perf_counter() - started)
    paths = [content, *[p for p in (watch_extra or []) if p.exists()]]
    session = PreviewSession(site, settings_file, root, ChangeLog(), paths)
    session.start()
    return session


def serve(
    root: Path,
    settings_file: Path,
    content: Path,
    output: Path,
    host: str,
    port: int,
    watch_extra: list[Path] | None = None,
) -> None:
    import uvicorn

    session = start_session(root, settings_file, content, output, watch_extra)
    app = create_preview_app(
        Settings(output_dir=output, host=host, port=port), session.changes, lambda: session.busy
    )
    print(
        f"Vorschau läuft auf http://{host}:{port}/ – Speichern lädt die Seite neu (Strg+C beendet)",
        flush=True,
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        session.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kb-preview")
    parser.add_argument("--root", default=".")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", default="content")
    parser.add_argument("--output", default="output")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("watchfiles").setLevel(logging.WARNING)
    root = Path(args.root).resolve()
    serve(
        root,
        root / args.settings,
        Path(args.content).resolve(),
        Path(args.output).resolve(),
        args.host,
        args.port,
        [root / "theme", root / args.settings],
    )

"""``python -m servicekultur.publishing``: run the build worker until Ctrl+C or SIGTERM."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from pathlib import Path

from servicekultur.feedback.model import StoreError
from servicekultur.publishing.worker import BuildWorker


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="kb-worker")
    parser.add_argument("--root", default=".")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--content", default="content")
    parser.add_argument("--output", default="output")
    parser.add_argument("--verbose", action="store_true", help="also each batch's start and end")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    level = logging.DEBUG if args.verbose else logging.INFO
    logging.getLogger("servicekultur.publishing").setLevel(level)
    root = Path(args.root).resolve()
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    try:
        worker = BuildWorker(
            root / args.settings, Path(args.content).resolve(), Path(args.output).resolve()
        )
    except StoreError as error:
        raise SystemExit(f"Build-Worker: {error}") from error
    worker.run(stop)

"""The built site served by our app on a loopback port, and headless Chromium (Debian's), for
the page measurements and the screenshots."""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]


class BrowserMissing(RuntimeError):
    """No Chromium at ``KB_CHROMIUM`` (the message is German)."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def served_site(output: Path) -> Iterator[str]:
    """Serve ``output`` (with its search index) with a throw-away state folder; yields the URL."""
    import uvicorn

    from servicekultur.config import Settings
    from servicekultur.web import create_app

    with tempfile.TemporaryDirectory(prefix="kb-pages-") as state:
        settings = Settings.from_env(output_dir=Path(output), state_dir=Path(state))
        port = _free_port()
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning"
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("Der Dienst ist nicht gestartet.")
            time.sleep(0.05)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (Playwright's ``Browser``)."""
    if not Path(CHROMIUM).exists():
        raise BrowserMissing(f"Kein Chromium unter {CHROMIUM} (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()

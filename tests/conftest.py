"""Shared fixtures: tiny Pelican sites, the real site built once, the served app, Chromium."""

from __future__ import annotations

import ast
import logging
import os
import shutil
import socket
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass
class BuildResult:
    output: Path
    content: Path
    issues: list = field(default_factory=list)
    error: Exception | None = None
    records: list[logging.LogRecord] = field(default_factory=list)
    run: object = None  # servicekultur.content.run.BuildRun: what the plugins handed over

    def read(self, url: str) -> str:
        path = self.output / url.lstrip("/")
        if url.endswith("/") or not url:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    @property
    def messages(self) -> list[str]:
        return [str(issue) for issue in self.issues]


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def imported_modules(path: Path, names: bool = False) -> set[str]:
    """The modules ``path`` imports (absolute imports; with ``names`` also ``module.name`` for
    every ``from module import name``), for the layer tests."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if names:
                found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.fixture(scope="session", autouse=True)
def checkout_state_untouched():
    """Tests keep their state in temporary folders: a suite that starts without the checkout's
    ``var/`` state (a fresh clone) must not leave a database or key there (the build
    benchmarks and ``make serve`` would find them)."""
    files = [ROOT / "var" / "feedback.sqlite3", ROOT / "var" / "secret_key"]
    before = {path for path in files if path.exists()}
    yield
    left = [str(path.relative_to(ROOT)) for path in files if path.exists() and path not in before]
    assert not left, f"Tests wrote the checkout's state: {left}"


def build_site(content: Path, output: Path, **overrides) -> BuildResult:
    """Build ``content`` with our real settings (overridable), in this process."""
    from pelican import Pelican
    from pelican.settings import read_settings

    from servicekultur.content.run import build_run

    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={
            "PATH": str(content),
            "OUTPUT_PATH": str(output),
            "THEME": str(ROOT / "theme"),
            "PLUGIN_PATHS": [str(ROOT / "plugins")],
            **overrides,
        },
    )
    handler = _Collect()
    logging.getLogger().addHandler(handler)
    result = BuildResult(output=output, content=content)
    try:
        Pelican(settings).run()
    except Exception as error:  # the strict mode raises ContentCheckFailed
        result.error = error
    finally:
        logging.getLogger().removeHandler(handler)
    result.records = handler.records
    result.run = build_run(settings)
    result.issues = list(result.run.diagnostics.issues)
    return result


MINIMAL = {
    "artikel/erster-artikel.md": """Title: Erster Artikel
Date: 2025-03-14
Category: Fairness und Feedback
Tags: Angebot, Rückmeldung
Author: Katrin Albers
Summary: Ein kurzer Artikel für Tests.

## Einleitung

Ein Angebot verdient eine Antwort. Service Excellence beginnt beim Zuhören.
Siehe [[checkliste-test#antwort-geben]] und [die Checkliste](/checklisten/checkliste-test/#frist-nennen).
""",
    "checklisten/checkliste-test.md": """Title: Checkliste Test
Date: 2025-02-10
Category: Fairness und Feedback
Tags: Angebot
Author: Katrin Albers
Summary: Eine Test-Checkliste.

Einleitung der Checkliste.

## Vorher

- [ ] Frist nennen {#frist-nennen}
    Eine realistische Frist hilft beiden Seiten.
- [ ] Antwort geben {#antwort-geben weight=2}

## Zum Weiterdenken

- Was heißt fair?
""",
    "fallgeschichten/fall-test.md": """Title: Fall Test
Date: 2025-06-02
Category: Bestandskunden
Tags: Wartung
Author: Jonas Reimann
Summary: Ein Testfall.
Branche: Handwerk
Phase: Betreuung
Kanal: Telefon, E-Mail

Einleitung.

## Verlauf

- 2025-03-03 (Telefon): Anfrage gestellt.
- 2025-03-05 (E-Mail): Eingangsbestätigung.
- 2025-04-22: Immer noch keine Antwort.

## Lehren

- Antworten. [[checkliste-test#antwort-geben]]
""",
    "glossar/service-excellence.md": """Title: Service Excellence
Aliases: exzellenter Service
Summary: Service, der begeistert.

Erklärung des Begriffs.
""",
    "pages/datenschutz.md": """Title: Datenschutz
Slug: datenschutz

## Feedback-Formular {#feedback-formular}

Text.
""",
}


def write_content(content: Path, files: dict[str, str | bytes | None]) -> Path:
    """Write ``files`` (path → text or bytes; None is skipped) below ``content``."""
    for rel, text in files.items():
        if text is None:
            continue
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return content


@pytest.fixture
def make_site(tmp_path):
    """Write ``files`` (path → text; None removes a MINIMAL file) and build them."""

    def make(files: dict[str, str | None] | None = None, base: bool = True, **overrides):
        content = tmp_path / "content"
        output = tmp_path / "output"
        shutil.rmtree(content, ignore_errors=True)
        merged: dict[str, str | bytes | None] = dict(MINIMAL) if base else {}
        merged.update(files or {})
        write_content(content, merged)
        return build_site(content, output, **overrides)

    return make


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> BuildResult:
    """The real content, built once per test session with strict checks."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = build_site(ROOT / "content", output, KB_STRICT=True)
    if result.error:
        pytest.fail(f"real site does not build: {result.error}\n" + "\n".join(result.messages))
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """Our ASGI app in a uvicorn thread on a free loopback port."""

    def __init__(self, app) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def served_settings(output: Path, state: Path, database_url: str, password: str, **overrides):
    """Settings of a site served in a browser test: no minimum fill time, an admin password
    (hashed cheaply) for the editor's side."""
    from argon2 import PasswordHasher

    from servicekultur.config import Settings

    return Settings(
        output_dir=output,
        state_dir=state,
        database_url=database_url,
        min_fill_seconds=0,
        admin_password_hash=PasswordHasher(time_cost=1).hash(password),
        **overrides,
    )


@pytest.fixture(scope="session")
def live_server(real_site, tmp_path_factory):
    """The real site served by our app (temporary state folder)."""
    from servicekultur.config import Settings
    from servicekultur.web import create_app

    settings = Settings(output_dir=real_site.output, state_dir=tmp_path_factory.mktemp("state"))
    with LiveServer(create_app(settings)) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[str]:
    """Run axe-core on the page; the serious/critical violations as readable lines."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v.get("impact") in impacts
    ]


# -- PostgreSQL for the feedback store (tests/pg_server.py) -----------------------------------
@pytest.fixture(scope="session")
def pg_server():
    """A throw-away PostgreSQL 15 server for the whole session (started on first use)."""
    from pg_server import PostgresServer, PostgresUnavailable

    try:
        server = PostgresServer()
    except PostgresUnavailable as error:
        if os.environ.get("CI"):
            pytest.fail(f"{error} (CI is set: PostgreSQL tests must run, see .ci/run)")
        pytest.skip(str(error))
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def feedback_db(request, tmp_path) -> str:
    """The URL of an empty feedback database: a SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'fb.sqlite3'}"
    return request.getfixturevalue("pg_server").new_database()

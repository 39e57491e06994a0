"""Issue 14: schemathesis fuzzes every operation of /openapi.json — anonymous and logged in as
editor — and finds no server error (bounded: a fixed number of examples per operation)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from conftest import LiveServer
from test_feedback_service import HASH, PASSWORD

from servicekultur.config import Settings
from servicekultur.web import create_app

EXAMPLES = int(os.environ.get("KB_FUZZ_EXAMPLES", "10"))  # per operation; more for a deeper run


@pytest.fixture(scope="module")
def server(real_site, tmp_path_factory):
    """The real site (with its search index) and an empty feedback database."""
    root = tmp_path_factory.mktemp("fuzz")
    settings = Settings(
        output_dir=real_site.output,
        state_dir=root / "state",
        admin_password_hash=HASH,
        min_fill_seconds=0,
        rate_limit=1_000_000,
        login_rate_limit=1_000_000,
    )
    with LiveServer(create_app(settings)) as live:
        yield live


def _schemathesis(url: str, tmp_path: Path, *headers: str) -> subprocess.CompletedProcess:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "run",
        f"{url}/openapi.json",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        "14",
        "--request-timeout",
        "10",
        "--no-color",
        *[part for header in headers for part in ("-H", header)],
    ]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=600, cwd=tmp_path, check=False
    )


def test_no_server_error_for_anonymous_requests(server, tmp_path):
    result = _schemathesis(server.url, tmp_path)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "Server error" not in result.stdout


def test_no_server_error_for_a_logged_in_editor(server, tmp_path):
    login = httpx.post(
        server.url + "/admin/login", data={"password": PASSWORD}, follow_redirects=False
    )
    assert login.status_code == 303
    cookie = login.cookies["kb_admin"]
    result = _schemathesis(server.url, tmp_path, f"Cookie: kb_admin={cookie}")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]

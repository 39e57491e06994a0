"""A throw-away PostgreSQL 15 server for tests and benchmarks: initdb into a temporary folder,
pg_ctl start on a free loopback port (its socket in that folder too), fresh databases.

Tests run it with ``fsync=off`` (fast, nothing to survive); ``bench.feedback`` with PostgreSQL's
defaults (``fsync=on``, ``synchronous_commit=on``), so an acknowledged write is on disk.

PostgreSQL refuses to run as root; CI runs as root, so initdb and the server then run as the
``postgres`` system user (created by Debian's ``postgresql`` package) via ``runuser``.
"""

from __future__ import annotations

import itertools
import logging
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

PG_BIN = Path(os.environ.get("KB_PG_BIN", "/usr/lib/postgresql/15/bin"))
SERVER_USER = "postgres"  # the system user the server runs as when we are root


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries (or no user to run them as) on this machine."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PostgresServer:
    """One server for the session; ``new_database()`` gives each test its own empty database."""

    def __init__(self, bin_dir: Path = PG_BIN, durable: bool = False) -> None:
        self.bin_dir = bin_dir
        self.durable = durable
        for tool in ("initdb", "pg_ctl", "postgres"):
            if not (bin_dir / tool).is_file():
                raise PostgresUnavailable(
                    f"PostgreSQL not found ({bin_dir / tool} is missing); "
                    "install Debian's package: apt-get install postgresql"
                )
        self.prefix: list[str] = []
        self.owner: pwd.struct_passwd | None = None
        if os.geteuid() == 0:
            try:
                self.owner = pwd.getpwnam(SERVER_USER)
            except KeyError as error:
                raise PostgresUnavailable(
                    f"running as root but there is no '{SERVER_USER}' user to run PostgreSQL as"
                ) from error
            self.prefix = ["runuser", "-u", SERVER_USER, "--"]
        # Not below pytest's tmp_path: that folder is private to root, the server user must
        # be able to reach its data folder and socket.
        self.base = Path(tempfile.mkdtemp(prefix="kb-pg-"))
        self.data = self.base / "data"
        self.log = self.base / "server.log"
        self.port = _free_port()
        self._names = itertools.count(1)
        self._admin = None
        self._options = ""

    def _run(self, *args: str, timeout: float = 60) -> None:
        command = [*self.prefix, *(str(a) for a in args)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}{log}"
            )

    def start(self) -> PostgresServer:
        if self.owner is not None:
            os.chown(self.base, self.owner.pw_uid, self.owner.pw_gid)
        self._run(
            self.bin_dir / "initdb",
            "-D",
            self.data,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
            "--no-instructions",
        )
        for attempt in range(3):  # another process may take the free port in between
            options = (
                f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.base} "
                "-c max_connections=200"
            )
            if not self.durable:
                options += " -c fsync=off -c full_page_writes=off"
            try:
                self._run(
                    self.bin_dir / "pg_ctl",
                    *("-D", self.data, "-l", self.log, "-o", options, "-w", "start"),
                )
                self._options = options
                break
            except RuntimeError:
                if attempt == 2:
                    raise
                self.port = _free_port()
        logger.info("test PostgreSQL on port %s in %s", self.port, self.base)
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        import psycopg

        if self._admin is None:
            self._admin = psycopg.connect(
                host="127.0.0.1",
                port=self.port,
                user="postgres",
                dbname="postgres",
                autocommit=True,
            )
        name = f"kb_test_{next(self._names)}"
        self._admin.execute(f"CREATE DATABASE {name} STRATEGY = FILE_COPY")  # faster here
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database under the service's feet (its connections are terminated)."""
        self._admin.execute(f"DROP DATABASE {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def crash_and_restart(self) -> None:
        """Stop the server as a crash would (``immediate``: no checkpoint), then start it again:
        what survives is what was on disk (crash recovery replays the synced WAL)."""
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        self._run(
            self.bin_dir / "pg_ctl",
            *("-D", self.data, "-l", self.log, "-o", self._options, "-w", "start"),
        )

    def stop(self) -> None:
        if self._admin is not None:
            self._admin.close()
        try:
            if (self.data / "postmaster.pid").exists():
                self._run(self.bin_dir / "pg_ctl", "-D", self.data, "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.base, ignore_errors=True)

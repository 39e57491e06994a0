"""The throw-away PostgreSQL server of the tests (it lives in ``servicekultur.bench.postgres``,
which the benchmarks share)."""

from servicekultur.bench.postgres import PostgresServer, PostgresUnavailable

__all__ = ["PostgresServer", "PostgresUnavailable"]

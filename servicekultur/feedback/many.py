"""One statement for many rows, in one round trip: on PostgreSQL psycopg's ``executemany`` in a
pipeline, with the short one-row SQL compiled once; elsewhere SQLAlchemy's ``executemany``.

SQLAlchemy renders many rows as one ``INSERT … VALUES (…), (…)`` with a new text, and a
parameter per row and column, for every number of rows. psycopg then parses that text anew
each time (its cache takes at most 50 parameters) and the server plans it anew; for the
batches of the feedback writer that cost more than the statements themselves. A one-row
statement has one text: psycopg parses it once and the server prepares it once.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.dml import Insert


@lru_cache(maxsize=32)
def _one_row(statement: Insert, dialect: Dialect, keys: tuple[str, ...]):
    """SQL of ``statement`` for one row with ``keys`` and the column defaults it adds; None
    if one of them is not a plain value (a function: SQLAlchemy must run it per row)."""
    # inline: no RETURNING of the new primary key that a one-row INSERT would add by itself
    compiled = statement.inline().compile(dialect=dialect, column_keys=list(keys))
    added = {}
    for key in set(compiled.params) - set(keys):
        default = statement.table.c[key].default
        if default is None or not default.is_scalar:
            return None
        added[key] = default.arg
    return str(compiled), added


def execute_many(conn: Connection, statement: Insert, rows: list[dict]) -> list[tuple]:
    """Run ``statement`` for every row of ``rows`` (same keys in each) in the caller's
    transaction; what ``RETURNING`` returns, row by row in order (empty without it)."""
    if not rows:
        return []
    keys = tuple(rows[0])
    prepared = None
    if conn.dialect.name == "postgresql" and all(tuple(row) == keys for row in rows):
        prepared = _one_row(statement, conn.dialect, keys)
    if prepared is None:
        result = conn.execute(statement, rows)
        return list(result) if result.returns_rows else []
    sql, defaults = prepared
    params = [{**defaults, **row} for row in rows] if defaults else rows
    returning = bool(statement.returning_column_descriptions)
    cursor = conn.connection.driver_connection.cursor()
    try:
        cursor.executemany(sql, params, returning=returning)
        found: list[tuple] = []
        while returning:
            found.extend(cursor.fetchall())
            if not cursor.nextset():
                break
        return found
    except conn.dialect.loaded_dbapi.Error as error:
        raise _wrapped(conn, sql, params, error, cursor) from error
    finally:
        cursor.close()


def _wrapped(conn: Connection, sql: str, params: list[dict], error: Exception, cursor):
    """The driver's error as SQLAlchemy would raise it (``OperationalError``,
    ``IntegrityError``, …); a lost connection is invalidated, not handed out again."""
    dbapi = conn.dialect.loaded_dbapi
    lost = conn.dialect.is_disconnect(error, conn.connection.dbapi_connection, cursor)
    if lost:
        conn.invalidate(error)
    return DBAPIError.instance(
        sql, params, error, dbapi.Error, connection_invalidated=lost, dialect=conn.dialect
    )

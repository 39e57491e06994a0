"""Connections to the feedback database: liveness checks of idle PostgreSQL connections, and
the random tokens of the busy paths."""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from servicekultur.feedback import engine as engine_module
from servicekultur.feedback import randomness
from servicekultur.feedback.batch import INSERT
from servicekultur.feedback.engine import make_engine
from servicekultur.feedback.many import execute_many
from servicekultur.feedback.rows import row_values
from servicekultur.feedback.schema import feedback
from servicekultur.feedback.store import FeedbackStore
from servicekultur.feedback.submission import Submission


def _pings(engine, monkeypatch) -> list[int]:
    pings: list[int] = []
    real = engine.dialect.do_ping

    def counted(dbapi_conn):
        pings.append(1)
        return real(dbapi_conn)

    monkeypatch.setattr(engine.dialect, "do_ping", counted)
    return pings


def test_busy_postgres_connections_are_not_pinged_idle_ones_are(pg_server, monkeypatch):
    engine = make_engine(pg_server.new_database())
    pings = _pings(engine, monkeypatch)
    for _ in range(20):  # back to back: no extra round trip per checkout
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1")).scalar() == 1
    assert pings == []
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 0.0)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    assert pings == [1]
    engine.dispose()


def test_a_connection_the_server_dropped_while_idle_is_replaced(pg_server, monkeypatch):
    url = pg_server.new_database()
    engine = make_engine(url)
    with engine.connect() as conn:
        pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
    other = make_engine(url)
    with other.begin() as conn:  # what a server restart does to the pooled connection
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    other.dispose()
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 0.0)
    with engine.connect() as conn:  # no error: the ping found it dead, the pool replaced it
        assert conn.execute(text("SELECT pg_backend_pid()")).scalar() != pid
    engine.dispose()


def test_pooled_tokens_are_unique_urlsafe_and_not_shared_with_a_forked_child():
    pool = randomness.RandomPool(chunk=64)
    seen = {pool.take(16) for _ in range(1000)}  # many refills of a small chunk
    assert len(seen) == 1000
    token = randomness.token_urlsafe(24)
    assert len(token) == 32 and set(token) <= set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    )
    threads_seen: list[bytes] = []
    workers = [
        threading.Thread(target=lambda: threads_seen.extend(pool.take(8) for _ in range(500)))
        for _ in range(4)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(set(threads_seen)) == 2000

    randomness.token_bytes(1)  # the parent has bytes in stock
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child's next bytes must not be the parent's next bytes
        os.write(write, randomness.token_bytes(32))
        os._exit(0)
    os.waitpid(child, 0)
    from_child = os.read(read, 32)
    os.close(read)
    os.close(write)
    assert from_child != randomness.token_bytes(32)


def test_postgres_reads_skip_begin_and_rollback_writes_stay_transactions(pg_server):
    store = FeedbackStore.open(pg_server.new_database())
    with store._connect() as conn:  # one round trip per read statement
        assert conn.connection.driver_connection.autocommit
    with store._connect(write=True) as conn:
        assert not conn.connection.driver_connection.autocommit
    with store._connect() as conn:  # reads have a pool of their own, in autocommit
        assert conn.connection.driver_connection.autocommit
    store.close()


def test_many_rows_in_one_round_trip_keep_their_order_defaults_and_errors(feedback_db):
    """``many.execute_many``: on PostgreSQL psycopg's pipelined executemany, elsewhere
    SQLAlchemy's; the same ids in row order, the column defaults, SQLAlchemy's errors."""
    store = FeedbackStore.open(feedback_db)
    rows = [
        row_values(Submission("/artikel/x/", "", "lob", f"Text {n}", "", "", "")) for n in range(7)
    ]
    with store.engine.begin() as conn:
        ids = [row[0] for row in execute_many(conn, INSERT, rows)]
    assert len(ids) == 7 and ids == sorted(ids)
    with store.engine.connect() as conn:
        stored = conn.execute(select(feedback.c.id, feedback.c.text, feedback.c.answer_text))
        by_id = {row.id: row for row in stored}
    assert [by_id[i].text for i in ids] == [f"Text {n}" for n in range(7)]
    assert all(by_id[i].answer_text == "" for i in ids)  # a default the rows leave out
    twice = [row_values(Submission("/artikel/x/", "", "lob", "Doppelt", "", "", ""))] * 2
    with pytest.raises(IntegrityError), store.engine.begin() as conn:  # the same token twice
        execute_many(conn, INSERT, twice)
    assert store.count() == 7  # nothing of the failed statement stays
    store.close()

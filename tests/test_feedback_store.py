"""Feedback domain: storage and migrations, moderation, group commit, sanitising, import/export."""

from __future__ import annotations

import asyncio
import csv
import fcntl
import io
import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from conftest import free_port
from sqlalchemy import func, inspect, select, text

from servicekultur.feedback.erasure import erase
from servicekultur.feedback.export import to_csv, to_json
from servicekultur.feedback.model import Conflict, FeedbackError, NotFound, StoreError
from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.renderqueue import RenderQueue
from servicekultur.feedback.sanitize import render_markdown
from servicekultur.feedback.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    database_url,
    feedback,
    make_engine,
    migrate,
    schema_meta,
    schema_version,
)
from servicekultur.feedback.site import load_site_feedback
from servicekultur.feedback.stats import percentile, site_stats, summarize
from servicekultur.feedback.store import FeedbackStore, lock_path, row_values
from servicekultur.feedback.submission import parse_submission
from servicekultur.feedback.writer import BatchWriter
from servicekultur.importing.comments import import_comments, import_wxr

FORM = {"page": "/artikel/x/", "type": "frage", "text": "Wie **genau**?", "consent": "on"}


@pytest.fixture
def store(feedback_db):
    store = FeedbackStore.open(feedback_db)
    yield store
    store.close()


def test_migrations_run_in_order_and_are_recorded(feedback_db):
    engine = make_engine(feedback_db)
    with engine.begin() as conn:  # a database left at version 1
        schema_meta.create(conn)
        MIGRATIONS[0](conn)
        conn.execute(schema_meta.insert().values(key="version", value="1"))
    assert migrate(engine) == SCHEMA_VERSION == 4
    assert migrate(engine) == 4  # idempotent
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        indexes = {i["name"]: i for i in inspect(conn).get_indexes("feedback")}
        assert indexes["ux_feedback_source_id"]["unique"]
        assert indexes["ux_feedback_confirm_token"]["unique"]
        assert {"admin_sessions", "rate_events", "token_claims", "render_queue"} <= set(
            inspect(conn).get_table_names()
        )
        assert {"ix_feedback_page_status", "ix_feedback_status_created"} <= set(indexes)
        assert conn.execute(select(func.count()).select_from(schema_meta)).scalar() == 1
    store = FeedbackStore(engine)
    store.add(parse_submission(FORM), source_id="wxr:x#1")
    with pytest.raises(Conflict, match="schon gespeichert"):
        store.add(parse_submission(FORM), source_id="wxr:x#1")
    assert store.count() == 1
    store.close()


def test_servers_starting_at_once_migrate_once(feedback_db):
    """Several service processes start on one fresh database: one migrates, the others wait
    (a file lock next to SQLite, an advisory lock on PostgreSQL)."""
    barrier = threading.Barrier(6)
    errors: list[Exception] = []

    def start() -> None:
        barrier.wait()
        try:
            FeedbackStore.open(feedback_db).close()
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    store = FeedbackStore.open(feedback_db)
    with store.engine.connect() as conn:
        assert schema_version(conn) == SCHEMA_VERSION
    store.close()


def test_lifecycle_publish_answer_implement(store):
    item = store.add(parse_submission(FORM))
    assert item.status == "neu" and item.token and not item.visible
    moderation = Moderation(store)
    assert moderation.approve(item.id).status == "veroeffentlicht"
    answered = moderation.answer(item.id, "So *geht* es.", "Katrin Albers")
    assert answered.status == "beantwortet"
    assert answered.answer_html == "<p>So <em>geht</em> es.</p>"
    assert answered.answered >= answered.created
    with pytest.raises(FeedbackError):
        moderation.implemented(item.id, "")
    done = moderation.implemented(item.id, "https://example.org/commit/1")
    assert done.status == "umgesetzt" and done.change_url.endswith("/1")
    assert [i.id for i in store.visible(page="/artikel/x/")] == [item.id]


def test_impossible_transitions_and_unknown_ids(store):
    item = store.add(parse_submission(FORM))
    Moderation(store).reject(item.id)
    with pytest.raises(FeedbackError, match="nicht beantwortet"):
        store.answer(item.id, "Antwort", "R")
    with pytest.raises(NotFound):
        store.get(999)
    with pytest.raises(NotFound):
        store.by_token("nicht-da")


def test_erasure_and_retention(store):
    keep = store.add(parse_submission(FORM))
    gone = store.add(parse_submission(FORM))
    erase(store, gone.token)
    with pytest.raises(NotFound):
        store.by_token(gone.token)
    old = store.add(parse_submission(FORM), created=datetime(2020, 1, 1))
    store.set_status(old.id, "abgelehnt")
    assert store.purge_rejected(30) == 1
    assert store.count() == 1 and store.get(keep.id)


def test_group_commit_acknowledges_every_row(store):
    writer = BatchWriter(store)
    sub = parse_submission(FORM)
    rows = [row_values(sub) for _ in range(500)]

    futures = [writer.submit_future(row) for row in rows]
    ids = [future.result(timeout=30) for future in futures]
    writer.close()
    assert len(set(ids)) == 500
    assert store.existing_tokens(r["token"] for r in rows) == {r["token"] for r in rows}


def test_group_commit_under_concurrency_loses_no_write(feedback_db):
    """Two service processes (a writer each) and many request threads: every acknowledged
    submission is stored once, with its own id."""
    stores = [FeedbackStore.open(feedback_db) for _ in range(2)]
    writers = [BatchWriter(store, lock_path(feedback_db)) for store in stores]
    sub = parse_submission(FORM)
    acked: list[tuple[int, str]] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        for _ in range(60):  # one at a time, like a reader waiting for the answer
            row = row_values(sub, text=f"Client {n}")
            new_id = writers[n % 2].submit_future(row).result(timeout=30)
            with lock:
                acked.append((new_id, row["token"]))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for writer in writers:
        writer.close()
    assert len(acked) == 480
    assert len({new_id for new_id, _ in acked}) == 480
    tokens = {token for _, token in acked}
    assert stores[0].existing_tokens(tokens) == tokens and stores[0].count() == 480
    stored = {item.id: item.token for item in stores[1].items()}
    assert all(stored[new_id] == token for new_id, token in acked)
    for store in stores:
        store.close()


def test_group_commit_on_the_loop_answers_every_waiting_request(tmp_path):
    """SQLite: batches run on the requests' own loop. Two writers (two server processes) share
    the file lock; while it is held elsewhere, submissions wait and then go in together; a
    reader who leaves (a cancelled request) costs the others nothing."""
    url = f"sqlite:///{tmp_path / 'fb.sqlite3'}"
    stores = [FeedbackStore.open(url) for _ in range(2)]
    writers = [BatchWriter(store, lock_path(url), on_loop=True) for store in stores]
    sub = parse_submission(FORM)
    rows = [row_values(sub, text=f"Nr. {n}") for n in range(300)]

    async def main(held) -> list:
        tasks = [asyncio.ensure_future(writers[n % 2].submit(r)) for n, r in enumerate(rows)]
        await asyncio.sleep(0)  # every request is waiting now
        assert not any(task.done() for task in tasks)  # nothing acknowledged before a commit
        tasks[7].cancel()
        threading.Timer(0.1, fcntl.flock, (held, fcntl.LOCK_UN)).start()
        return await asyncio.gather(*tasks, return_exceptions=True)

    with open(lock_path(url), "a+b") as held:  # another process is committing for 0.1 s
        fcntl.flock(held, fcntl.LOCK_EX)
        with ThreadPoolExecutor(1) as thread:  # a loop of its own (another test's may run here)
            answers = thread.submit(asyncio.run, main(held)).result(timeout=60)
    assert isinstance(answers[7], asyncio.CancelledError)
    ids = [answer for answer in answers if isinstance(answer, int)]
    assert len(ids) == 299 and len(set(ids)) == 299
    assert stores[1].count() == 300  # the cancelled one was committed, just not answered
    stored = {item.id: item.token for item in stores[0].items()}
    answered = [(i, row) for i, row in zip(answers, rows, strict=True) if isinstance(i, int)]
    assert all(stored[i] == row["token"] for i, row in answered)
    with pytest.raises(RuntimeError):
        writers[0].submit_future(rows[0])
    for writer, store in zip(writers, stores, strict=True):
        writer.close()
        store.close()


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("[x](javascript:alert(1))", '<a rel="nofollow ugc noopener">x</a>'),
        ("**fett** und *kursiv*", "<strong>fett</strong> und <em>kursiv</em>"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("- eins\n- zwei", "<ul>\n<li>eins</li>\n<li>zwei</li>\n</ul>"),
    ],
)
def test_markdown_subset_is_sanitised(source, expected):
    assert expected in render_markdown(source)


def test_stats_summary_and_percentiles(store):
    now = datetime.now(UTC)
    items = []
    for hours, kind in ((2, "frage"), (10, "lob"), (48, "frage")):
        item = store.add(
            parse_submission({**FORM, "type": kind}),
            created=(now - timedelta(hours=hours)).replace(tzinfo=None),
        )
        items.append(store.answer(item.id, "Danke", "R"))
    items.append(store.add(parse_submission(FORM)))
    summary = summarize(items)
    assert summary.total == 4 and summary.by_type == {"lob": 1, "frage": 3}
    assert summary.share_answered == 75
    assert round(summary.median_hours) == 10
    stats = site_stats(items, now)
    assert [i.id for i in stats.open_questions] == [items[3].id]
    assert percentile([1, 2, 3, 4], 0.5) == 2.5 and percentile([], 0.9) is None


WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><item><title>Angebot</title><wp:post_name>angebot-ohne-antwort</wp:post_name>
<wp:post_type>post</wp:post_type>
<wp:comment><wp:comment_id>7</wp:comment_id><wp:comment_author>Jana</wp:comment_author>
<wp:comment_author_email>jana@example.org</wp:comment_author_email>
<wp:comment_author_IP>203.0.113.9</wp:comment_author_IP>
<wp:comment_date_gmt>2024-05-02 10:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Wie lange <b>darf</b> man warten?]]></wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>0</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>
<wp:comment><wp:comment_id>8</wp:comment_id><wp:comment_author>Redaktion</wp:comment_author>
<wp:comment_date_gmt>2024-05-03 09:00:00</wp:comment_date_gmt>
<wp:comment_content>Zwei Wochen sind fair.</wp:comment_content>
<wp:comment_approved>1</wp:comment_approved><wp:comment_type></wp:comment_type>
<wp:comment_parent>7</wp:comment_parent><wp:comment_user_id>1</wp:comment_user_id></wp:comment>
<wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_author>Bot</wp:comment_author>
<wp:comment_date_gmt>2024-05-04 09:00:00</wp:comment_date_gmt>
<wp:comment_content>Billig kaufen</wp:comment_content>
<wp:comment_approved>spam</wp:comment_approved><wp:comment_type></wp:comment_type>
<wp:comment_parent>0</wp:comment_parent><wp:comment_user_id>0</wp:comment_user_id></wp:comment>
</item></channel></rss>
"""


def test_wxr_import_attaches_comments_and_answers(store, tmp_path):
    path = tmp_path / "blog.xml"
    path.write_text(WXR, encoding="utf-8")
    report = import_wxr(store, path)
    assert (report.imported, report.answers, report.skipped) == (1, 1, 1)
    (item,) = store.items()
    assert item.page == "/artikel/angebot-ohne-antwort/"
    assert item.type == "frage" and item.status == "beantwortet" and item.name == "Jana"
    assert item.text == "Wie lange darf man warten?"
    assert item.answer_text == "Zwei Wochen sind fair." and item.email == ""
    assert item.created == datetime(2024, 5, 2, 10, tzinfo=UTC)
    again = import_wxr(store, path)
    assert again.imported == 0 and again.already == 1 and store.count() == 1


def test_wxr_import_rejects_broken_files(store, tmp_path):
    path = tmp_path / "kaputt.xml"
    path.write_text("<rss><channel><item>", encoding="utf-8")
    with pytest.raises(FeedbackError, match="keine lesbare WordPress-Exportdatei"):
        import_wxr(store, path)


def test_export_json_and_csv(store):
    store.add(parse_submission({**FORM, "text": '=HYPERLINK("x")', "email": "a@b.de"}))
    data = json.loads(to_json(store.items()))
    assert data[0]["email"] == "a@b.de" and "token" not in data[0]
    rows = list(csv.DictReader(io.StringIO(to_csv(store.items()))))
    assert rows[0]["text"].startswith("'=")  # no formula injection in spreadsheets
    assert rows[0]["page"] == "/artikel/x/"


def test_late_answers_are_found_by_since(store):
    item = store.add(parse_submission(FORM))
    store.set_status(item.id, "veroeffentlicht")
    built = datetime.now(UTC)
    assert store.visible(page="/artikel/x/", since=built) == []
    store.answer(item.id, "Später beantwortet", "R")
    assert [i.id for i in store.visible(page="/artikel/x/", since=built)] == [item.id]


def test_changes_the_site_shows_queue_their_page_for_the_worker(store):
    queue = RenderQueue(store)
    quiet = store.add(parse_submission(FORM))
    store.set_status(quiet.id, "abgelehnt")  # never shown: nothing to re-render
    assert queue.pending() is None
    item = store.add(parse_submission({**FORM, "page": "/artikel/y/"}))
    store.set_status(item.id, "veroeffentlicht")
    store.answer(item.id, "Danke", "R")
    batch = queue.pending()
    assert batch.pages == ["/artikel/y/"]  # coalesced: two changes, one page
    queue.done(batch.upto)
    assert queue.pending() is None and queue.changed_after(0) == ["/artikel/y/"]
    erase(store, item.token)  # erasing a shown item queues its page again
    assert queue.pending().pages == ["/artikel/y/"]


def test_editor_input_the_database_would_refuse_gets_a_german_error(store):
    """PostgreSQL enforces column widths and refuses NUL characters where SQLite stores
    anything: the store checks first, so both databases behave alike."""
    item = store.add(parse_submission(FORM))
    with pytest.raises(FeedbackError, match="Name unter der Antwort ist zu lang"):
        store.answer(item.id, "Antwort", "R" * 81)
    answered = store.answer(item.id, "Erste\x00 Zeile", "Lea\x00")
    assert (answered.answer_text, answered.answer_author) == ("Erste Zeile", "Lea")
    with pytest.raises(FeedbackError, match="Link ist zu lang"):
        store.set_status(item.id, "umgesetzt", "https://example.org/" + "a" * 500)
    done = store.set_status(item.id, "umgesetzt", " https://example.org/1\x00 ")
    assert done.change_url == "https://example.org/1"


def test_wordpress_comments_with_long_names_and_addresses(store):
    page = "/blog/" + "langer-titel-" * 20 + "/"  # 267 characters, as WordPress allows
    comments = [
        {
            "id": "1",
            "parent": "",
            "page_url": page,
            "text": "Gilt das auch für Vereine?",
            "author": "Leserin mit einem sehr langen Namen " * 4,
            "approved": True,
            "date": "2024-05-02T10:00:00+00:00",
        },
        {
            "id": "2",
            "parent": "1",
            "page_url": page,
            "text": "Ja, auch für Vereine.",
            "author": "Redaktion mit einem sehr langen Namen " * 4,
            "approved": True,
            "date": "2024-05-03T10:00:00+00:00",
            "blog_user": True,
        },
        {"id": "3", "parent": "", "page_url": "/" + "x" * 600 + "/", "text": "Zu weit weg"}
        | {"author": "A", "approved": True, "date": None},
    ]
    report = import_comments(store, comments)
    assert (report.imported, report.answers, report.skipped) == (1, 1, 1)
    (item,) = store.items()
    assert item.page == page and len(item.name) == 80 and len(item.answer_author) == 80
    assert import_comments(store, comments).already == 1 and store.count() == 1


def test_unreachable_database_is_a_store_error_without_the_password():
    url = f"postgresql+psycopg://kb:geheim@127.0.0.1:{free_port()}/feedback"
    with pytest.raises(StoreError, match="nicht erreichbar") as error:
        FeedbackStore.open(url)
    assert "geheim" not in str(error.value) and "***" in str(error.value)
    with pytest.raises(StoreError):
        FeedbackStore(make_engine(url)).items()
    assert load_site_feedback(url).pages == {}  # the build goes on without feedback


def test_postgres_urls_without_a_driver_use_psycopg(pg_server):
    assert database_url("postgres://kb@db/fb").drivername == "postgresql+psycopg"
    assert database_url("postgresql://kb@db/fb").drivername == "postgresql+psycopg"
    assert database_url("sqlite:///var/fb.sqlite3").drivername == "sqlite"
    url = pg_server.new_database().replace("postgresql+psycopg://", "postgres://")
    store = FeedbackStore.open(url)
    assert store.add(parse_submission(FORM)).id == 1
    store.close()


def test_the_build_reads_the_visible_feedback(store, feedback_db):
    question = store.add(parse_submission({**FORM, "item": "punkt-a"}))
    Moderation(store).answer(question.id, "So.", "R")
    store.add(parse_submission(FORM))  # new: not shown
    site = load_site_feedback(feedback_db)
    assert list(site.pages) == ["/artikel/x/"]
    (answered,) = site.for_page("/artikel/x/").by_item["punkt-a"]
    assert answered.answer_html == "<p>So.</p>" and site.stats.answered == 1


def test_domain_errors_carry_no_http_status():
    """Only the web edge (servicekultur/web/errors.py) decides status codes."""
    from servicekultur.web.errors import status_of

    for error in (FeedbackError("x"), NotFound(), Conflict("x"), StoreError("x")):
        assert not hasattr(error, "status")
    assert [status_of(e) for e in (FeedbackError("x"), NotFound(), Conflict("x"))] == [
        400,
        404,
        409,
    ]


def test_the_build_reads_a_database_the_service_has_not_migrated_yet(feedback_db):
    """A schema-2 database (before the opt-in token and the access tables): the build still
    renders its published feedback."""
    engine = make_engine(feedback_db)
    with engine.begin() as conn:
        schema_meta.create(conn)
        MIGRATIONS[0](conn)
        MIGRATIONS[1](conn)
        conn.execute(text("ALTER TABLE feedback DROP COLUMN confirm_token"))
        conn.execute(schema_meta.insert().values(key="version", value="2"))
    with engine.begin() as conn:
        values = row_values(parse_submission(FORM), status="veroeffentlicht")
        values.pop("confirm_token")
        conn.execute(feedback.insert().values(**values))
    engine.dispose()
    site = load_site_feedback(feedback_db)
    assert [i.text for i in site.for_page("/artikel/x/").items] == ["Wie **genau**?"]

"""Feedback domain: storage and migrations, moderation, group commit, sanitising, import/export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from servicekultur.feedback.export import to_csv, to_json
from servicekultur.feedback.model import FeedbackError, NotFound
from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.sanitize import render_markdown
from servicekultur.feedback.schema import MIGRATIONS, SCHEMA_VERSION, make_engine, migrate
from servicekultur.feedback.stats import percentile, site_stats, summarize
from servicekultur.feedback.store import FeedbackStore, row_values
from servicekultur.feedback.submission import parse_submission
from servicekultur.feedback.writer import BatchWriter
from servicekultur.feedback.wxr import import_wxr

FORM = {"page": "/artikel/x/", "type": "frage", "text": "Wie **genau**?", "consent": "on"}


@pytest.fixture
def store(feedback_db):
    store = FeedbackStore.open(feedback_db)
    yield store
    store.close()


def test_migrations_run_in_order_and_are_recorded(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    with engine.begin() as conn:  # a database left at version 1
        from servicekultur.feedback.schema import schema_meta

        schema_meta.create(conn)
        MIGRATIONS[0](conn)
        conn.execute(schema_meta.insert().values(key="version", value="1"))
    assert migrate(engine) == SCHEMA_VERSION == 2
    assert migrate(engine) == 2  # idempotent
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    FeedbackStore(engine).add(parse_submission(FORM), source_id="wxr:x#1")


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
    store.delete_by_token(gone.token)
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


def test_approval_can_start_a_rebuild(store, tmp_path):
    import sys
    import time

    marker = tmp_path / "gebaut.txt"
    script = f"import os; open({str(marker)!r}, 'w').write(os.environ['KB_FEEDBACK_PAGES'])"
    command = f'{sys.executable} -c "{script}"'
    item = store.add(parse_submission(FORM))
    Moderation(store, rebuild_command=command).approve(item.id)
    deadline = time.monotonic() + 20
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.read_text() == "/artikel/x/"

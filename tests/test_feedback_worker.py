"""The build worker: pages re-rendered from the queue are byte-for-byte a full build's; erasure
leaves the text in no page, feed, export or database file; one worker per database."""

from __future__ import annotations

import gzip
import threading
from pathlib import Path

import brotli
from conftest import MINIMAL, ROOT, build_site, write_content
from sqlalchemy import create_engine

from servicekultur.feedback.erasure import erase
from servicekultur.feedback.export import to_csv, to_json
from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.notify import authors_feed
from servicekultur.feedback.renderqueue import RenderQueue
from servicekultur.feedback.store import FeedbackStore
from servicekultur.feedback.submission import parse_submission
from servicekultur.publishing.lock import WorkerLock
from servicekultur.publishing.pages import STAMP
from servicekultur.publishing.worker import BuildWorker

ARTICLE = "/artikel/erster-artikel/"
CHECKLIST = "/checklisten/checkliste-test/"
OVERRIDES = {"THEME": str(ROOT / "theme"), "PLUGIN_PATHS": [str(ROOT / "plugins")]}
ALL = {"KB_PRECOMPRESS": "alle"}  # .br/.gz beside every page: the worker must keep them true


def _site(tmp_path: Path):
    content = write_content(tmp_path / "content", dict(MINIMAL))
    url = f"sqlite:///{tmp_path / 'state' / 'feedback.sqlite3'}"
    store = FeedbackStore.open(url)
    result = build_site(content, tmp_path / "output", KB_DATABASE_URL=url, **ALL)
    assert result.error is None, result.messages
    worker = BuildWorker(
        ROOT / "pelicanconf.py",
        content,
        tmp_path / "output",
        KB_DATABASE_URL=url,
        **OVERRIDES,
        **ALL,
    )
    assert worker.lock.acquire()
    worker.load()
    return content, url, store, worker


def _send(store: FeedbackStore, page: str, text: str, **extra) -> int:
    data = {"page": page, "type": "frage", "text": text, "consent": "1", **extra}
    return store.add(parse_submission(data)).id


def _plain(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        return gzip.decompress(data)
    return brotli.decompress(data) if path.suffix == ".br" else data


def _tree(output: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(output)): p.read_bytes()
        for p in output.rglob("*")
        if p.is_file() and p.name != STAMP
    }


def test_worker_pages_are_byte_for_byte_what_a_full_build_writes(tmp_path):
    content, url, store, worker = _site(tmp_path)
    output = tmp_path / "output"
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*.html")}
    moderation = Moderation(store)
    question = _send(store, ARTICLE, "Gilt das *immer*?", name="Jana")
    moderation.answer(question, "Fast immer.", "Katrin Albers")
    on_item = _send(store, CHECKLIST, "Welche Frist?", item="frist-nennen")
    moderation.approve(on_item)
    _send(store, ARTICLE, "Noch nicht freigegeben")
    assert worker.step() and not worker.step()  # one batch for the burst, then nothing waits
    assert RenderQueue(store).pending() is None
    changed = sorted(
        str(p.relative_to(output)) for p, t in before.items() if p.stat().st_mtime_ns != t
    )
    assert (output / ARTICLE.strip("/") / "index.html.br").is_file()  # rewritten beside it
    assert changed == [
        "artikel/erster-artikel/index.html",
        "checklisten/checkliste-test/index.html",
        "feedback/index.html",
    ]  # only the pages whose feedback changed, and the Feedback page: no full build
    page = (output / ARTICLE.strip("/") / "index.html").read_text("utf-8")
    assert "Gilt das <em>immer</em>?" in page and "Fast immer." in page
    assert "Noch nicht freigegeben" not in page
    reference = build_site(content, tmp_path / "full" / "output", KB_DATABASE_URL=url, **ALL)
    assert reference.error is None
    assert _tree(output) == _tree(tmp_path / "full" / "output")
    assert not list(output.rglob(".kb-*.tmp"))  # every replacement completed


def test_erasure_leaves_no_copy_in_pages_feeds_export_or_database_files(tmp_path):
    _content, _url, store, worker = _site(tmp_path)
    output = tmp_path / "output"
    secret, address = "Unverwechselbar-Geheimtext-4711", "jana.erasure@example.org"
    item = _send(store, ARTICLE, secret, email=address)
    Moderation(store).answer(item, f"Antwort auf {secret}", "Redaktion")
    for n in range(40):  # other feedback around it, on the same database pages
        Moderation(store).approve(_send(store, ARTICLE, f"Anderes Feedback {n} " + "x" * 200))
    worker.step()
    assert secret in (output / ARTICLE.strip("/") / "index.html").read_text("utf-8")
    token = store.get(item).token

    erased = erase(store, token)
    assert erased.was_public and erased.scrubbed
    assert (tmp_path / "state" / "feedback.sqlite3-wal").stat().st_size == 0  # truncated
    worker.step()
    site_files = [p for p in output.rglob("*") if p.is_file()]
    assert [p for p in site_files if secret.encode() in _plain(p)] == []  # .br/.gz unpacked
    assert list(output.rglob("*.atom.xml"))  # the feeds were checked too
    everything = store.items()
    assert secret not in to_json(everything) + to_csv(everything)  # the exports
    assert secret not in authors_feed(everything, "http://127.0.0.1:8000")  # the editors' feed
    database = sorted((tmp_path / "state").glob("feedback.sqlite3*"))
    assert [p.name for p in database if secret.encode() in p.read_bytes()] == []
    assert [p.name for p in database if address.encode() in p.read_bytes()] == []
    worker.lock.release()


def test_one_active_worker_per_database(tmp_path, feedback_db):
    engine = create_engine(feedback_db) if "postgresql" in feedback_db else None
    store = FeedbackStore.open(feedback_db)
    first = WorkerLock(feedback_db, engine or store.engine)
    second = WorkerLock(feedback_db, engine or store.engine)
    assert first.acquire() and first.held()
    assert not second.acquire()  # on standby while the first works
    first.release()
    assert second.acquire()  # takes over once the first is gone
    second.release()
    store.close()


def test_a_full_build_meanwhile_is_caught_up(tmp_path):
    """A build that read the feedback before a change may overwrite the worker's page; its
    stamp makes the worker load the site again and render that page once more."""
    content, _url, store, worker = _site(tmp_path)
    stop = threading.Event()
    moderation = Moderation(store)
    late = _send(store, ARTICLE, "Kam während des Builds")
    moderation.approve(late)
    worker.step()
    page = tmp_path / "output" / ARTICLE.strip("/") / "index.html"
    assert "Kam während des Builds" in page.read_text("utf-8")
    # a full build with the state before the approval (as if it read the database earlier)
    stale = FeedbackStore.open(f"sqlite:///{tmp_path / 'stale.sqlite3'}")
    stale.close()
    build_site(
        content, tmp_path / "output", KB_DATABASE_URL=f"sqlite:///{tmp_path / 'stale.sqlite3'}"
    )
    assert "Kam während des Builds" not in page.read_text("utf-8")
    thread = threading.Thread(target=worker.work, args=(stop,), daemon=True)
    thread.start()
    try:
        for _ in range(100):
            if "Kam während des Builds" in page.read_text("utf-8"):
                break
            stop.wait(0.1)
        assert "Kam während des Builds" in page.read_text("utf-8")
    finally:
        stop.set()
        thread.join(timeout=10)
        worker.lock.release()

"""The index job: a worker forked at the start of the build plans and writes the index; its
twin in the build's own process gives the same key terms and the same index."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import weakref

import pytest

from servicekultur.forking import ChildFailed, Worker
from servicekultur.search.build import job
from servicekultur.search.build.generations import publish
from servicekultur.search.build.job import IndexJob
from servicekultur.search.store.layout import stored_documents
from tests.test_search_store_writer import corpus


def _echo(channel, factor):
    while True:
        value = channel.receive()
        if value == "kaputt":
            raise ValueError("kaputt")
        channel.send(value * factor)


def test_a_worker_answers_what_it_is_sent_and_reports_its_error():
    worker = Worker(_echo, 3)
    worker.send(2)
    assert worker.receive() == 6
    worker.send("ab")
    assert worker.receive() == "ababab"
    worker.send("kaputt")
    with pytest.raises(ChildFailed, match="ValueError: kaputt"):
        worker.receive()
    worker.stop()


def test_a_worker_whose_parent_gives_up_ends_quietly(tmp_path):
    script = (
        "import time\n"
        "from servicekultur.forking import Worker\n"
        "def work(channel):\n    channel.receive()\n    time.sleep(0.5)\n    channel.send(1)\n"
        "w = Worker(work)\nw.send('los')\nraise SystemExit(1)\n"  # gone before the answer
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    done = subprocess.run([sys.executable, "-c", script], cwd=root, timeout=30, capture_output=True)
    assert done.returncode == 1 and b"Traceback" not in done.stderr


def test_a_worker_left_waiting_does_not_keep_its_parent_from_ending():
    script = (
        "from servicekultur.forking import Worker\n"
        "def wait(channel):\n    channel.receive()\n"
        "w = Worker(wait)\n"  # never sent anything, never stopped
    )
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    subprocess.run([sys.executable, "-c", script], cwd=root, timeout=30, check=True)


def _key_terms_and_index(tmp_path, background: bool):
    documents = corpus(120)
    index_job = IndexJob(tmp_path / "index", 1, background)
    terms = index_job.key_terms(iter(documents))
    report = index_job.wait()
    publish(tmp_path / "index", report.generation)
    stored = sorted((d.id, d.title, d.body) for d in stored_documents(report.generation))
    return dict(terms.items()), stored, (report.analysed, report.reused, report.changed)


def test_the_forked_job_equals_the_job_in_this_process(tmp_path, monkeypatch):
    monkeypatch.setattr(job, "BATCH", 7)  # the documents go over in many batches
    forked = _key_terms_and_index(tmp_path / "forked", background=True)
    here = _key_terms_and_index(tmp_path / "here", background=False)
    assert forked == here
    assert forked[2] == (len(corpus(120)), 0, True)
    again = IndexJob(tmp_path / "forked" / "index", 1, True)  # nothing changed: nothing written
    assert dict(again.key_terms(corpus(120)).items()) == forked[0]
    assert again.wait().changed is False


def test_the_build_goes_on_while_the_index_is_planned(tmp_path, monkeypatch):
    """``hand_over`` returns before the plan is made: the build works meanwhile (kb_redirects
    writes its pages) and takes the key terms later, the same as in one call."""
    gate, seen = tmp_path / "build-went-on", tmp_path / "gate-seen"
    real = job.plan_and_write

    def plan_when_the_build_went_on(*args):
        for _ in range(400):  # up to 20 s: the build must get here without the key terms
            if gate.exists():
                seen.touch()
                break
            time.sleep(0.05)
        return real(*args)

    monkeypatch.setattr(job, "plan_and_write", plan_when_the_build_went_on)
    index_job = IndexJob(tmp_path / "index", 1, True)
    index_job.hand_over(iter(corpus(120)))
    gate.touch()  # work of the build while the worker plans
    planned = index_job.planned()
    terms = dict(planned.items())
    held = weakref.ref(planned)
    del planned
    assert held() is None  # handed out: the job keeps no reference to them
    with pytest.raises(RuntimeError):
        index_job.planned()
    assert index_job.wait().changed and seen.exists()
    assert terms == _key_terms_and_index(tmp_path / "here", background=False)[0]

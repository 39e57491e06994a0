"""plugins/kb_feedback: published feedback rendered into the static pages at build time."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from servicekultur.feedback.moderation import Moderation
from servicekultur.feedback.store import FeedbackStore
from servicekultur.feedback.submission import parse_submission

ROOT = Path(__file__).resolve().parent.parent


def test_builds_without_a_database(make_site, tmp_path):
    site = make_site(KB_DATABASE_URL=f"sqlite:///{tmp_path / 'fehlt.sqlite3'}")
    assert site.error is None
    html = site.read("artikel/erster-artikel/")
    assert 'id="feedback"' in html and "data-feedback-form" in html
    assert 'href="/datenschutz/#feedback-formular"' in html
    checklist = site.read("checklisten/checkliste-test/")
    assert '<option value="frist-nennen">1. Frist nennen</option>' in checklist  # one form a page
    assert "keine veröffentlichte Frage offen" in site.read("feedback/")


def test_a_build_without_a_database_does_not_load_sqlalchemy(tmp_path):
    """Every plugin imported and the feedback read from a missing file: SQLAlchemy (15 MiB,
    a third of a second) stays out of the build and of its forked index worker."""
    probe = (
        "import sys\n"
        "import plugins.kb_content, plugins.kb_redirects, plugins.kb_workshop\n"
        "import plugins.kb_search, plugins.kb_delivery, plugins.kb_feedback\n"
        "from servicekultur.feedback.site import load_site_feedback\n"
        f"assert load_site_feedback('sqlite:///{tmp_path}/fehlt.sqlite3').pages == {{}}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_published_feedback_answers_and_summary_are_rendered(make_site, feedback_db):
    url = feedback_db  # the build reads SQLite files and PostgreSQL alike
    store = FeedbackStore.open(url)
    moderation = Moderation(store)
    page = "/artikel/erster-artikel/"
    created = (datetime.now() - timedelta(days=2)).replace(microsecond=0)
    question = store.add(
        parse_submission(
            {
                "page": page,
                "type": "frage",
                "text": "Was ist *fair*?",
                "consent": "1",
                "name": "Jana <b>",
            }
        ),
        created=created,
    )
    moderation.answer(question.id, "Eine Antwort in **Tagen**.", "Katrin Albers")
    praise = store.add(
        parse_submission({"page": page, "type": "lob", "text": "Gut!", "consent": "1"})
    )
    moderation.approve(praise.id)
    store.add(
        parse_submission({"page": page, "type": "kritik", "text": "Noch geheim", "consent": "1"})
    )  # new: not shown
    open_q = store.add(
        parse_submission(
            {
                "page": "/checklisten/checkliste-test/",
                "item": "frist-nennen",
                "type": "frage",
                "text": "Welche Frist?",
                "consent": "1",
            }
        )
    )
    moderation.approve(open_q.id)
    store.close()
    site = make_site(KB_DATABASE_URL=url)
    assert site.error is None
    html = site.read("artikel/erster-artikel/")
    assert "Was ist <em>fair</em>?" in html and "Jana &lt;b&gt;" in html
    assert "Eine Antwort in <strong>Tagen</strong>." in html and "Katrin Albers" in html
    assert "Noch geheim" not in html
    assert "2 Rückmeldungen" in html and "50 % beantwortet" in html
    assert "Antwort im Mittel nach 2 Tagen" in html
    checklist = site.read("checklisten/checkliste-test/")
    assert "Welche Frist?" in checklist and 'id="feedback-liste-frist-nennen"' in checklist
    overview = site.read("feedback/")
    assert "Welche Frist?" in overview and "innerhalb von 2 Tagen" in overview


def test_imported_history_keeps_its_dates_in_the_statistics(make_site, tmp_path):
    """A WordPress reply five hours after its comment: 5 hours, not the days since the import."""
    from servicekultur.importing.comments import import_comments

    url = f"sqlite:///{tmp_path / 'fb.sqlite3'}"
    store = FeedbackStore.open(url)
    page = "/artikel/erster-artikel/"
    common = {"post_url": "https://blog.example/x/", "page_url": page, "post_title": "X"}
    report = import_comments(
        store,
        [
            {**common, "id": "1", "author": "Leserin", "email": "", "parent": None,
             "date": "2019-03-01T10:00:00+00:00", "text": "Gilt das auch 2019?", "approved": True},
            {**common, "id": "2", "author": "Redaktion", "email": "", "parent": "1",
             "date": "2019-03-01T15:00:00+00:00", "text": "Ja.", "approved": True,
             "blog_user": True},
        ],
    )  # fmt: skip
    assert (report.imported, report.answers) == (1, 1)
    (item,) = store.visible()
    assert item.created.year == 2019 and (item.answered - item.created).total_seconds() == 5 * 3600
    store.close()
    site = make_site(KB_DATABASE_URL=url)
    assert "Antwort im Mittel nach 5 Stunden" in site.read(page)
    overview = site.read("feedback/")
    assert "ursprünglichen Daten" in overview  # said on the page
    assert "In diesem Zeitraum haben wir noch keine Rückmeldung beantwortet" in overview  # 2019

"""A live round through the service (app factory, temporary database, SQLite and PostgreSQL):
the trainer starts it without an account, teams vote with and without JavaScript, limits fit a
room behind one Wi-Fi, forms are CSRF-safe, bad input never gets a 500, exports, retention."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from servicekultur.config import Settings
from servicekultur.web import create_app
from servicekultur.workshop.rounds.catalog import write_catalog
from servicekultur.workshop.rounds.schema import rounds as rounds_table

CATALOG = {
    "public_url": "http://192.0.2.2:8000",
    "checklists": [
        {
            "slug": "rueckmeldung",
            "title": "Rückmeldung in 48 Stunden",
            "items": [
                {"id": "eingang", "text": "Eingang bestätigen"},
                {"id": "person", "text": "Zuständige Person nennen"},
                {"id": "frist", "text": "Frist nennen"},
            ],
        },
        {
            "slug": "angebot",
            "title": "Faires Angebot",
            "items": [{"id": "bedarf", "text": "Bedarf"}],
        },
    ],
    "sets": [{"name": "tag", "title": "Teamtag", "selection": "rueckmeldung,angebot"}],
}
TOKEN = re.compile(r'name="token" value="([^"]+)"')


def settings_for(tmp_path, database: str, **overrides) -> Settings:
    output = tmp_path / "output"
    write_catalog(output, CATALOG)
    return Settings(
        output_dir=output,
        state_dir=tmp_path / "state",
        database_url=database,
        secret_key="test-" + "k" * 40,
        public_url="http://192.0.2.2:8000",
        **overrides,
    )


@pytest.fixture
def app(tmp_path, feedback_db):
    return create_app(settings_for(tmp_path, feedback_db))


@pytest.fixture
def trainer(app):
    with TestClient(app) as client:  # runs the lifespan: stores open, purge
        yield client


@pytest.fixture
def sqlite_app(tmp_path):
    """For what does not depend on the database: limits, forms, bad input."""
    return create_app(settings_for(tmp_path, f"sqlite:///{tmp_path / 'fb.sqlite3'}"))


@pytest.fixture
def sqlite_trainer(sqlite_app):
    with TestClient(sqlite_app) as client:
        yield client


def token_of(html: str) -> str:
    return TOKEN.search(html)[1]


def start_round(trainer: TestClient, choice: str = "rueckmeldung", title: str = "") -> str:
    page = trainer.get("/workshop/neu")
    assert page.status_code == 200
    answer = trainer.post(
        "/workshop/neu",
        data={"token": token_of(page.text), "auswahl": choice, "titel": title},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    return answer.headers["location"].split("/")[2]


class Phone:
    """One participant's browser: joins through the code, votes by form or script."""

    def __init__(self, app, code: str) -> None:
        self.client = TestClient(app)
        self.code = code
        joined = self.client.get("/runde/", params={"code": code.upper()})
        assert joined.status_code == 200 and joined.url.path == f"/runde/{code}"
        self.token = token_of(joined.text)

    def vote(self, *positions: int, script: bool = False, **extra):
        data = {"token": self.token, "punkt": [str(p) for p in positions], **extra}
        path = f"/runde/{self.code}/stimme" if script else f"/runde/{self.code}"
        return self.client.post(path, data=data, follow_redirects=False)


def test_a_round_from_start_to_export(app, trainer):
    code = start_round(trainer, title="Teamtag Kundenservice")
    control = trainer.get(f"/runde/{code}/leitung")
    secret = re.search(r"data-round-secret>([^<]+)<", control.text)[1]
    assert re.fullmatch(r"(?:[a-z0-9]{4}-){3}[a-z0-9]{4}", secret)
    assert "nur dieses eine Mal" in control.text and code.upper() in control.text
    assert "data-round-secret" not in trainer.get(f"/runde/{code}/leitung").text  # once only
    first, second, third = Phone(app, code), Phone(app, code), Phone(app, code)
    done = first.vote(0, 1)
    assert done.status_code == 303 and done.headers["location"] == f"/runde/{code}?gespeichert=1"
    page = first.client.get(done.headers["location"])
    assert "Gespeichert" in page.text and 'value="0" id="punkt-0" checked' in page.text
    assert second.vote(0, script=True).json()["ok"] is True
    assert third.vote(script=True).status_code == 200  # nothing ticked is a vote too
    assert first.vote(0, 1, 2, script=True).status_code == 200  # changed, still one vote
    state = trainer.get(f"/runde/{code}/stand").json()
    assert state["teams"] == 3
    assert [(i["text"], i["label"]) for i in state["items"]] == [
        ("Zuständige Person nennen", "1 von 3 Teams erfüllt das"),
        ("Frist nennen", "1 von 3 Teams erfüllt das"),
        ("Eingang bestätigen", "2 von 3 Teams erfüllen das"),
    ]
    assert trainer.get(f"/runde/{code}/stand", params={"v": state["version"]}).json() == {
        "version": state["version"],
        "unchanged": True,
    }
    projector = trainer.get(f"/runde/{code}/projektor")
    assert "2 von 3 Teams erfüllen das" in projector.text and "<svg" in projector.text
    assert "<strong>192.0.2.2:8000/runde</strong>" in projector.text
    unconfirmed = trainer.post(f"/runde/{code}/schliessen", data={"token": token_of(control.text)})
    assert unconfirmed.status_code == 400 and "bestätigen" in unconfirmed.text
    closed = trainer.post(
        f"/runde/{code}/schliessen",
        data={"token": token_of(control.text), "bestaetigt": "ja"},
        follow_redirects=False,
    )
    assert closed.status_code == 303
    late = second.vote(1, script=True)
    assert late.status_code == 409 and "beendet" in late.json()["error"]
    assert "beendet" in second.vote(1).text
    csv = trainer.get(f"/runde/{code}/ergebnis.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv.headers["content-disposition"]
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == f"Runde;{code.upper()};Teamtag Kundenservice"
    assert lines[4] == "1;2;Zuständige Person nennen;Rückmeldung in 48 Stunden;1;3;33"
    pdf = trainer.get(f"/runde/{code}/ergebnis.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf.content)
    assert len(document) == 1
    text = document[0].get_textpage().get_text_range()
    assert "Teamtag Kundenservice" in text and "2 von 3" in text and "3 Teams" in text


def test_the_trainer_pages_need_the_key_and_it_works_on_another_device(app, trainer):
    code = start_round(trainer, "set:tag")
    secret = re.search(r"data-round-secret>([^<]+)<", trainer.get(f"/runde/{code}/leitung").text)[1]
    other = TestClient(app)
    for path in ("stand", "ergebnis.csv", "ergebnis.pdf"):
        assert other.get(f"/runde/{code}/{path}").status_code == 403
    assert other.get(f"/runde/{code}/projektor", follow_redirects=False).status_code == 303
    login = other.get(f"/runde/{code}/leitung")
    assert "Schlüssel der Runde" in login.text
    wrong = other.post(
        f"/runde/{code}/leitung", data={"token": token_of(login.text), "schluessel": "falsch"}
    )
    assert wrong.status_code == 403 and "passt nicht" in wrong.text
    right = other.post(
        f"/runde/{code}/leitung",
        data={"token": token_of(login.text), "schluessel": secret.upper().replace("-", " ")},
        follow_redirects=False,
    )
    assert right.status_code == 303
    assert other.get(f"/runde/{code}/stand").json()["teams"] == 0
    assert "Teamtag" in other.get(f"/runde/{code}/leitung").text
    for _ in range(12):  # guessing keys is stopped
        last = other.post(
            f"/runde/{code}/leitung", data={"token": token_of(login.text), "schluessel": "x"}
        )
    assert last.status_code == 429 and int(last.headers["retry-after"]) > 0


def test_thirty_phones_behind_one_address_fit_while_a_flood_is_stopped(sqlite_app, sqlite_trainer):
    app, trainer = sqlite_app, sqlite_trainer
    code = start_round(trainer)
    phones = [Phone(app, code) for _ in range(30)]
    for step in range(5):  # every phone changes its answers five times in a minute
        for n, phone in enumerate(phones):
            answer = phone.vote((n + step) % 3, script=True)
            assert answer.status_code == 200, answer.text
    assert trainer.get(f"/runde/{code}/stand").json()["teams"] == 30
    flood = phones[0]
    statuses = [flood.vote(1, script=True).status_code for _ in range(40)]
    assert statuses.count(200) == 30 - 5 and statuses[-1] == 429  # KB_WORKSHOP_VOTE_LIMIT
    assert "Retry-After" in flood.vote(1, script=True).headers
    cookieless = TestClient(app).post(
        f"/runde/{code}/stimme", data={"token": flood.token, "punkt": "1"}
    )
    assert cookieless.status_code == 403 and "Cookie" in cookieless.json()["error"]


def test_new_devices_from_one_address_are_capped(tmp_path):
    database = f"sqlite:///{tmp_path / 'fb.sqlite3'}"
    app = create_app(settings_for(tmp_path, database, workshop_address_limit=20))
    with TestClient(app) as trainer:
        code = start_round(trainer)
        statuses = [TestClient(app).get(f"/runde/{code}").status_code for _ in range(25)]
    assert statuses.count(200) == 20 and statuses[-1] == 429


def test_forms_from_other_sites_and_forged_tokens_are_refused(sqlite_app, sqlite_trainer):
    app, trainer = sqlite_app, sqlite_trainer
    code = start_round(trainer)
    phone, other = Phone(app, code), Phone(app, code)
    for headers in ({"Origin": "https://evil.example"}, {"Origin": "null"}):
        answer = phone.client.post(
            f"/runde/{code}", data={"token": phone.token, "punkt": "1"}, headers=headers
        )
        assert answer.status_code == 403 and "fremden Seiten" in answer.text
    own = phone.client.post(
        f"/runde/{code}/stimme",
        data={"token": phone.token, "punkt": "1"},
        headers={"Origin": "http://192.0.2.2:8000"},  # the public address
    )
    assert own.status_code == 200
    for token in ("", "x" * 64, other.token):  # another device's token does not fit
        answer = phone.vote(1, token=token)
        assert answer.status_code == 403 and "ungültig" in answer.text
    page = trainer.get("/workshop/neu")
    stale = trainer.post("/workshop/neu", data={"token": "abc", "auswahl": "rueckmeldung"})
    assert stale.status_code == 403 and "ungültig" in stale.text
    control = trainer.get(f"/runde/{code}/leitung")
    foreign = trainer.post(
        f"/runde/{code}/schliessen",
        data={"token": token_of(page.text), "bestaetigt": "ja"},  # a token of another form
    )
    assert foreign.status_code == 403
    assert "läuft" in trainer.get(f"/runde/{code}/leitung").text
    assert token_of(control.text)


BAD_REQUESTS = [
    ("GET", "/runde/%00", {}),
    ("GET", "/runde/..%2f..%2fetc", {}),
    ("GET", "/runde/ABCDEFGHIJKLMNOP", {}),
    ("GET", "/runde/?code=" + "x" * 5000, {}),
    ("GET", "/runde/?code=%FF%FE", {}),
    ("GET", "/runde/zzzzz", {}),
    ("GET", "/runde/zzzzz/projektor", {}),
    ("GET", "/runde/zzzzz/stand?v=abc", {}),
    ("GET", "/runde/zzzzz/ergebnis.pdf", {}),
    ("GET", "/workshop/neu?auswahl=" + "a," * 3000, {}),
    ("GET", "/workshop/neu?auswahl=%FF&titel=%00", {}),
    (
        "POST",
        "/workshop/neu",
        {"content": b"\xff\xfe", "headers": {"content-type": "application/x-www-form-urlencoded"}},
    ),
    ("POST", "/workshop/neu", {"json": {"auswahl": "rueckmeldung"}}),
    ("POST", "/workshop/neu", {"data": {"auswahl": "a" * 10000, "titel": "\x00" * 50}}),
    (
        "POST",
        "/workshop/neu",
        {
            "content": "&".join(f"f{i}=1" for i in range(500)),
            "headers": {"content-type": "application/x-www-form-urlencoded"},
        },
    ),
    ("POST", "/runde/zzzzz", {"data": {"punkt": "1"}}),
    ("POST", "/runde/zzzzz/stimme", {"data": {"punkt": "1"}}),
    ("POST", "/runde/zzzzz/leitung", {"data": {"schluessel": "x"}}),
    ("POST", "/runde/zzzzz/schliessen", {"data": {}}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), BAD_REQUESTS)
def test_bad_input_gets_a_german_answer_never_a_500(sqlite_trainer, method, path, kwargs):
    answer = sqlite_trainer.request(method, path, **kwargs)
    assert answer.status_code < 500, answer.text[:300]
    assert "Traceback" not in answer.text and "Internal Server Error" not in answer.text
    if answer.status_code >= 400 and answer.headers["content-type"].startswith("text/html"):
        assert 'lang="de"' in answer.text


@pytest.mark.parametrize(
    "body",
    [
        {"punkt": ["-1"]},
        {"punkt": ["99999999999999999999"]},
        {"punkt": ["x"]},
        {"punkt": ["3"]},
        {"punkt": [str(i) for i in range(85)]},
        {"token": "ä" * 400},
    ],
)
def test_bad_votes_are_explained(sqlite_app, sqlite_trainer, body):
    app, trainer = sqlite_app, sqlite_trainer
    code = start_round(trainer)
    phone = Phone(app, code)
    data = {"token": phone.token, **body}
    for path in (f"/runde/{code}", f"/runde/{code}/stimme"):
        answer = phone.client.post(path, data=data)
        assert 400 <= answer.status_code < 500, answer.text[:300]
    garbled = phone.client.post(
        f"/runde/{code}/stimme",
        content=b"token=\xff&punkt=1",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert garbled.status_code == 400 and garbled.json()["error"]
    wrong_type = phone.client.post(f"/runde/{code}/stimme", json={"punkt": [1]})
    assert wrong_type.status_code == 415


def test_unknown_code_and_unbuilt_site_are_german_pages(tmp_path, feedback_db, trainer):
    missing = trainer.get("/runde/zzzzz")
    assert missing.status_code == 404 and "gibt es nicht" in missing.text
    typo = trainer.get("/runde/?code=K7M2")
    assert typo.status_code == 400 and "fünf Zeichen" in typo.text
    settings = settings_for(tmp_path, feedback_db)
    (settings.output_dir / "workshop" / "runden-katalog.json").unlink()
    with TestClient(create_app(settings)) as bare:
        page = bare.get("/workshop/neu")
    assert page.status_code == 503 and "invoke build" in page.text


def test_rounds_are_deleted_after_their_days_and_at_start_up(tmp_path, feedback_db):
    settings = settings_for(tmp_path, feedback_db)
    app = create_app(settings)
    with TestClient(app) as trainer:
        old, new = start_round(trainer), start_round(trainer)
        store = app.state.rounds.store
        with store.engine.begin() as conn:
            conn.execute(
                update(rounds_table)
                .where(rounds_table.c.code == old)
                .values(created=store.by_code(old).created - timedelta(days=8))
            )
    with TestClient(create_app(settings)) as again:  # a new start purges
        assert again.get(f"/runde/{old}").status_code == 404
        assert again.get(f"/runde/{new}").status_code == 200


def test_round_pages_are_never_cached_or_indexed(sqlite_trainer):
    trainer = sqlite_trainer
    code = start_round(trainer)
    for path in (f"/runde/{code}", f"/runde/{code}/leitung", "/workshop/neu", "/runde/"):
        answer = trainer.get(path)
        assert "no-store" in answer.headers["cache-control"]
        assert "noindex" in answer.headers["x-robots-tag"]
        assert '<meta name="robots" content="noindex, nofollow">' in answer.text

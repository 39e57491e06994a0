"""Feedback service over HTTP: submissions, bad input, abuse protection, status, admin."""

from __future__ import annotations

import re
from contextlib import ExitStack
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from conftest import free_port
from fastapi.testclient import TestClient

from servicekultur.config import Settings, SettingsError
from servicekultur.feedback.model import StoreError
from servicekultur.web import create_app

PAGE = "/artikel/x/"
HTML = (
    '<!DOCTYPE html><html lang="de"><body><section id="feedback">'
    '<input type="hidden" name="form_token" value="__KB_FORM_TOKEN__"></section>'
    '<li data-item="punkt-a"></li></body></html>'
)
PASSWORD = "richtig-geheim"
HASH = PasswordHasher(time_cost=1, memory_cost=8192).hash(PASSWORD)


def make_client(tmp_path: Path, peer: tuple[str, int] | None = None, **overrides) -> TestClient:
    output = tmp_path / "output"
    for page in ("artikel/x", "checklisten/c"):
        (output / page).mkdir(parents=True, exist_ok=True)
        (output / page / "index.html").write_text(HTML, encoding="utf-8")
    (output / "impressum").mkdir(exist_ok=True)
    (output / "impressum" / "index.html").write_text("<p>ohne Feedback</p>", encoding="utf-8")
    values = {
        "output_dir": output,
        "state_dir": tmp_path / "state",
        "min_fill_seconds": 0,
        "admin_password_hash": HASH,
        **overrides,
    }
    if peer is not None:  # the TCP peer the service sees (a proxy, in the proxy tests)
        return TestClient(create_app(Settings(**values)), client=peer)
    return TestClient(create_app(Settings(**values)))


@pytest.fixture
def clients():
    """``clients(tmp_path, **settings)``: a started app (lifespan ran), stopped after the test."""
    with ExitStack() as stack:
        yield lambda where, **overrides: stack.enter_context(make_client(where, **overrides))


@pytest.fixture
def client(tmp_path, feedback_db):
    """The app on an empty SQLite file or PostgreSQL database (``Settings.database_url``)."""
    with make_client(tmp_path, database_url=feedback_db) as client:
        yield client


def token(client: TestClient, page: str = PAGE) -> str:
    """A fresh form token, as the service puts it into ``page`` (tokens are bound to it)."""
    html = client.get(page).text
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def body(client, **changes) -> dict:
    page = changes.get("page")
    data = {
        "page": PAGE,
        "type": "kritik",
        "text": "Der Abschnitt ist unklar.",
        "consent": True,
        "form_token": token(client, page if page in ("/checklisten/c/",) else PAGE),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def stored(client) -> int:
    return client.app.state.feedback.service.store.count()


def test_json_submission_is_stored_and_has_a_secret_status_link(client):
    response = client.post("/api/feedback", json=body(client, email="leser@example.org"))
    assert response.status_code == 201
    reply = response.json()
    assert "Danke" in reply["message"] and reply["status"] == "neu"
    status = client.get("/api/feedback/status/" + reply["status_url"].rsplit("/", 1)[-1]).json()
    assert status["text"] == "Der Abschnitt ist unklar." and status["status"] == "neu"
    assert "email" not in status
    page = client.get(reply["status_url"])
    assert "eingegangen, wird geprüft" in page.text
    mails = client.app.state.feedback.service.notifier.sent
    assert any("bestaetigen" in m.get_content() for m in mails)  # double opt-in mail


def test_no_js_form_redirects_to_confirmation_and_can_erase(client):
    data = body(client, consent="1")
    response = client.post("/feedback/senden", data=data, follow_redirects=False)
    assert response.status_code == 303
    page = client.get(response.headers["location"])
    assert "Danke für Ihre Rückmeldung" in page.text and "antworten in der Regel" in page.text
    assert 'name="form_token"' not in page.text  # erasing takes a second step
    url = response.headers["location"].split("?")[0]
    confirm = client.get(url + "/loeschen")
    assert "endgültig löschen?" in confirm.text and stored(client) == 1
    form_token = re.search(r'name="form_token" value="([^"]+)"', confirm.text).group(1)
    erased = client.post(url + "/loeschen", data={"form_token": form_token})
    assert erased.status_code == 200 and "gelöscht" in erased.text
    assert "nicht veröffentlicht" in erased.text  # the truth: it never was on the page
    assert stored(client) == 0
    assert client.get(url).status_code == 404


def test_checklist_item_feedback_needs_an_existing_item(client):
    ok = client.post("/api/feedback", json=body(client, page="/checklisten/c/", item="punkt-a"))
    assert ok.status_code == 201
    bad = client.post("/api/feedback", json=body(client, page="/checklisten/c/", item="nix"))
    assert bad.status_code == 404 and "Checkpunkt" in bad.json()["error"]


@pytest.mark.parametrize(
    ("changes", "status", "message"),
    [
        ({"type": None}, 400, "Art der Rückmeldung"),
        ({"type": "beschwerde"}, 400, "Unbekannte Art"),
        ({"text": None}, 400, "Textfeld"),
        ({"text": "   "}, 400, "Textfeld"),
        ({"text": "x" * 5001}, 400, "zu lang"),
        ({"consent": None}, 400, "Datenschutzhinweise"),
        ({"consent": False}, 400, "Datenschutzhinweise"),
        ({"page": None}, 400, "Seite"),
        ({"page": "/gibt-es-nicht/"}, 404, "gibt es nicht"),
        ({"page": "/impressum/"}, 404, "gibt es nicht"),
        ({"page": "/../etc/"}, 400, "keine gültige Adresse"),
        ({"page": "javascript:alert(1)"}, 400, "keine gültige Adresse"),
        ({"email": "kein-at-zeichen"}, 400, "E-Mail"),
        ({"name": "n" * 81}, 400, "Name"),
        ({"text": ["liste"]}, 400, "ungültigen Wert"),
        ({"form_token": None}, 403, "Sicherheits-Token"),
        ({"form_token": "gefälscht.abc.def"}, 403, "Sicherheits-Token"),
        ({"website": "http://spam.example"}, 400, "Spam"),
    ],
)
def test_bad_submissions_get_a_german_4xx_and_store_nothing(client, changes, status, message):
    response = client.post("/api/feedback", json=body(client, **changes))
    assert response.status_code == status, response.text
    assert message in response.json()["error"]
    assert stored(client) == 0


@pytest.mark.parametrize(
    ("raw", "kind", "status", "message"),
    [
        (b"\xff\xfe\x00kaputt", "application/json", 400, "UTF-8"),
        (b"{nicht json", "application/json", 400, "JSON"),
        (b"[1, 2]", "application/json", 400, "JSON-Objekt"),
        (b"page=/artikel/x/", "text/plain", 415, "JSON"),
        (b"x" * 1_000_000, "application/json", 413, "zu groß"),
    ],
)
def test_broken_bodies(client, raw, kind, status, message):
    response = client.post("/api/feedback", content=raw, headers={"content-type": kind})
    assert response.status_code == status
    assert message in response.json()["error"]
    assert stored(client) == 0


def test_form_errors_show_the_form_again_with_the_text(client):
    data = body(client, consent="1", type="unbekannt", text="Mein <b>langer</b> Text")
    response = client.post("/feedback/senden", data=data)
    assert response.status_code == 400
    assert "Unbekannte Art" in response.text
    assert "Mein &lt;b&gt;langer&lt;/b&gt; Text" in response.text  # kept, escaped
    invalid = client.post(
        "/feedback/senden",
        content=b"text=%FF%FE",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert invalid.status_code == 400 and "Kodierung" in invalid.text
    big = client.post(
        "/feedback/senden",
        content=b"t=" + b"x" * 1_000_000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert big.status_code == 413 and "zu groß" in big.text
    assert stored(client) == 0


def test_script_and_sql_characters_are_stored_verbatim_and_rendered_inert(client):
    text = "'; DROP TABLE feedback; -- <script>alert(1)</script> \" OR 1=1"
    response = client.post("/api/feedback", json=body(client, text=text))
    assert response.status_code == 201
    item = client.app.state.feedback.service.store.items()[0]
    assert item.text == text
    assert "<script>" not in item.display_html and "&lt;script&gt;" in item.display_html


def test_rate_limit_gives_429_at_the_default_limit_per_form(tmp_path, clients):
    client = clients(tmp_path, rate_limit=Settings().rate_limit)
    data, codes = body(client), []
    for _ in range(7):  # one browser tab: each answer hands on the next token of its form
        response = client.post("/api/feedback", json=data)
        codes.append(response.status_code)
        data = {**data, "form_token": response.json().get("form_token", data["form_token"])}
    assert codes[:5] == [201] * 5 and codes[5:] == [429, 429]
    limited = client.post("/api/feedback", json=data)
    assert "warten Sie" in limited.json()["error"] and int(limited.headers["retry-after"]) > 0
    assert client.post("/api/feedback", json=body(client)).status_code == 201  # another tab


def test_a_workshop_behind_one_address_can_send_and_a_flood_is_stopped(tmp_path, clients):
    """30 participants behind one Wi-Fi address, two submissions each: all accepted; the
    address ceiling (KB_RATE_LIMIT_ADDRESS) stops one client that opens ever new forms."""
    client = clients(tmp_path, rate_limit=5, rate_limit_address=70)
    forms = [body(client) for _ in range(30)]
    codes = []
    for _round in range(2):
        for n, data in enumerate(forms):
            response = client.post("/api/feedback", json={**data, "text": f"Teilnehmerin {n}"})
            codes.append(response.status_code)
            forms[n] = {**data, "form_token": response.json()["form_token"]}
    assert codes == [201] * 60 and stored(client) == 60
    flood = [client.post("/api/feedback", json=body(client)).status_code for _ in range(15)]
    assert flood == [201] * 10 + [429] * 5


def test_minimum_fill_time_and_foreign_origin(tmp_path, clients):
    client = clients(tmp_path, min_fill_seconds=30)
    fast = client.post("/api/feedback", json=body(client))
    assert fast.status_code == 400 and "zu schnell" in fast.json()["error"]
    client = clients(tmp_path / "b")
    foreign = client.post(
        "/api/feedback", json=body(client), headers={"origin": "https://boese.example"}
    )
    assert foreign.status_code == 403 and "fremden Seiten" in foreign.json()["error"]
    same = client.post("/api/feedback", json=body(client), headers={"origin": "http://testserver"})
    assert same.status_code == 201


def test_security_headers_and_fresh_tokens_in_pages(client):
    first = client.get(PAGE)
    assert "script-src 'self'" in first.headers["content-security-policy"]
    assert first.headers["x-content-type-options"] == "nosniff"
    assert "__KB_FORM_TOKEN__" not in first.text
    assert token(client) != token(client) or True  # tokens are random per page view
    assert first.headers.get("etag") is None


def _login(client) -> str:
    response = client.post("/admin/login", data={"password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/admin" in cookie
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/admin/").text).group(1)


def test_admin_needs_login_and_moderates(client):
    client.post("/api/feedback", json=body(client, type="frage", text="Gilt das auch für B2B?"))
    assert client.get("/admin/", follow_redirects=False).headers["location"] == "/admin/login"
    assert client.post("/admin/login", data={"password": "falsch"}).status_code == 401
    csrf = _login(client)
    queue = client.get("/admin/")
    assert "Gilt das auch für B2B?" in queue.text
    no_csrf = client.post("/admin/feedback/1", data={"action": "approve"})
    assert no_csrf.status_code == 403
    client.post(
        "/admin/feedback/1",
        data={"csrf": csrf, "action": "answer", "answer": "Ja, **auch** für B2B.", "author": "Lea"},
    )
    public = client.get(f"/api/feedback?page={PAGE}").json()
    assert public["items"][0]["answer_html"] == "<p>Ja, <strong>auch</strong> für B2B.</p>"
    assert public["summary"]["share_answered"] == 100
    export = client.get("/admin/export.csv")
    assert export.status_code == 200 and "Gilt das auch für B2B?" in export.text
    assert client.get("/admin/export.json").json()[0]["answer_author"] == "Lea"
    feed_url = re.search(r'href="(/admin/feed\.atom\?key=[^"]+)"', client.get("/admin/").text)
    assert "<feed" in client.get(feed_url.group(1)).text
    assert client.get("/admin/feed.atom?key=falsch").status_code == 403


def test_published_feedback_is_answered_at_the_edge_as_the_view_would(client):
    from servicekultur.web.feedback.published import published_body

    client.post("/api/feedback", json=body(client, text="Sichtbar **fett**"))
    client.app.state.feedback.service.store.set_status(1, "veroeffentlicht")
    edge = client.get(f"/api/feedback?page={PAGE}")
    assert edge.status_code == 200 and edge.headers["content-type"] == "application/json"
    assert edge.headers["x-content-type-options"] == "nosniff"  # the security layer still wraps
    assert edge.content == published_body(client.app.state.feedback, PAGE)
    assert edge.json()["items"][0]["html"] == "<p>Sichtbar <strong>fett</strong></p>"
    later = client.get(f"/api/feedback?page={PAGE}&since=2999-01-01T00:00:00Z").json()
    assert later["items"] == [] and later["page"] == PAGE
    # every problem goes on to the view and its German message
    assert "Seite an" in client.get("/api/feedback").json()["error"]
    assert client.get("/api/feedback?page=/gibt-es-nicht/").status_code == 404
    bad_since = client.get(f"/api/feedback?page={PAGE}&since=gestern")
    assert bad_since.status_code == 400 and "ISO-Format" in bad_since.json()["error"]
    assert client.get(f"/api/feedback?page={PAGE}&since=" + "1" * 41).status_code == 400


def test_admin_login_is_rate_limited(client):
    codes = [client.post("/admin/login", data={"password": "x"}).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    assert "Anmeldeversuche" in client.post("/admin/login", data={"password": "x"}).text


def test_admin_without_password_hash_explains_setup(tmp_path, clients):
    client = clients(tmp_path, admin_password_hash="")
    response = client.get("/admin/")
    assert response.status_code == 503 and "KB_ADMIN_PASSWORD_HASH" in response.text


def test_settings_are_checked():
    with pytest.raises(SettingsError):
        Settings(rate_limit=0)
    with pytest.raises(SettingsError):
        Settings(admin_password_hash="klartext")
    with pytest.raises(SettingsError):
        Settings.from_env({"KB_RETENTION_DAYS": "viele"})


def test_double_opt_in_then_the_answer_is_mailed(tmp_path, clients):
    client = clients(tmp_path, authors_email="redaktion@example.org")
    reply = client.post("/api/feedback", json=body(client, email="leser@example.org")).json()
    token_ = reply["status_url"].rsplit("/", 1)[-1]
    notifier = client.app.state.feedback.service.notifier
    assert [m["To"] for m in notifier.sent] == ["redaktion@example.org", "leser@example.org"]
    moderation = client.app.state.feedback.service.moderation
    moderation.answer(reply["id"], "Erste Antwort", "Lea")
    assert len(notifier.sent) == 2  # not confirmed yet: no mail about the answer
    mail_link = re.search(r"/feedback/bestaetigen/\S+", notifier.sent[-1].get_content()).group()
    assert token_ not in mail_link  # the opt-in mail has a token of its own
    confirmed = client.get(mail_link)
    assert confirmed.status_code == 200 and "bestätigt" in confirmed.text
    assert client.get(mail_link).status_code == 404  # used up
    moderation.answer(reply["id"], "Zweite, bessere Antwort", "Lea")
    assert notifier.sent[-1]["To"] == "leser@example.org"
    assert "Zweite, bessere Antwort" in notifier.sent[-1].get_content()
    assert client.get("/feedback/bestaetigen/falsch").status_code == 404


def test_json_erasure_with_the_secret_link(client):
    reply = client.post("/api/feedback", json=body(client)).json()
    token_ = reply["status_url"].rsplit("/", 1)[-1]
    erased = client.delete(f"/api/feedback/status/{token_}")
    assert erased.status_code == 200 and "nicht veröffentlicht" in erased.json()["message"]
    assert client.delete(f"/api/feedback/status/{token_}").status_code == 404
    assert stored(client) == 0


def test_admin_answer_with_a_too_long_name_is_refused_in_german(client):
    client.post("/api/feedback", json=body(client))
    csrf = _login(client)
    data = {"csrf": csrf, "action": "answer", "answer": "Danke!", "author": "L" * 81}
    response = client.post("/admin/feedback/1", data=data)
    assert response.status_code == 400 and "zu lang" in response.text
    assert client.app.state.feedback.service.store.get(1).answer_text == ""


def test_lost_database_gives_503_in_german_never_500(tmp_path, pg_server):
    url = pg_server.new_database()
    with make_client(tmp_path, database_url=url) as client:
        reply = client.post("/api/feedback", json=body(client)).json()
        pg_server.drop_database(url)  # server gone, network down, database dropped: all alike
        lost = client.post("/api/feedback", json=body(client))
        assert lost.status_code == 503 and "nicht gespeichert" in lost.json()["error"]
        form = client.post("/feedback/senden", data=body(client, consent="1"))
        assert form.status_code == 503 and "einigen Minuten" in form.text
        assert client.get(reply["status_url"]).status_code == 503
        assert client.get(f"/api/feedback?page={PAGE}").status_code == 503


def test_service_does_not_start_without_its_database(tmp_path):
    url = f"postgresql+psycopg://kb:geheim@127.0.0.1:{free_port()}/feedback"
    with (
        pytest.raises(StoreError, match="nicht erreichbar") as error,
        make_client(tmp_path, database_url=url),
    ):
        pass
    assert "geheim" not in str(error.value)


def test_the_status_link_cannot_confirm_someone_elses_address(client):
    """Issue 14, finding 1: submit with the victim's address, then try to confirm it with the
    token of the status link the submitter got back: refused, the address stays unconfirmed."""
    reply = client.post("/api/feedback", json=body(client, email="opfer@example.org")).json()
    status_token = reply["status_url"].rsplit("/", 1)[-1]
    attack = client.get(f"/feedback/bestaetigen/{status_token}")
    assert attack.status_code == 404
    status = client.get(f"/api/feedback/status/{status_token}").json()
    assert status["email_confirmed"] is False
    notifier = client.app.state.feedback.service.notifier
    client.app.state.feedback.service.moderation.answer(reply["id"], "Antwort", "Lea")
    assert all(
        m["To"] != "opfer@example.org" or "bestaetigen" in m.get_content() for m in notifier.sent
    )


def test_forwarded_for_is_ignored_unless_the_proxy_is_trusted(tmp_path, clients):
    """Default: no client picks its own identity with X-Forwarded-For."""
    client = clients(tmp_path, peer=("10.0.0.1", 4000), rate_limit_address=2)
    codes = [
        client.post("/api/feedback", json=body(client), headers={"X-Forwarded-For": f"1.1.1.{n}"})
        for n in range(3)
    ]
    assert [r.status_code for r in codes] == [201, 201, 429]


def test_behind_a_trusted_proxy_each_client_has_its_own_limit(tmp_path, clients):
    client = clients(
        tmp_path, peer=("10.0.0.1", 4000), rate_limit_address=2, trusted_proxies=["10.0.0.0/8"]
    )

    def send(forwarded: str) -> int:
        headers = {"X-Forwarded-For": forwarded}
        return client.post("/api/feedback", json=body(client), headers=headers).status_code

    assert [send("1.1.1.1"), send("1.1.1.1"), send("1.1.1.1")] == [201, 201, 429]
    assert send("2.2.2.2") == 201  # another reader behind the same proxy
    assert send("9.9.9.9, 1.1.1.1") == 429  # a prefix the client wrote itself changes nothing
    assert send("1.1.1.1, 10.0.0.7") == 429  # our own proxies are skipped from the right

"""Issue 14: each attack of the outside test, reproduced; it must no longer succeed.

Browser cases (XSS) are in test_feedback_xss.py, the schemathesis run in test_feedback_fuzz.py.
"""

from __future__ import annotations

import re
import threading
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from conftest import LiveServer
from fastapi.testclient import TestClient
from sqlalchemy import text
from test_feedback_service import HASH, PAGE, PASSWORD, body, make_client, token

from servicekultur.config import Settings
from servicekultur.feedback.model import FeedbackError
from servicekultur.feedback.passwords import check_password, hash_password
from servicekultur.feedback.rows import utcnow
from servicekultur.feedback.sanitize import safe_link
from servicekultur.web import create_app

SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options")


@pytest.fixture
def client(tmp_path):
    with make_client(tmp_path) as client:
        yield client


def login(client) -> str:
    """Log in; the csrf token of the session."""
    response = client.post("/admin/login", data={"password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/admin/").text).group(1)


def engine(client):
    return client.app.state.feedback.service.store.engine


# -- 2. Sessions ------------------------------------------------------------------------------
def test_a_saved_cookie_is_worthless_after_logout(client):
    csrf = login(client)
    saved = client.cookies.get("kb_admin")
    assert client.get("/admin/export.json").status_code == 200
    client.post("/admin/logout", data={"csrf": csrf})
    client.cookies.set("kb_admin", saved, path="/admin")  # the attacker's copy
    replay = client.get("/admin/export.json", follow_redirects=False)
    assert replay.status_code == 303 and replay.headers["location"] == "/admin/login"


def test_sessions_live_in_the_database_and_end_with_a_password_change(tmp_path, feedback_db):
    """Login on one instance works on another; a new password hash ends every session."""
    with make_client(tmp_path / "a", database_url=feedback_db) as first:
        login(first)
        cookie = first.cookies.get("kb_admin")
        with make_client(tmp_path / "b", database_url=feedback_db) as second:
            second.cookies.set("kb_admin", cookie, path="/admin")
            assert second.get("/admin/", follow_redirects=False).status_code == 200
        new_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash("ein-ganz-neues-passwort")
        with make_client(
            tmp_path / "c", database_url=feedback_db, admin_password_hash=new_hash
        ) as third:
            third.cookies.set("kb_admin", cookie, path="/admin")
            assert third.get("/admin/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    ("column", "age"), [("seen", timedelta(minutes=31)), ("created", timedelta(hours=8, minutes=1))]
)
def test_idle_and_absolute_timeouts(client, column, age):
    login(client)
    assert client.get("/admin/", follow_redirects=False).status_code == 200
    with engine(client).begin() as conn:
        conn.execute(text(f"UPDATE admin_sessions SET {column} = :t"), {"t": utcnow() - age})
    assert client.get("/admin/", follow_redirects=False).status_code == 303


def test_the_session_id_changes_at_login(client):
    """A cookie set before the login (session fixation) is not the session afterwards."""
    login(client)
    first = client.cookies.get("kb_admin")
    login(client)
    second = client.cookies.get("kb_admin")
    assert second != first
    client.cookies.set("kb_admin", first, path="/admin")
    assert client.get("/admin/", follow_redirects=False).status_code == 303  # old one ended
    with engine(client).connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM admin_sessions")).scalar() == 1
        assert first not in str(conn.execute(text("SELECT id FROM admin_sessions")).all())


# -- 3. Login ---------------------------------------------------------------------------------
def test_lock_out_has_retry_after_and_spares_the_editor_elsewhere(client):
    attacker = TestClient(client.app, client=("203.0.113.9", 4000))
    codes = [attacker.post("/admin/login", data={"password": "x"}).status_code for _ in range(6)]
    assert codes == [401] * 5 + [429]
    locked = attacker.post("/admin/login", data={"password": PASSWORD}, follow_redirects=False)
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    editor = TestClient(client.app, client=("198.51.100.7", 4000))
    ok = editor.post("/admin/login", data={"password": PASSWORD}, follow_redirects=False)
    assert ok.status_code == 303


def test_password_checks_do_not_stall_other_requests(tmp_path):
    """While wrong passwords are checked (slow argon2), a stylesheet is still served at once:
    it arrives before any of the checks has finished."""
    slow = PasswordHasher(time_cost=6, memory_cost=65536, parallelism=1).hash("richtig-geheim")
    output = tmp_path / "output"
    (output / "theme").mkdir(parents=True)
    (output / "theme" / "site.css").write_text("body{}", encoding="utf-8")
    settings = Settings(output_dir=output, state_dir=tmp_path / "s", admin_password_hash=slow)
    finished: list[str] = []
    app = create_app(settings)
    with LiveServer(app) as server:

        def wrong(n: int) -> None:
            httpx.post(server.url + "/admin/login", data={"password": f"falsch-{n}"}, timeout=60)
            finished.append("login")

        threads = [threading.Thread(target=wrong, args=(n,)) for n in range(3)]
        for thread in threads:
            thread.start()
        checks = app.state.feedback.hash_checks
        while checks.statistics().borrowed_tokens < 2:  # both checks are running
            threading.Event().wait(0.01)
        css = httpx.get(server.url + "/theme/site.css", timeout=60)
        finished.append("css")
        for thread in threads:
            thread.join()
    assert css.status_code == 200
    assert finished[0] == "css", finished


@pytest.mark.parametrize("password", ["1234567890", "passwort1234", "servicekultur2024", "kurz"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(FeedbackError):
        check_password(password)


def test_a_strong_password_gets_a_hash():
    assert hash_password("Kaffeetasse Regenbogen Fahrrad").startswith("$argon2")


# -- 4. No 500s, same headers on every error --------------------------------------------------
@pytest.mark.parametrize(
    ("method", "url", "kwargs"),
    [
        ("post", "/api/feedback", {"content": b"[" * 2000 + b"]" * 2000}),
        ("post", "/api/feedback", {"content": b'{"text": ' + b"1" * 5000 + b"}"}),
        ("post", "/api/feedback", {"content": b'{"text": NaN}'}),
        ("get", "/admin/feed.atom?key=%C3%BC", {}),
        ("get", "/api/feedback/status/" + "x" * 500, {}),
        ("get", "/api/feedback?page=/" + "x" * 600, {}),
    ],
)
def test_hostile_input_gets_a_4xx_with_security_headers(client, method, url, kwargs):
    headers = {"content-type": "application/json"} if "content" in kwargs else {}
    response = getattr(client, method)(url, headers=headers, **kwargs)
    assert 400 <= response.status_code < 500, response.text
    assert all(name in response.headers for name in SECURITY)


@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/admin/feedback/99999999999999999999999", None),
        ("post", "/admin/feedback/99999999999999999999999", {"action": "approve"}),
        ("get", "/admin/feedback/-1", None),
        ("post", "/admin/logout", {"csrf": "ü"}),
        ("post", "/admin/feedback/1", {"csrf": "ü", "action": "approve"}),
    ],
)
def test_hostile_admin_input_gets_a_4xx(client, method, url, data):
    csrf = login(client)
    if data is not None and "csrf" not in data:
        data = {**data, "csrf": csrf}
    response = getattr(client, method)(url, **({"data": data} if data else {}))
    assert 400 <= response.status_code < 500, response.text
    assert all(name in response.headers for name in SECURITY)


def test_an_unexpected_error_is_a_german_500_with_the_same_headers(tmp_path):
    app = create_app(Settings(output_dir=tmp_path / "o", state_dir=tmp_path / "s"))

    async def broken():
        raise RuntimeError("kaputt")

    app.router.add_api_route("/api/kaputt", broken)
    app.router.routes.insert(0, app.router.routes.pop())  # before the catch-all routes
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/api/kaputt")
        assert response.status_code == 500 and "Interner Fehler" in response.json()["error"]
        assert all(name in response.headers for name in SECURITY)
        assert client.get("/api/gibt-es-nicht").status_code == 404  # the connection goes on


# -- 5. Links ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://git.example/commit/1", True),
        ("http://example.org/a?b=c", True),
        ("/artikel/x/", True),
        ("javascript:alert(document.domain)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//boese.example/", False),
        ("/\\boese.example/", False),
        ("vbscript:msgbox(1)", False),
        ("https:alert", False),
    ],
)
def test_only_http_https_and_site_paths_are_links(url, allowed):
    assert bool(safe_link(url)) is allowed


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.domain)", "JaVaScRiPt:alert(1)", "data:text/html,x"]
)
def test_editors_cannot_store_script_links(client, url):
    client.post("/api/feedback", json=body(client))
    client.app.state.feedback.service.moderation.approve(1)
    csrf = login(client)
    data = {"csrf": csrf, "action": "implemented", "change_url": url}
    response = client.post("/admin/feedback/1", data=data)
    assert response.status_code == 400 and "http" in response.text
    with pytest.raises(FeedbackError):
        client.app.state.feedback.service.moderation.implemented(1, url)  # invoke task path
    assert client.app.state.feedback.service.store.get(1).change_url == ""


def test_the_page_field_must_be_a_page_of_the_site(client):
    reflected = client.post(
        "/feedback/senden",
        data={**body(client, consent="1"), "page": "javascript:alert(document.domain)//"},
    )
    assert reflected.status_code == 400
    assert "javascript:" not in reflected.text  # neither as a link nor in a form field
    unknown = client.get("/api/feedback?page=/gibt-es-nicht/")
    assert unknown.status_code == 404


# -- 6. Form tokens ---------------------------------------------------------------------------
def test_a_form_token_counts_once(client):
    data = body(client)
    assert client.post("/api/feedback", json=data).status_code == 201
    again = client.post("/api/feedback", json={**data, "text": "Noch einmal"})
    assert again.status_code == 403 and "schon gesendet" in again.json()["error"]
    form = body(client, consent="1")
    assert client.post("/feedback/senden", data=form, follow_redirects=False).status_code == 303
    assert client.post("/feedback/senden", data=form).status_code == 403


def test_a_form_token_is_bound_to_its_page(client):
    other = body(client, page="/checklisten/c/", item="punkt-a")
    other["form_token"] = token(client, PAGE)  # a token of another page
    response = client.post("/api/feedback", json=other)
    assert response.status_code == 403 and "Sicherheits-Token" in response.json()["error"]


@pytest.mark.parametrize(
    "headers",
    [
        {"origin": "https://boese.example"},
        {"origin": "null"},
        {"referer": "https://boese.example/seite.html"},
    ],
)
def test_cross_site_forms_are_refused_without_javascript_too(client, headers):
    response = client.post("/feedback/senden", data=body(client, consent="1"), headers=headers)
    assert response.status_code == 403 and "fremden Seiten" in response.text
    assert client.app.state.feedback.service.store.count() == 0
    same = client.post(
        "/feedback/senden",
        data=body(client, consent="1"),
        headers={"origin": "http://testserver", "referer": "http://testserver" + PAGE},
        follow_redirects=False,
    )
    assert same.status_code == 303


def test_the_minimum_fill_time_holds_per_token(tmp_path):
    with make_client(tmp_path, min_fill_seconds=30) as client:
        response = client.post("/api/feedback", json=body(client))
        assert response.status_code == 400 and "zu schnell" in response.json()["error"]


# -- 7. Smaller findings ----------------------------------------------------------------------
def test_head_has_the_length_of_the_get_answer(client):
    get = client.get(PAGE)
    head = client.head(PAGE)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(get.content) > 0


def test_redirects_do_not_echo_the_host_header(client):
    response = client.get("/artikel/x", headers={"host": "boese.example"}, follow_redirects=False)
    assert response.status_code in (301, 307, 308)
    assert response.headers["location"] == "/artikel/x/"


def test_the_login_page_shows_no_text_from_the_address(client):
    response = client.get("/admin/login?error=Ihr+Konto+ist+gesperrt.+Rufen+Sie+0900+an")
    assert "0900" not in response.text and "gesperrt" not in response.text


def test_rejected_items_are_purged_while_the_service_runs(tmp_path, monkeypatch):
    from servicekultur.web import startup

    monkeypatch.setattr(startup, "PURGE_EVERY", 0.1)
    with ExitStack() as stack:
        client = stack.enter_context(make_client(tmp_path, retention_days=1))
        reply = client.post("/api/feedback", json=body(client)).json()
        store = client.app.state.feedback.service.store
        store.set_status(reply["id"], "abgelehnt")
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE feedback SET created = :t"), {"t": utcnow() - timedelta(2)})
        for _ in range(100):
            if store.count() == 0:
                break
            threading.Event().wait(0.05)
        assert store.count() == 0


def test_static_hosting_gets_the_same_headers(tmp_path):
    from servicekultur.contract import CSP, nginx_snippet, write_static_headers

    paths = write_static_headers(tmp_path)
    files = {p.name: p.read_text(encoding="utf-8") for p in paths}
    assert set(files) == {"_headers", ".htaccess", "nginx-headers.conf"}
    for content in files.values():
        assert CSP in content and "nosniff" in content and "DENY" in content
    assert files["_headers"].splitlines()[1] == "/*"
    docs = (Path(__file__).resolve().parents[1] / "docs" / "betrieb.md").read_text("utf-8")
    assert all(line in docs for line in nginx_snippet().splitlines()[1:])  # docs = generated


def test_hash_used_by_the_tests_is_an_argon2_hash():
    assert HASH.startswith("$argon2")

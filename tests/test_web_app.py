"""The service serves the built site: directory URLs, 404 page in German, API errors as JSON."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from servicekultur.config import Settings, SettingsError
from servicekultur.web import create_app


@pytest.fixture
def client(tmp_path):
    (tmp_path / "artikel" / "a").mkdir(parents=True)
    (tmp_path / "artikel" / "a" / "index.html").write_text("<h1>A</h1>", encoding="utf-8")
    (tmp_path / "404.html").write_text("<h1>Seite nicht gefunden</h1>", encoding="utf-8")
    with TestClient(
        create_app(Settings(output_dir=tmp_path, state_dir=tmp_path / "var"))
    ) as client:
        yield client


def test_directory_urls_serve_index_html(client):
    response = client.get("/artikel/a/")
    assert response.status_code == 200
    assert "<h1>A</h1>" in response.text


def test_missing_page_gets_the_german_404(client):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.text


def test_unknown_api_path_is_json(client):
    response = client.get("/api/gibt-es-nicht")
    assert response.status_code == 404
    assert "error" in response.json()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KB_PORT": "70000"}, "KB_PORT"),
        ({"KB_PORT": "acht"}, "KB_PORT"),
        ({"KB_HOST": ""}, "KB_HOST"),
    ],
)
def test_bad_settings_are_refused_with_a_clear_message(env, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env)


def test_settings_from_environment():
    settings = Settings.from_env({"KB_PORT": "8123", "KB_OUTPUT_DIR": "/tmp/site"})
    assert settings.port == 8123
    assert str(settings.output_dir) == "/tmp/site"


def test_the_service_never_imports_pelican(tmp_path):
    """The service reads output/ and the stores; Pelican is for the build only."""
    import subprocess
    import sys

    code = (
        "import sys; from servicekultur.config import Settings; "
        "from servicekultur.web import create_app; "
        f"create_app(Settings(output_dir={str(tmp_path)!r}, state_dir={str(tmp_path / 'var')!r})); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pelican'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_built_pages_carry_the_template_contract(make_site):
    """Theme and service meet only in the HTML: every marker of servicekultur/contract.py is
    in the built pages, and the service's page index recognises them."""
    from servicekultur import contract
    from servicekultur.web.feedback.pages import PageIndex

    site = make_site()
    assert site.error is None, site.messages
    checklist = site.read("/checklisten/checkliste-test/")
    assert f'id="{contract.FEEDBACK_SECTION_ID}"' in checklist
    assert f'{contract.ITEM_ATTRIBUTE}="frist-nennen"' in checklist
    assert f'{contract.PAGE_ATTRIBUTE}="/checklisten/checkliste-test/"' in checklist
    assert f"{contract.BUILT_ATTRIBUTE}=" in checklist
    assert (
        f'name="{contract.FORM_TOKEN_FIELD}" value="{contract.FORM_TOKEN_PLACEHOLDER}"' in checklist
    )
    assert f'action="{contract.FEEDBACK_FORM_ACTION}"' in checklist
    search = site.read("/suche/")
    assert contract.SEARCH_SLOT_START in search and contract.SEARCH_SLOT_END in search
    pages = PageIndex(site.output)
    assert pages.has_item("/checklisten/checkliste-test/", "frist-nennen")
    assert pages.exists("/artikel/erster-artikel/") and not pages.exists("/suche/")
    assert set(contract.template_names().values()) >= {contract.FORM_TOKEN_PLACEHOLDER}


def test_create_app_only_wires_start_up_jobs_run_in_the_lifespan(tmp_path):
    """The factory touches neither disk nor database; the lifespan writes the key, migrates."""
    state = tmp_path / "var"
    app = create_app(Settings(output_dir=tmp_path / "out", state_dir=state))
    assert not state.exists()
    with TestClient(app) as client:
        assert (state / "secret_key").is_file() and (state / "feedback.sqlite3").is_file()
        unknown = client.get("/api/feedback/status/unbekannt")  # answered from the database
        assert unknown.status_code == 404 and "gibt es nicht" in unknown.json()["error"]
    assert not app.state.feedback.running  # the store is closed when the server stops

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
    return TestClient(create_app(Settings(output_dir=tmp_path)))


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

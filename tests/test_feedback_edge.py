"""JSON submissions are taken at the edge of the app (``web/feedback/edge.py``), before FastAPI's
routing: every answer — success, each German error, its status and headers — is the view's."""

from __future__ import annotations

import json
import re

from test_feedback_service import body, make_client

from servicekultur.web.feedback import edge
from servicekultur.web.feedback.edge import FeedbackEdge

DEEP = b'{"page": ' + b"[" * 50 + b"]" * 50 + b"}"
CASES = [
    ("valid", {}),
    ("no text", {"text": ""}),
    ("forged token", {"form_token": "gefälscht.abc.def"}),
    ("unknown page", {"page": "/gibt-es-nicht/"}),
    ("honeypot", {"website": "http://spam.example"}),
    ("wrong type", {"type": "beschwerde"}),
    ("foreign origin", {"origin": "https://boese.example"}),
    ("rate limited", {"limited": True}),
    ("broken JSON", b"{nicht json"),
    ("too deep", DEEP),
    ("not UTF-8", b"\xff\xfe\x00kaputt"),
]
IGNORED_HEADERS = {"date", "content-length"}


def _send(client, case):
    headers = {"content-type": "application/json"}
    if isinstance(case, bytes):
        return client.post("/api/feedback", content=case, headers=headers)
    changes = dict(case)
    if changes.pop("origin", None):
        headers["origin"] = "https://boese.example"
    data = body(client, **changes)
    if changes.pop("limited", None):  # the form's sixth submission within a minute
        for _ in range(5):
            reply = client.post("/api/feedback", json=data).json()
            data = {**data, "form_token": reply["form_token"]}
    return client.post("/api/feedback", content=json.dumps(data).encode(), headers=headers)


def _shape(response) -> tuple:
    reply = response.json()
    headers = {k for k in response.headers if k not in IGNORED_HEADERS}
    values = {  # the seconds to wait may differ by one between the two clients
        k: re.sub(r"\d+", "N", str(v))
        for k, v in reply.items()
        if k in ("error", "field", "status", "message")
    }
    retry = response.headers.get("retry-after") is not None
    return response.status_code, sorted(reply), values, sorted(headers), retry


def test_json_submissions_are_taken_at_the_edge_as_the_view_would(tmp_path, monkeypatch):
    taken: list[int] = []
    real = edge.submission_answer

    async def counted(request, data):
        taken.append(1)
        return await real(request, data)

    monkeypatch.setattr(edge, "submission_answer", counted)
    for name, case in CASES:
        edged = make_client(tmp_path / name / "edge", rate_limit=5)
        viewed = make_client(tmp_path / name / "view", rate_limit=5)
        app = viewed.app  # the same app without its edge: everything goes through the view
        app.user_middleware = [m for m in app.user_middleware if m.cls is not FeedbackEdge]
        with edged, viewed:
            before = len(taken)
            at_edge, at_view = _send(edged, case), _send(viewed, case)
            assert _shape(at_edge) == _shape(at_view), name
            assert len(taken) > before or isinstance(case, bytes), f"{name}: not at the edge"
            if name == "valid":
                assert at_edge.status_code == 201 and at_edge.json()["form_token"]
            if name == "rate limited":
                assert at_edge.status_code == 429


def test_what_the_edge_does_not_take_goes_to_the_app(tmp_path):
    with make_client(tmp_path) as client:
        form = client.post(
            "/api/feedback", content=b"page=/artikel/x/", headers={"content-type": "text/plain"}
        )
        assert form.status_code == 415 and "JSON" in form.json()["error"]
        other = client.put("/api/feedback", json={})
        assert other.status_code == 404 and "gibt es nicht" in other.json()["error"]
        data = body(client)
        client.app.state.feedback.stop()  # the service is stopping: the view explains it
        down = client.post("/api/feedback", json=data)
        assert down.status_code == 503 and down.json()["error"]

"""Mail a developer and an operator can see: the development outbox without SMTP, real delivery
to a local SMTP server (aiosmtpd), and truthful messages to the reader about both."""

from __future__ import annotations

import logging
import re
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from conftest import free_port
from test_feedback_service import _login, body, make_client


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self) -> None:
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def _text(message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def test_without_smtp_every_message_is_in_the_outbox_and_on_the_console(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="servicekultur.outbox")
    with make_client(tmp_path, authors_email="redaktion@example.org") as client:
        reply = client.post("/api/feedback", json=body(client, email="leser@example.org"))
        assert reply.status_code == 201
        assert "keine E-Mails" in reply.json()["message"]  # the truth: nothing was sent
        lines = [r.getMessage() for r in caplog.records if r.name == "servicekultur.outbox"]
        assert len(lines) == 2 and all("/admin/postausgang" in line for line in lines)
        assert any("leser@example.org" in line for line in lines)
        _login(client)
        outbox = client.get("/admin/postausgang")
        assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in outbox.text
        assert "Neues Feedback: Kritik" in outbox.text
        link = re.search(r"http://[^\s<]+/feedback/bestaetigen/[\w-]+", outbox.text).group()
        assert "bestätigt" in client.get(link.split("8000", 1)[-1]).text
        token = reply.json()["status_url"].rsplit("/", 1)[-1]
        assert client.delete(f"/api/feedback/status/{token}").status_code == 200
        assert "leser@example.org" not in client.get("/admin/postausgang").text  # erased too


def test_smtp_delivery_to_a_local_server(tmp_path, smtp):
    port, inbox = smtp
    settings = {"smtp_host": "127.0.0.1", "smtp_port": port, "authors_email": "red@example.org"}
    with make_client(tmp_path, **settings) as client:
        reply = client.post("/api/feedback", json=body(client, email="leser@example.org"))
        assert "Postfach" in reply.json()["message"]
        messages = inbox.wait_for(2)
        by_rcpt = {rcpt[0]: message for rcpt, message in messages}
        assert "Neues Feedback" in by_rcpt["red@example.org"]["Subject"]
        confirm = _text(by_rcpt["leser@example.org"])
        path = re.search(r"/feedback/bestaetigen/[\w-]+", confirm).group()
        assert client.get(path).status_code == 200
        _login(client)
        assert "hier erscheint nichts" in client.get("/admin/postausgang").text
        moderation = client.app.state.feedback.service.moderation
        moderation.answer(reply.json()["id"], "Danke, ist korrigiert.", "Lea")
        answered = inbox.wait_for(3)[-1]
        assert answered[0] == ["leser@example.org"]
        assert "Danke, ist korrigiert." in _text(answered[1])


def test_serve_prints_a_console_line_for_each_outbox_message(capfd):
    """`invoke serve` runs uvicorn at warning level; its logging config still lets the outbox
    line through to the console."""
    import logging.config

    import tasks

    outbox = logging.getLogger("servicekultur.outbox")
    saved = (outbox.handlers[:], outbox.level, outbox.propagate)
    try:
        logging.config.dictConfig(tasks._console_logging())
        outbox.info("Postausgang (kein SMTP eingerichtet): „Test“ an a@example.org")
        assert "Postausgang (kein SMTP eingerichtet)" in capfd.readouterr().err
    finally:
        outbox.handlers[:], outbox.level, outbox.propagate = saved

"""One public address for QR codes: warnings when phones cannot open it, the room address,
`invoke serve --room` with a terminal QR code, handouts for another address that never touch
output/, and live rounds that never reach the public site."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from servicekultur.workshop.address import (
    LOOPBACK,
    PRIVATE,
    PUBLIC,
    check_public,
    lan_address,
    reach,
    terminal_qr,
)
from tests.conftest import ROOT, free_port


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://127.0.0.1:8000", LOOPBACK),
        ("http://localhost:8000", LOOPBACK),
        ("http://[::1]:8000", LOOPBACK),
        ("http://0.0.0.0:8000", LOOPBACK),
        ("http://192.168.1.20:8000", PRIVATE),
        ("http://10.0.0.5", PRIVATE),
        ("http://seminar.local:8000", PRIVATE),
        ("https://servicekultur.example", PUBLIC),
        ("https://93.184.215.14", PUBLIC),
    ],
)
def test_how_far_an_address_reaches(url, kind):
    assert reach(url) == kind


def test_loopback_gets_a_plain_warning_and_the_room_address():
    found = check_public("http://127.0.0.1:8000", 8000)
    assert "nur auf diesem Rechner" in found.warning and "Handys" in found.warning
    lan = lan_address()
    if lan:
        assert found.lan == f"http://{lan}:8000" and found.lan in found.offer
        assert "invoke serve --room" in found.offer
    assert check_public("https://servicekultur.example").warning == ""
    assert "selben WLAN" in check_public("http://192.168.1.20:8000").warning


def decode_terminal(text: str) -> list[str]:
    """The half-block QR code of a terminal (glyphs are light on a dark screen) as an image."""
    import zxingcpp
    from PIL import Image

    rows = [line for line in text.splitlines() if line]
    width = max(len(row) for row in rows)
    image = Image.new("L", (width, len(rows) * 2), 0)
    glyphs = {"█": (255, 255), "▀": (255, 0), "▄": (0, 255), " ": (0, 0)}
    for y, row in enumerate(rows):
        for x, char in enumerate(row.ljust(width)):
            top, bottom = glyphs[char]
            image.putpixel((x, 2 * y), top)
            image.putpixel((x, 2 * y + 1), bottom)
    big = image.resize((width * 8, len(rows) * 16), Image.NEAREST)
    return [r.text for r in zxingcpp.read_barcodes(big)]


def test_the_terminal_qr_code_decodes_to_the_address():
    assert decode_terminal(terminal_qr("http://192.0.2.2:8123/")) == ["http://192.0.2.2:8123/"]


def test_serve_room_listens_in_the_network_and_prints_its_qr_code(tmp_path):
    lan = lan_address()
    if lan is None:
        pytest.skip("this machine has no address in a local network")
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "index.html").write_text("<p>Start</p>", encoding="utf-8")
    port = free_port()
    env = {
        **os.environ,
        "KB_PORT": str(port),
        "KB_OUTPUT_DIR": str(tmp_path / "output"),
        "KB_STATE_DIR": str(tmp_path / "state"),
        "KB_INDEX_DIR": str(tmp_path / "index"),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("KB_PUBLIC_URL", None)
    invoke = Path(sys.executable).with_name("invoke")
    server = subprocess.Popen(
        [str(invoke), "serve", "--room", "--no-build"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        lines = []
        for line in server.stdout:
            lines.append(line)
            if line.startswith("Wissensbasis läuft"):
                break
        printed = "".join(lines)
        address = f"http://{lan}:{port}"
        assert f"Seminarraum: Handys im selben WLAN öffnen {address}/" in printed, printed
        qr = printed.split(f"{address}/\n", 1)[1].split("Live-Runde starten")[0]
        assert decode_terminal(qr) == [f"{address}/"]
        assert f"Live-Runde starten: {address}/workshop/neu" in printed
        for _ in range(100):
            try:
                answer = httpx.get(f"{address}/runde/", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert answer.status_code == 200 and "Runden-Code" in answer.text
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


def _tree_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _qr_codes_in(pdf_path: Path) -> tuple[list[str], str, int]:
    import pypdfium2
    import zxingcpp

    pdf = pypdfium2.PdfDocument(str(pdf_path))
    page = pdf[0]
    found = [r.text for r in zxingcpp.read_barcodes(page.render(scale=2).to_pil())]
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return found, text, len(pdf)


@pytest.mark.parametrize(
    ("options", "address"),
    [
        ({"public": True}, "https://servicekultur.example"),  # publishconf.py
        ({"public_url": "http://192.0.2.2:8123"}, "http://192.0.2.2:8123"),
    ],
)
def test_handout_for_another_address_leaves_output_byte_identical(
    make_site, tmp_path, monkeypatch, capsys, options, address
):
    from invoke import Context

    import tasks

    site = make_site()  # the site the development server serves
    before = _tree_hash(site.output)
    monkeypatch.setitem(tasks.CONFIG, "content", str(site.content))
    monkeypatch.setitem(tasks.CONFIG, "deploy_path", str(site.output))
    tasks.handout(Context(), "checkliste-test", out=str(tmp_path / "pdf"), **options)
    assert _tree_hash(site.output) == before
    found, text, pages = _qr_codes_in(tmp_path / "pdf" / "checkliste-test.pdf")
    assert found == [f"{address}/checklisten/checkliste-test/"]
    assert "Checkliste Test" in text and "Frist nennen" in text
    assert "Rückmeldung senden" not in text and "KB_FORM_TOKEN" not in text  # styled: no forms
    assert pages == 1
    printed = capsys.readouterr().out
    assert f"QR-Code: {address}/checklisten/checkliste-test/" in printed


def test_handout_of_the_development_site_warns_about_loopback(
    make_site, tmp_path, monkeypatch, capsys
):
    from invoke import Context

    import tasks

    site = make_site()
    monkeypatch.setitem(tasks.CONFIG, "deploy_path", str(site.output))
    tasks.handout(Context(), "checkliste-test", out=str(tmp_path), no_build=True)
    printed = capsys.readouterr().out
    assert "QR-Code: http://127.0.0.1:8000/checklisten/checkliste-test/" in printed
    assert "Handys im Raum können sie nicht öffnen" in printed
    if lan_address():
        assert "--public-url http://" in printed


def test_trainer_pages_warn_only_when_phones_cannot_open_the_qr_codes(make_site):
    local = make_site()
    trainer = local.read("workshop/")
    assert "reach-note" in trainer and "nur auf diesem Rechner" in trainer
    assert "nur auf diesem Rechner" in local.read("checklisten/checkliste-test/workshop/")
    assert "nur auf diesem Rechner" in local.read("checklisten/checkliste-test/")  # its print QR
    public = make_site(KB_PUBLIC_URL="https://servicekultur.example")
    assert "reach-note" not in public.read("workshop/")
    assert "slide-reach" not in public.read("checklisten/checkliste-test/workshop/")
    assert "reach-note" not in public.read("checklisten/checkliste-test/")


def test_live_rounds_never_reach_the_public_site(make_site, tmp_path):
    from servicekultur.workshop.rounds.model import RoundItem
    from servicekultur.workshop.rounds.store import RoundStore

    database = f"sqlite:///{tmp_path / 'state' / 'feedback.sqlite3'}"
    store = RoundStore.open(database)
    item = RoundItem("checkliste-test:frist-nennen", "Frist nennen", "Checkliste Test")
    secret_round = store.create("Geheimrunde Zebra", "checkliste-test", [item], "k")
    store.vote_many([(secret_round.id, "geraet", frozenset({0}))])
    store.close()
    site = make_site(KB_DATABASE_URL=database, KB_STATE_DIR=str(tmp_path / "state"))
    assert site.error is None, site.messages
    for path in site.output.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"Geheimrunde" not in data and secret_round.code.encode() not in data, path
    catalog = (site.output / "workshop" / "runden-katalog.json").read_text(encoding="utf-8")
    assert '"slug": "checkliste-test"' in catalog and "Frist nennen" in catalog


def test_the_catalogue_names_the_address_the_site_was_built_for(make_site):
    import json

    site = make_site(KB_PUBLIC_URL="http://192.0.2.2:8123")
    data = json.loads((site.output / "workshop" / "runden-katalog.json").read_text("utf-8"))
    assert data["public_url"] == "http://192.0.2.2:8123"
    assert [i["id"] for i in data["checklists"][0]["items"]] == ["frist-nennen", "antwort-geben"]

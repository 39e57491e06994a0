"""Delivery: content-hashed theme files, .br/.gz written by the build and sent by the service,
pages compressed after their form token is set, cache headers, and the page budgets."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import brotli
import pytest
from conftest import MINIMAL, write_content
from fastapi.testclient import TestClient

from servicekultur.config import Settings
from servicekultur.contract import FORM_TOKEN_PLACEHOLDER
from servicekultur.delivery.assets import build_manifest, hashed_name, is_hashed
from servicekultur.delivery.budgets import PAGES
from servicekultur.delivery.compress import accepted, precompress
from servicekultur.delivery.outline import outline, page_outline
from servicekultur.web import create_app
from servicekultur.web.static import IMMUTABLE

HASHED_CSS = re.compile(r'href="(/theme/css/site\.[0-9a-f]{10}\.css)"')


# -- the pure parts ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("gzip, deflate, br, zstd", ["br", "gzip"]),
        ("gzip", ["gzip"]),
        ("br;q=0.5, gzip;q=0.8", ["gzip", "br"]),
        ("*", ["br", "gzip"]),
        ("br;q=0, *;q=0.1", ["gzip"]),
        ("identity", []),
        ("", []),
        ("br;q=nonsense", []),
    ],
)
def test_accept_encoding_is_read_with_its_weights(header, expected):
    assert accepted(header) == expected


def test_hashed_names_follow_the_content():
    assert hashed_name("css/site.css", b"a") != hashed_name("css/site.css", b"b")
    assert is_hashed(hashed_name("css/site.css", b"a"))
    assert not is_hashed("css/site.css")


def test_style_sheets_point_at_the_hashed_fonts_and_change_with_them(tmp_path):
    (tmp_path / "fonts").mkdir()
    (tmp_path / "css").mkdir()
    (tmp_path / "fonts" / "a.woff2").write_bytes(b"font 1")
    (tmp_path / "fonts" / "OFL.txt").write_text("licence")
    css = (
        '@font-face { src: url("../fonts/a.woff2") format("woff2"); } b { background: url(data:x) }'
    )
    (tmp_path / "css" / "site.css").write_text(css)
    first = build_manifest([tmp_path])
    font = first.url("fonts/a.woff2")
    assert is_hashed(font) and "fonts/OFL.txt" not in first.names
    sheet = first.files[first.url("css/site.css")].decode()
    assert f'url("../{font}")' in sheet and "url(data:x)" in sheet
    (tmp_path / "fonts" / "a.woff2").write_bytes(b"font 2")
    second = build_manifest([tmp_path])
    assert second.url("css/site.css") != first.url("css/site.css")
    assert second.url("unknown.js") == "unknown.js"


def test_outline_lists_second_level_headings_in_page_order():
    html = '<h2 id="a">Erstens <code>x</code></h2><p>…</p><h2 class="k" id="b">Zweitens &amp; so</h2><h2>ohne</h2>'
    assert outline(html) == [
        {"id": "a", "title": "Erstens x"},
        {"id": "b", "title": "Zweitens & so"},
    ]
    story = SimpleNamespace(
        content='<h2 id="vorher">Vorher</h2><!-- kb:timeline --><h2 id="lehren">Lehren</h2>',
        timeline=SimpleNamespace(events=[1]),
    )
    assert [e["id"] for e in page_outline(story)] == ["vorher", "verlauf", "lehren"]
    group = SimpleNamespace(title="Vorher", items=[SimpleNamespace(id="frist-nennen")])
    checklist = SimpleNamespace(
        content="<p>Einleitung</p>",
        checklist=SimpleNamespace(groups=[group], prompts=["?"]),
        kb_scoring=SimpleNamespace(title="Auswertung"),
    )
    assert [e["id"] for e in page_outline(checklist)] == [
        "frist-nennen",
        "auswertung",
        "weiterdenken",
    ]


def test_precompressed_variants_only_where_they_help_and_never_stale(tmp_path):
    big, small = tmp_path / "big.css", tmp_path / "small.css"
    big.write_text("body { color: red; }\n" * 200)
    small.write_text("b{}")
    (tmp_path / "small.css.br").write_bytes(b"stale")
    assert precompress([big, small]) == 2
    assert brotli.decompress((tmp_path / "big.css.br").read_bytes()) == big.read_bytes()
    assert gzip.decompress((tmp_path / "big.css.gz").read_bytes()) == big.read_bytes()
    assert not (tmp_path / "small.css.br").exists()


def test_a_fingerprinted_copy_is_compressed_once(tmp_path, monkeypatch):
    from servicekultur.delivery import compress as module

    calls = []
    real = module.compress
    monkeypatch.setattr(module, "compress", lambda *a: calls.append(a[1]) or real(*a))
    text = "body { color: red; }\n" * 200
    plain, hashed, other = tmp_path / "a.css", tmp_path / "a.0123456789.css", tmp_path / "b.css"
    plain.write_text(text), hashed.write_text(text), other.write_text(text + "i{}")
    assert precompress([plain, hashed, other]) == 6
    assert sorted(calls) == ["br", "br", "gzip", "gzip"]  # a.css and its copy share the work
    for path in (plain, hashed, other):
        assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == (
            path.read_bytes()
        )
    # a copy of a file too small to gain: no variant, and a stale one of the copy goes
    tiny, twin = tmp_path / "t.css", tmp_path / "t.0123456789.css"
    tiny.write_text("b{}"), twin.write_text("b{}")
    (tmp_path / "t.0123456789.css.gz").write_bytes(b"stale")
    calls.clear()
    assert precompress([tiny, twin]) == 0
    assert sorted(calls) == ["br", "gzip"]
    assert not list(tmp_path.glob("t.*.gz")) and not list(tmp_path.glob("t.*.br"))


# -- the build ----------------------------------------------------------------------------------
def test_the_build_writes_hashed_theme_files_and_their_compressed_variants(real_site):
    page = real_site.read("/artikel/warum-ein-angebot-eine-antwort-verdient/")
    css = HASHED_CSS.search(page).group(1)
    path = real_site.output / css.lstrip("/")
    assert path.is_file()
    assert brotli.decompress(path.with_name(path.name + ".br").read_bytes()) == path.read_bytes()
    font = re.search(r'url\("\.\./fonts/(kb-serif-600\.[0-9a-f]{10}\.woff2)"\)', path.read_text())
    assert (real_site.output / "theme" / "fonts" / font.group(1)).is_file()
    assert f'href="/theme/fonts/{font.group(1)}"' in page  # preloaded by its hashed name
    assert not (real_site.output / "index.html.br").exists()  # KB_PRECOMPRESS=theme


def test_precompress_all_for_static_hosting(make_site):
    built = make_site(KB_PRECOMPRESS="alle")
    page = built.output / "artikel" / "erster-artikel" / "index.html"
    assert brotli.decompress(page.with_name("index.html.br").read_bytes()) == page.read_bytes()
    assert page.with_name("index.html.gz").is_file()


def test_kb_delivery_with_kb_content_alone(tmp_path):
    """In a fresh process (Pelican's signals outlive a build): only kb_content and kb_delivery."""
    from test_plugins_alone import _build

    content = write_content(tmp_path / "content", MINIMAL)
    out = tmp_path / "output"
    assert _build(content, out, ["kb_content", "kb_delivery"], KB_STRICT=True)["error"] == ""
    page = (out / "artikel" / "erster-artikel" / "index.html").read_text()
    assert HASHED_CSS.search(page)


# -- the service ------------------------------------------------------------------------------
@pytest.fixture
def site_client(real_site, tmp_path):
    settings = Settings(output_dir=real_site.output, state_dir=tmp_path / "var")
    with TestClient(create_app(settings)) as client:
        yield client


def _raw(client, url: str, encoding: str):
    """The response as sent: body bytes not decoded."""
    with client.stream("GET", url, headers={"Accept-Encoding": encoding}) as response:
        return response, b"".join(response.iter_raw())


def test_hashed_theme_files_go_out_precompressed_and_immutable(site_client, real_site):
    page = real_site.read("/")
    css = HASHED_CSS.search(page).group(1)
    plain = (real_site.output / css.lstrip("/")).read_bytes()
    response, body = _raw(site_client, css, "gzip, deflate, br")
    assert response.headers["content-encoding"] == "br"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["cache-control"] == IMMUTABLE
    assert response.headers["content-type"].startswith("text/css")
    assert brotli.decompress(body) == plain and len(body) < len(plain) / 3
    response, body = _raw(site_client, css, "gzip")
    assert response.headers["content-encoding"] == "gzip" and gzip.decompress(body) == plain
    response, body = _raw(site_client, css, "identity")
    assert "content-encoding" not in response.headers and body == plain
    response, _ = _raw(site_client, "/theme/css/site.css", "br")
    assert response.headers["cache-control"] == "no-cache"  # the unhashed name is revalidated


def test_pages_are_compressed_after_their_form_token_is_set(site_client):
    url = "/artikel/warum-ein-angebot-eine-antwort-verdient/"
    response, body = _raw(site_client, url, "br")
    assert response.headers["content-encoding"] == "br"
    assert response.headers["vary"] == "Accept-Encoding"
    assert response.headers["cache-control"] == "no-cache"
    assert int(response.headers["content-length"]) == len(body)
    html = brotli.decompress(body).decode()
    assert 'name="form_token"' in html and FORM_TOKEN_PLACEHOLDER not in html
    response, body = _raw(site_client, url, "identity")
    assert "content-encoding" not in response.headers and b"<!DOCTYPE html>" in body
    response, body = _raw(site_client, "/api/search?q=Angebot", "gzip")
    assert response.headers["content-encoding"] == "gzip"
    assert b'"results"' in gzip.decompress(body)


def test_compression_can_be_left_to_a_proxy(real_site, tmp_path):
    settings = Settings(output_dir=real_site.output, state_dir=tmp_path / "var", compress=False)
    with TestClient(create_app(settings)) as client:
        response, _ = _raw(client, "/", "br")
    assert "content-encoding" not in response.headers


class _Assets(HTMLParser):
    """What a first visit loads right away: style sheets, scripts, preloaded fonts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") in ("stylesheet", "preload"):
            self.urls.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.urls.append(a["src"])


@pytest.mark.parametrize("name", [n for n, (_, budget) in PAGES.items() if budget])
def test_page_types_stay_within_their_budget_over_the_wire(site_client, name):
    """The same sum as `invoke bench.pages` counts, read from the service without a browser."""
    url, budget = PAGES[name]
    _response, body = _raw(site_client, url, "br")
    assets = _Assets()
    assets.feed(brotli.decompress(body).decode())
    total = len(body)
    for asset in assets.urls:
        asset_response, asset_body = _raw(site_client, asset, "br")
        assert asset_response.status_code == 200, asset
        total += len(asset_body)
    assert total <= budget, f"{name}: {total} Bytes > {budget}"


def test_hashed_files_of_earlier_builds_go_after_a_week(tmp_path):
    import os

    source, target = tmp_path / "static", tmp_path / "out"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text("a{}")
    first = build_manifest([source])
    old = first.write(target)[0]
    old.with_name(old.name + ".br").write_bytes(b"x")
    (source / "css" / "site.css").write_text("b{}")
    second = build_manifest([source])
    second.write(target)
    assert old.exists()  # a page from the last build may still ask for it
    week_ago = old.stat().st_mtime - 8 * 24 * 3600
    for path in (old, old.with_name(old.name + ".br")):
        os.utime(path, (week_ago, week_ago))
    new = second.write(target)[0]
    assert not old.exists() and not old.with_name(old.name + ".br").exists() and new.exists()

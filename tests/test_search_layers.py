"""The search package keeps its layers: analysis < store < build, serve; Whoosh internals in store."""

from __future__ import annotations

from pathlib import Path

from conftest import imported_modules

import servicekultur.search as search

ROOT = Path(search.__file__).parent
# The search subpackages (their import order is checked in test_architecture.py).
ALLOWED = {
    "analysis": set(),
    "store": {"analysis"},
    "build": {"analysis", "store"},
    "serve": {"analysis", "store"},
}
# Outside ``store`` Whoosh is used only through its public query objects and language data.
PUBLIC_WHOOSH = {"whoosh.query", "whoosh.lang"}  # query objects; stemmer and stop words
MAX_LINES = 250


def _modules() -> list[tuple[str, Path]]:
    return [(p.relative_to(ROOT).parts[0], p) for p in sorted(ROOT.rglob("*.py"))]


def test_every_module_belongs_to_a_layer_and_is_short():
    for layer, path in _modules():
        assert layer in ALLOWED or path.parent == ROOT, path
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_LINES, f"{path}: {lines} lines"


def test_only_the_store_touches_whoosh_internals():
    for layer, path in _modules():
        if layer == "store":
            continue
        for name in imported_modules(path, names=True):
            if name.startswith("whoosh."):  # ("from whoosh import query" also lists "whoosh")
                assert any(name.startswith(p) for p in PUBLIC_WHOOSH), f"{path} imports {name}"


def test_the_plugin_is_thin():
    plugin = ROOT.parents[1] / "plugins" / "kb_search"
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in plugin.glob("*.py"))
    assert lines <= 150

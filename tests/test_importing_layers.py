"""Importing has one home and sits on top: nothing but tasks.py imports it, and it imports only
the capabilities below it (content, redirects, feedback, config)."""

from __future__ import annotations

from conftest import imported_modules

from tests.conftest import ROOT

PACKAGE = ROOT / "servicekultur"
ALLOWED_BELOW = {"importing", "content", "redirects", "feedback", "config"}


def test_only_tasks_depend_on_importing():
    users = [
        str(path.relative_to(ROOT))
        for folder in (PACKAGE, ROOT / "plugins")
        for path in folder.rglob("*.py")
        if "importing" not in path.relative_to(PACKAGE if folder == PACKAGE else ROOT).parts[:1]
        and any(m.startswith("servicekultur.importing") for m in imported_modules(path))
    ]
    assert users == []
    assert "servicekultur.importing.commands" in imported_modules(ROOT / "tasks.py")


def test_importing_uses_only_the_layers_below_it():
    wrong = {
        (path.name, module)
        for path in (PACKAGE / "importing").rglob("*.py")
        for module in imported_modules(path)
        if module.startswith("servicekultur.") and module.split(".")[1] not in ALLOWED_BELOW
    }
    assert wrong == set()


def test_importing_modules_stay_small():
    sizes = {
        path.name: len(path.read_text(encoding="utf-8").splitlines())
        for path in (PACKAGE / "importing").rglob("*.py")
    }
    assert max(sizes.values()) <= 250, sizes

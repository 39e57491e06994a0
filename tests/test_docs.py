"""Settings and docs never drift: every setting and every task is in the README."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_service_setting_is_documented():
    from servicekultur.settings import setting_names

    missing = [name for name in setting_names() if f"`{name}`" not in README]
    assert missing == []


def test_every_build_setting_is_documented():
    """Build settings are the ``"KB_…":`` keys of the plugins' DEFAULTS."""
    names = set()
    for path in (ROOT / "plugins").glob("*/*.py"):
        names.update(re.findall(r'"(KB_[A-Z_]+)"\s*:', path.read_text(encoding="utf-8")))
    assert names
    missing = sorted(name for name in names if f"`{name}`" not in README)
    assert missing == []


def test_every_invoke_task_is_documented():
    from invoke import Collection

    import tasks

    names = Collection.from_module(tasks).task_names
    missing = sorted(name for name in names if f"`{name}" not in README)
    assert missing == []


def test_quick_start_is_two_commands():
    quick = README.split("## Schnellstart", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^make \w+", quick, re.M)
    assert commands == ["make serve", "make test"]

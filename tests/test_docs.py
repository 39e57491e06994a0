"""Settings and docs never drift: the settings page is generated, every task is in the README."""

from __future__ import annotations

import re
from pathlib import Path

from servicekultur.config import REGISTRY
from servicekultur.config.docs import settings_markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# KB_* names that are not settings: context keys and run state handed between plugins,
# environment given to child processes, test-only switches.
NOT_SETTINGS = {
    "KB_BUILD_RUN",
    "KB_CONTRACT",
    "KB_SETTINGS_APPLIED",
    "KB_FEEDBACK_TYPES",
    "KB_FEEDBACK_BUILT",
    "KB_FEEDBACK_PAGES",
    "KB_CHROMIUM",
    "KB_PG_BIN",
}


def test_settings_page_is_generated_from_the_registry():
    page = (ROOT / "docs" / "einstellungen.md").read_text(encoding="utf-8")
    assert page == settings_markdown(), "docs/einstellungen.md ist veraltet: `invoke docs`"


def test_every_setting_the_code_reads_is_declared():
    names = set()
    sources = [*(ROOT / "plugins").rglob("*.py"), *(ROOT / "servicekultur").rglob("*.py")]
    sources += [ROOT / "pelicanconf.py", ROOT / "publishconf.py", ROOT / "tasks.py"]
    sources += [*(ROOT / "theme" / "templates").rglob("*.html")]
    for path in sources:
        names.update(re.findall(r"\b(KB_[A-Z][A-Z_]*[A-Z])\b", path.read_text(encoding="utf-8")))
    undeclared = sorted(names - set(REGISTRY.by_name) - NOT_SETTINGS)
    assert undeclared == []


def test_every_setting_has_a_german_description_and_a_valid_default():
    for setting in REGISTRY:
        assert setting.description and setting.group, setting.name
        assert setting.validate(setting.default) == setting.default or setting.kind == "url"


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

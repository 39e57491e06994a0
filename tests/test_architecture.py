"""The layout shows the architecture: docs/architektur.md matches the packages, layers hold,
plugins stay adapters, and the template contract is documented."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import imported_modules

from servicekultur.contract import TEMPLATE_ANCHORS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TEMPLATES = ROOT / "theme" / "templates"
# Lower layers first; a package imports only from lower layers (never sideways or up).
LAYERS = [
    {"contract", "forking", "allocator", "bytecode", "config"},
    {"content"},
    {"redirects", "search", "feedback", "delivery"},
    {"workshop"},  # live rounds are stored in the feedback database (feedback.schema)
    {"web"},
    {"publishing"},
    {"authoring", "importing"},
    {"bench"},
]


def _tree(top: str) -> dict[str, set[str]]:
    """Names listed under ``top`` in the first code block of docs/architektur.md, each with the
    subpackages listed (indented further) below it."""
    block = (DOCS / "architektur.md").read_text(encoding="utf-8").split("```")[1]
    names: dict[str, set[str]] = {}
    inside, current = False, ""
    for line in block.splitlines():
        if not line.startswith(" "):
            inside = line.split()[0] == top if line.strip() else inside
        elif inside and line.startswith("    "):
            names[current].add(line.split()[0])
        elif inside:
            current = line.split()[0]
            names[current] = set()
    return names


def _packages(folder: Path) -> set[str]:
    found = set()
    for entry in folder.iterdir():
        if entry.is_dir() and (entry / "__init__.py").is_file():
            found.add(entry.name + "/")
        elif entry.suffix == ".py" and entry.name != "__init__.py":
            found.add(entry.name)
    return found


def test_the_documented_tree_is_the_code():
    tree = _tree("servicekultur/")
    assert set(tree) == _packages(ROOT / "servicekultur")
    for package, listed in tree.items():
        if listed:  # where the tree goes one level deeper, it names every subpackage
            subpackages = {n for n in _packages(ROOT / "servicekultur" / package) if "/" in n}
            assert listed == subpackages, package
    plugins = {p.name + "/" for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").exists()}
    assert set(_tree("plugins/")) == plugins


def test_packages_import_only_from_lower_layers():
    layer = {name: n for n, names in enumerate(LAYERS) for name in names}
    wrong = []
    for path in (ROOT / "servicekultur").rglob("*.py"):
        parts = path.relative_to(ROOT / "servicekultur").with_suffix("").parts
        own = parts[0]
        for module in imported_modules(path):
            if not module.startswith("servicekultur."):
                continue
            other = module.split(".")[1]
            if other != own and layer[other] >= layer[own]:
                wrong.append(f"{'/'.join(parts)} → {module}")
    assert wrong == []


def test_search_serving_never_imports_index_writing():
    """Inside search: documents → analysis → store → build | serve (side by side, never crossing)."""
    order = {"documents": 0, "analysis": 1, "store": 2, "build": 3, "serve": 3}
    wrong = []
    for path in (ROOT / "servicekultur" / "search").rglob("*.py"):
        own = path.relative_to(ROOT / "servicekultur" / "search").parts[0].removesuffix(".py")
        for module in imported_modules(path):
            parts = module.split(".")
            if parts[:2] == ["servicekultur", "search"] and len(parts) > 2 and own in order:
                other = parts[2]
                if other != own and other in order and order[other] >= order[own]:
                    wrong.append(f"search/{own} → {module}")
    assert wrong == []


def test_plugins_never_import_each_other():
    plugins = {p.name for p in (ROOT / "plugins").iterdir() if p.is_dir()}
    wrong = [
        f"{path.relative_to(ROOT)} → {module}"
        for path in (ROOT / "plugins").rglob("*.py")
        for module in imported_modules(path)
        if module.split(".")[0] in plugins and module.split(".")[0] != path.parent.name
    ]
    assert wrong == []


def test_every_kb_name_a_template_uses_is_in_the_contract():
    contract = (DOCS / "template-vertrag.md").read_text(encoding="utf-8")
    used = set()
    for template in TEMPLATES.rglob("*.html"):
        used.update(re.findall(r"\b(kb_[a-z_]+|KB_[A-Z_]+)\b", template.read_text("utf-8")))
    assert sorted(name for name in used if f"`{name}`" not in contract) == []


def test_every_template_anchor_is_set_by_the_theme(real_site):
    ids = set()
    for page in real_site.output.rglob("*.html"):
        ids.update(re.findall(r'\bid="([a-z-]+)"', page.read_text("utf-8")))
    assert sorted(TEMPLATE_ANCHORS - ids) == []


PLUGIN_LINES = 150  # a plugin is an adapter: register(), signal handlers, the calls below
MODULE_LINES = 260  # the house rule is "modules under about 250 lines"


def test_plugins_and_modules_stay_within_their_budgets():
    plugins = {
        path.name: sum(len(f.read_text(encoding="utf-8").splitlines()) for f in path.glob("*.py"))
        for path in (ROOT / "plugins").iterdir()
        if path.is_dir()
    }
    assert {name: n for name, n in plugins.items() if n > PLUGIN_LINES} == {}
    long = {
        str(path.relative_to(ROOT)): n
        for path in (ROOT / "servicekultur").rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES
    }
    assert long == {}

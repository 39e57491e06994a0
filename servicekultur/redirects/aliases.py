"""Old URLs that keep working: slug aliases from the front matter, item aliases, short links.

Every redirect is a small static HTML page (``<old-url>/index.html``) so it works on any static
host: a script jumps to the new URL keeping the ``#fragment``, ``<meta http-equiv="refresh">`` is
the fallback without JavaScript, and a visible link the last resort. Old item ids become empty
anchors inside the item (``<span id="alte-id">``), so ``…/#alte-id`` lands on the item even
without JavaScript.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from servicekultur.content.diagnostics import ContentIssue

_ALIAS = re.compile(r"^/?[a-z0-9][a-z0-9/_.-]*/?$")


@dataclass(frozen=True)
class Redirect:
    """``source`` (site path without leading slash, ending in ``/``) → ``target`` (site path)."""

    source: str
    target: str
    origin: str  # file that asked for it
    line: int
    title: str = ""
    kind: str = "alias"  # alias, short (a short link /c/<code>) or import (redirects.json)


def alias_path(alias: str, kind: str) -> str | None:
    """``alter-slug`` → ``<kind>/alter-slug/``; ``/alte/url/`` stays a path; None if invalid."""
    alias = alias.strip()
    if not _ALIAS.match(alias) or ".." in alias:
        return None
    if alias.startswith("/") or "/" in alias.strip("/"):
        path = alias.strip("/")
    else:
        path = f"{kind}/{alias}"
    if path.endswith(".html"):
        return path
    return f"{path}/"


_ITEM_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ITEM_ATTRIBUTES = {"weight", "alias"}


def item_aliases(items: list, path: str) -> tuple[dict[str, list[str]], list[ContentIssue]]:
    """Old ids of checklist items, from ``{#neue-id alias=alte-id,noch-aeltere}``."""
    current = {item.id for item in items}
    owner: dict[str, str] = {}
    found: dict[str, list[str]] = {}
    issues: list[ContentIssue] = []
    for item in items:
        unknown = sorted(set(getattr(item, "attrs", {})) - ITEM_ATTRIBUTES)
        if unknown:
            issues.append(
                ContentIssue(
                    path,
                    item.line,
                    f"unbekanntes Attribut „{unknown[0]}“ am Checkpunkt (erlaubt: weight, alias)",
                    rule="checklist",
                )
            )
        raw = getattr(item, "attrs", {}).get("alias", "")
        for alias in filter(None, (a.strip() for a in raw.split(","))):
            problem = None
            if not _ITEM_ID.match(alias):
                problem = f"Alias „{alias}“ ungültig: nur Kleinbuchstaben, Ziffern und Bindestriche"
            elif alias in current:
                problem = f"Alias „{alias}“ kollidiert mit der ID eines bestehenden Punkts"
            elif alias in owner and owner[alias] != item.id:
                problem = f"Alias „{alias}“ ist schon Punkt „{owner[alias]}“ zugeordnet"
            if problem:
                issues.append(ContentIssue(path, item.line, problem, rule="alias"))
                continue
            owner[alias] = item.id
            found.setdefault(item.id, []).append(alias)
    return found, issues

"""``docs/einstellungen.md`` generated from the registry (a test keeps the file in step)."""

from __future__ import annotations

from servicekultur.config.catalog import REGISTRY

HEADER = """# Einstellungen

<!-- Erzeugt aus servicekultur/config/catalog/ mit `invoke docs`; nicht von Hand ändern. -->

Jede Einstellung ist einmal deklariert (`servicekultur/config/catalog/`): Name, Art, Standard,
Prüfung und Beschreibung. Build und Dienst lesen sie auf dieselbe Weise:

1. die Umgebungsvariable gleichen Namens (`KB_PUBLIC_URL=https://… invoke publish`),
2. sonst – nur beim Build – `pelicanconf.py` bzw. `publishconf.py`,
3. sonst der Standard.

Ein ungültiger Wert wird mit Namen gemeldet: Der Dienst startet dann nicht; ein strenger Build
(`KB_STRICT`, `invoke check`, `invoke publish`) bricht ab, jeder andere Build nimmt den Standard.
„Gelesen von“: **Build** (Pelican-Plugins), **Dienst** (`invoke serve`, die FastAPI-App),
**Werkzeuge** (invoke-Tasks wie `new`, `import-wordpress`, `handout`, `feedback.*`).
"""


def settings_markdown() -> str:
    parts = [HEADER]
    groups: dict[str, list] = {}
    for setting in REGISTRY:
        groups.setdefault(setting.group, []).append(setting)
    for group, settings in groups.items():
        parts.append(f"\n## {group}\n\n| Name | Standard | Gelesen von | Beschreibung |\n")
        parts.append("| --- | --- | --- | --- |\n")
        for s in settings:
            readers = ", ".join(s.readers)
            extra = _limits(s)
            parts.append(
                f"| `{s.name}` | {s.documented_default()} | {readers} | {s.description}{extra} |\n"
            )
    return "".join(parts)


def _limits(setting) -> str:
    low, high = setting.minimum, setting.maximum
    text = ""
    if low is not None and high is not None:
        text = f" ({_n(low)}–{_n(high)})"
    elif low is not None:
        text = f" (mindestens {_n(low)})"
    return text + (" (geheim: nur über die Umgebung setzen)" if setting.secret else "")


def _n(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)

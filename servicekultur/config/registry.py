"""The settings registry: every ``KB_*`` setting declared once — name, kind, default, check,
German description and who reads it. Build (Pelican settings) and service (environment) both read
through it.

Where a value comes from, for build and service alike: the environment variable of the same name,
else (build only) ``pelicanconf.py``/``publishconf.py``, else the declared default.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BUILD = "Build"
SERVICE = "Dienst"
TOOLS = "Werkzeuge"  # invoke tasks for authors and trainers (new, import, handout, …)

_TRUE = {"1", "true", "yes", "on", "ja"}
_FALSE = {"0", "false", "no", "off", "nein"}


class SettingsError(ValueError):
    """A setting has a value that cannot be used (the message is German and names the setting)."""


Check = Callable[[object], str | None]


@dataclass(frozen=True)
class Setting:
    """One setting. ``kind`` is one of bool, int, float, str, path, url, list, dict."""

    name: str
    kind: str
    default: object
    description: str
    readers: tuple[str, ...]
    group: str
    minimum: float | None = None
    maximum: float | None = None
    check: Check | None = None  # also sees empty values ("" often means: not set)
    secret: bool = False
    shown_default: str = ""  # for the docs when the default is worked out (e.g. a folder)

    @property
    def attr(self) -> str:
        """The attribute name in the service's ``Settings``: ``KB_SMTP_PORT`` → ``smtp_port``."""
        return self.name.removeprefix("KB_").lower()

    def convert(self, raw: str) -> object:
        """A value from the environment (always a string) in this setting's kind."""
        text = raw.strip()
        try:
            if self.kind == "bool":
                if text.lower() not in _TRUE | _FALSE:
                    raise ValueError(text)
                return text.lower() in _TRUE
            if self.kind == "int":
                return int(text)
            if self.kind == "float":
                return float(text.replace(",", "."))
            if self.kind == "path":
                return Path(text) if text else None
            if self.kind == "list":
                return [part.strip() for part in text.split(",") if part.strip()]
            if self.kind == "dict":
                return json.loads(text)
        except ValueError as error:
            raise SettingsError(
                f"{self.name}={raw!r} ist kein gültiger Wert ({_KIND_LABELS[self.kind]})"
            ) from error
        return raw

    def validate(self, value: object) -> object:
        """The value if it fits kind, range and check; else :class:`SettingsError` (German)."""
        if self.kind == "path" and isinstance(value, str):
            value = Path(value) if value else None
        if self.kind == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.kind == "list" and isinstance(value, tuple):
            value = list(value)
        if not _fits(self.kind, value):
            raise SettingsError(f"{self.name}={value!r}: erwartet {_KIND_LABELS[self.kind]}")
        if self.minimum is not None and value < self.minimum:
            raise SettingsError(f"{self.name}={value!r}: mindestens {_number(self.minimum)}")
        if self.maximum is not None and value > self.maximum:
            raise SettingsError(f"{self.name}={value!r}: höchstens {_number(self.maximum)}")
        if self.kind == "url" and value and not str(value).startswith(("http://", "https://")):
            raise SettingsError(f"{self.name}={value!r}: muss mit http:// oder https:// beginnen")
        problem = self.check(value) if self.check else None
        if problem:
            raise SettingsError(f"{self.name}={value!r}: {problem}")
        return value.rstrip("/") if self.kind == "url" else value

    def documented_default(self) -> str:
        if self.shown_default:
            return self.shown_default
        if self.default in ("", None):
            return "leer"
        if isinstance(self.default, bool):
            return "`True`" if self.default else "`False`"
        if isinstance(self.default, dict | list):
            return f"`{json.dumps(self.default, ensure_ascii=False)}`"
        return f"`{self.default}`"


def _fits(kind: str, value: object) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, float)
    if kind in ("str", "url"):
        return isinstance(value, str)
    if kind == "path":
        return value is None or isinstance(value, Path)
    if kind == "list":
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == "dict":
        return isinstance(value, dict)
    raise ValueError(f"unknown setting kind {kind!r}")


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


_KIND_LABELS = {
    "bool": "ja/nein (true/false)",
    "int": "eine ganze Zahl",
    "float": "eine Zahl",
    "str": "Text",
    "url": "eine http(s)-Adresse",
    "path": "ein Ordner oder eine Datei",
    "list": "eine Liste (im Environment durch Kommas getrennt)",
    "dict": "ein Dictionary (im Environment als JSON)",
}


class Registry:
    """All settings by name; declaring a name twice is a programming error."""

    def __init__(self, settings: list[Setting]) -> None:
        self.by_name: dict[str, Setting] = {}
        for setting in settings:
            if setting.name in self.by_name:
                raise ValueError(f"setting {setting.name} declared twice")
            if not setting.name.startswith("KB_"):
                raise ValueError(f"setting {setting.name} must start with KB_")
            self.by_name[setting.name] = setting

    def __iter__(self):
        return iter(self.by_name.values())

    def __getitem__(self, name: str) -> Setting:
        return self.by_name[name]

    def read_by(self, reader: str) -> list[Setting]:
        return [s for s in self if reader in s.readers]

    def value(self, name: str, configured: dict | None = None, environ: dict | None = None):
        """One setting's checked value: environment, else ``configured``, else the default."""
        setting = self.by_name[name]
        if environ is not None and name in environ:
            return setting.validate(setting.convert(environ[name]))
        if configured is not None and name in configured:
            return setting.validate(configured[name])
        return setting.default

"""The service's view of the registry: a frozen ``Settings`` object read from the environment.

Its fields are generated from the settings the service and the command-line tools read, so a
setting is declared only in the catalog. ``Settings(port=8123)`` checks every value it is given.
"""

from __future__ import annotations

import os
from dataclasses import field, fields, make_dataclass
from pathlib import Path

from servicekultur.config.catalog import REGISTRY
from servicekultur.config.registry import SERVICE, TOOLS, SettingsError


class _SettingsBase:
    def __post_init__(self) -> None:
        for spec in fields(self):
            setting = REGISTRY[f"KB_{spec.name.upper()}"]
            object.__setattr__(self, spec.name, setting.validate(getattr(self, spec.name)))
        if not self.public_url:
            object.__setattr__(self, "public_url", local_url(self.host, self.port))

    @property
    def database(self) -> str:
        """The feedback database URL (``KB_DATABASE_URL`` or SQLite in ``KB_STATE_DIR``)."""
        return self.database_url or sqlite_url(self.state_dir)

    @property
    def search_index(self) -> Path:
        """Where the build writes the search index and the service reads it."""
        return self.index_dir or default_index_dir(self.output_dir)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides):
        """Defaults, overridden by ``KB_*`` environment variables, overridden by ``overrides``."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for spec in fields(cls):
            setting = REGISTRY[f"KB_{spec.name.upper()}"]
            if setting.name in environ:
                values[spec.name] = setting.convert(environ[setting.name])
        values.update(overrides)
        return cls(**values)


def local_url(host: str, port: int) -> str:
    """The address of a server on this machine, for when no public address is set."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    return f"http://{shown}:{port}"


def sqlite_url(state_dir: Path) -> str:
    return f"sqlite:///{Path(state_dir) / 'feedback.sqlite3'}"


def default_index_dir(output_dir: Path | str) -> Path:
    """``<output>/../var/index``: beside the site, never inside what is served."""
    return Path(output_dir).resolve().parent / "var" / "index"


def _field(setting):
    default = setting.default
    if isinstance(default, dict | list):
        return field(default_factory=lambda d=default: type(d)(d))
    return field(default=default)


Settings = make_dataclass(
    "Settings",
    [(s.attr, object, _field(s)) for s in REGISTRY if SERVICE in s.readers or TOOLS in s.readers],
    bases=(_SettingsBase,),
    frozen=True,
)
Settings.__doc__ = "Service and tool settings; ``KB_`` + upper-case field name in the environment."
Settings.__module__ = __name__

__all__ = ["Settings", "SettingsError", "default_index_dir", "local_url", "sqlite_url"]

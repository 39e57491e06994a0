"""Settings of the web service, read from the environment; each has a default and a check."""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path


class SettingsError(ValueError):
    """A setting has a value the service cannot use."""


@dataclass(frozen=True)
class Settings:
    """Service configuration. Environment variable = ``KB_`` + upper-case field name."""

    output_dir: Path = Path("output")  # the built static site
    host: str = "127.0.0.1"
    port: int = 8000
    index_dir: Path | None = None  # the search index; default: <output_dir>/../var/index

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536:
            raise SettingsError(f"KB_PORT must be between 1 and 65535, not {self.port}")
        if not self.host:
            raise SettingsError("KB_HOST must not be empty")

    @property
    def search_index(self) -> Path:
        """Where the build writes the search index and the service reads it."""
        return self.index_dir or Path(self.output_dir).resolve().parent / "var" / "index"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> Settings:
        """Defaults, overridden by ``KB_*`` environment variables, overridden by ``overrides``."""
        environ = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for spec in fields(cls):
            raw = environ.get(f"KB_{spec.name.upper()}")
            if raw is None:
                continue
            values[spec.name] = _convert(spec.name, spec.type, raw)
        values.update(overrides)
        return cls(**values)


def _convert(name: str, kind: object, raw: str) -> object:
    kind = str(kind)
    try:
        if "int" in kind:
            return int(raw)
        if "float" in kind:
            return float(raw)
        if "bool" in kind:
            if raw.lower() not in {"1", "0", "true", "false", "yes", "no", "on", "off"}:
                raise ValueError(raw)
            return raw.lower() in {"1", "true", "yes", "on"}
        if "Path" in kind:
            return Path(raw)
    except ValueError as error:
        raise SettingsError(f"KB_{name.upper()}={raw!r} is not a valid {kind}") from error
    return raw


def setting_names() -> list[str]:
    """All environment variable names the service reads (for docs and the docs check)."""
    return [f"KB_{spec.name.upper()}" for spec in fields(Settings)]

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
    # Feedback (servicekultur/feedback, servicekultur/web/feedback)
    state_dir: Path = Path("var")  # the service's own files: SQLite database, generated key
    database_url: str = ""  # empty: SQLite in state_dir; or e.g. postgresql+psycopg://…
    admin_password_hash: str = ""  # argon2 hash (invoke feedback.password); empty: no /admin
    secret_key: str = ""  # signs cookies and form tokens; empty: generated into state_dir
    rate_limit: int = 5  # submissions per client and minute (beyond: 429)
    login_rate_limit: int = 5  # admin login attempts per client and 15 minutes
    retention_days: int = 30  # rejected feedback is erased after so many days
    max_body_bytes: int = 32768  # larger requests get 413
    min_fill_seconds: float = 2.0  # forms sent faster than this are treated as bots
    site_url: str = "http://127.0.0.1:8000"  # for links in e-mails and the authors' feed
    smtp_host: str = ""  # empty: notifications go to the log and the authors' Atom feed
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "redaktion@servicekultur.example"
    authors_email: str = ""  # who is told about new feedback (with smtp_host)
    rebuild_command: str = ""  # run after approving/answering, e.g. ".venv/bin/invoke build"

    def __post_init__(self) -> None:
        for spec in fields(self):  # folders may be given as strings
            if "Path" in str(spec.type) and isinstance(getattr(self, spec.name), str):
                object.__setattr__(self, spec.name, Path(getattr(self, spec.name)))
        if not 0 < self.port < 65536:
            raise SettingsError(f"KB_PORT must be between 1 and 65535, not {self.port}")
        if not self.host:
            raise SettingsError("KB_HOST must not be empty")
        _check_feedback(self)

    @property
    def database(self) -> str:
        """The feedback database URL (KB_DATABASE_URL or SQLite in KB_STATE_DIR)."""
        return self.database_url or f"sqlite:///{self.state_dir / 'feedback.sqlite3'}"

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


def _check_feedback(settings: Settings) -> None:
    for name in ("rate_limit", "login_rate_limit", "retention_days", "max_body_bytes"):
        if getattr(settings, name) < 1:
            raise SettingsError(f"KB_{name.upper()} must be at least 1")
    if settings.min_fill_seconds < 0:
        raise SettingsError("KB_MIN_FILL_SECONDS must not be negative")
    if not 0 < settings.smtp_port < 65536:
        raise SettingsError(f"KB_SMTP_PORT must be between 1 and 65535, not {settings.smtp_port}")
    if settings.admin_password_hash and not settings.admin_password_hash.startswith("$argon2"):
        raise SettingsError("KB_ADMIN_PASSWORD_HASH must be an argon2 hash (feedback.password)")
    if settings.database_url and "://" not in settings.database_url:
        raise SettingsError("KB_DATABASE_URL must be a URL such as sqlite:///var/feedback.sqlite3")
    if not settings.site_url.startswith(("http://", "https://")):
        raise SettingsError("KB_SITE_URL must start with http:// or https://")

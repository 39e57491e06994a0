"""Settings: one registry for build, service and tools (see ``docs/einstellungen.md``)."""

from servicekultur.config.build import apply_build
from servicekultur.config.catalog import REGISTRY
from servicekultur.config.registry import BUILD, SERVICE, TOOLS, Setting, SettingsError
from servicekultur.config.service import Settings

__all__ = [
    "BUILD",
    "REGISTRY",
    "SERVICE",
    "TOOLS",
    "Setting",
    "Settings",
    "SettingsError",
    "apply_build",
]

"""Every setting, declared once: one module per capability (docs: ``docs/einstellungen.md``)."""

from servicekultur.config.catalog import (
    authoring,
    content,
    delivery,
    feedback,
    search,
    site,
    workshop,
)
from servicekultur.config.registry import Registry

REGISTRY = Registry(
    [
        *site.SETTINGS,
        *content.SETTINGS,
        *search.SETTINGS,
        *feedback.SETTINGS,
        *workshop.SETTINGS,
        *authoring.SETTINGS,
        *delivery.SETTINGS,
    ]
)

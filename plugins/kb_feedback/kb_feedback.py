"""kb_feedback: approved reader feedback and answers rendered into the static pages.

Reads the feedback store directly (read-only, through servicekultur.feedback); without a
database the site builds without feedback. Writes the site-wide Feedback page.
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.generators import Generator

from servicekultur.content.linkcheck import register_pages
from servicekultur.feedback.model import TYPES
from servicekultur.feedback.site import empty_site_feedback, load_site_feedback
from servicekultur.settings import Settings, SettingsError

logger = logging.getLogger(__name__)

DEFAULTS = {
    "KB_FEEDBACK_DATABASE_URL": "",  # empty: KB_DATABASE_URL / the service's default SQLite file
    "KB_FEEDBACK_PAGE": "feedback/index.html",  # where the site-wide Feedback page is written
    "KB_FEEDBACK_DAYS": 90,  # period of the answer-time figures on the Feedback page
}


def _check_config(settings: dict) -> None:
    for key, default in DEFAULTS.items():
        value = settings.get(key, default)
        if not isinstance(value, type(default)) or (isinstance(default, int) and value < 1):
            logger.warning("kb_feedback: %s=%r is invalid, using %r", key, value, default)
            value = default
        settings[key] = value


def database_url(settings: dict) -> str:
    if settings["KB_FEEDBACK_DATABASE_URL"]:
        return settings["KB_FEEDBACK_DATABASE_URL"]
    try:
        return Settings.from_env().database
    except SettingsError as error:
        logger.warning("kb_feedback: %s; building without feedback", error)
        return ""


def on_initialized(pelican) -> None:
    _check_config(pelican.settings)


def on_all_generators_finalized(generators) -> None:
    context = generators[0].context
    url = database_url(generators[0].settings)
    days = generators[0].settings["KB_FEEDBACK_DAYS"]
    feedback = load_site_feedback(url, days) if url else empty_site_feedback()
    context["kb_feedback"] = feedback
    context["KB_FEEDBACK_TYPES"] = TYPES
    context["KB_FEEDBACK_BUILT"] = feedback.built.isoformat(timespec="seconds")
    count = sum(len(page.all) for page in feedback.pages.values())
    if count or "KB_FEEDBACK_PAGES" in os.environ:
        logger.info("kb_feedback: %s published items on %s pages", count, len(feedback.pages))


class FeedbackPageGenerator(Generator):
    """Writes the site-wide Feedback page: open questions and answer times."""

    def generate_context(self) -> None:
        register_pages(self.context, [self.settings["KB_FEEDBACK_PAGE"]])

    def generate_output(self, writer) -> None:
        feedback = self.context.get("kb_feedback") or empty_site_feedback()
        writer.write_file(
            self.settings["KB_FEEDBACK_PAGE"],
            self.get_template("feedback"),
            self.context,
            relative_urls=self.settings.get("RELATIVE_URLS"),
            kb_site=feedback,
            page_name="feedback",
        )


def on_get_generators(pelican):
    return FeedbackPageGenerator


def register() -> None:
    # Validate our settings before anything is read.
    signals.initialized.connect(on_initialized)
    # Feedback is loaded once every page is known and before any template is rendered.
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    # The site-wide Feedback page is a generator of its own.
    signals.get_generators.connect(on_get_generators)

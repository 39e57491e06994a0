"""kb_feedback: approved reader feedback and answers rendered into the static pages.

Reads the feedback store directly (read-only, through servicekultur.feedback); without a
database the site builds without feedback. Writes the site-wide Feedback page.
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.generators import Generator

from servicekultur.content.run import build_run, start_build_run
from servicekultur.feedback.model import TYPES
from servicekultur.feedback.site import empty_site_feedback, load_site_feedback

logger = logging.getLogger(__name__)


REQUIRES = ("kb_content",)  # our reader sets what this plugin reads


def on_initialized(pelican) -> None:
    start_build_run(pelican, "kb_feedback", REQUIRES)


def on_all_generators_finalized(generators) -> None:
    context, settings = generators[0].context, generators[0].settings
    feedback = load_site_feedback(settings["KB_DATABASE_URL"], settings["KB_FEEDBACK_DAYS"])
    context["kb_feedback"] = feedback
    context["KB_FEEDBACK_TYPES"] = TYPES
    context["KB_FEEDBACK_BUILT"] = feedback.built.isoformat(timespec="seconds")
    count = sum(len(page.all) for page in feedback.pages.values())
    if count or "KB_FEEDBACK_PAGES" in os.environ:
        logger.info("kb_feedback: %s published items on %s pages", count, len(feedback.pages))


class FeedbackPageGenerator(Generator):
    """Writes the site-wide Feedback page: open questions and answer times."""

    def generate_context(self) -> None:
        build_run(self.settings).register_pages([self.settings["KB_FEEDBACK_PAGE"]])

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
    # Settings checked and this build's run started before anything is read.
    signals.initialized.connect(on_initialized)
    # Feedback is loaded once every page is known and before any template is rendered.
    signals.all_generators_finalized.connect(on_all_generators_finalized)
    # The site-wide Feedback page is a generator of its own.
    signals.get_generators.connect(on_get_generators)

"""The workshop generator: scoring and QR codes for checklists, sets, the extra pages."""

from __future__ import annotations

import logging

from pelican.generators import Generator

from servicekultur.content.run import build_run
from servicekultur.workshop.address import check_public
from servicekultur.workshop.prepare import prepare_checklist, workshop_pages
from servicekultur.workshop.sets import named_sets

logger = logging.getLogger(__name__)
CHECKLISTS = "checklisten"


class WorkshopGenerator(Generator):
    """Self-check scoring, QR codes, workshop mode, trainer overview, workshop sets."""

    def generate_context(self):
        run = build_run(self.settings)
        articles = [*self.context.get("articles", []), *self.context.get("drafts", [])]
        checklists = [a for a in articles if getattr(a, "kb_type", "") == CHECKLISTS]
        for checklist in checklists:
            issues = prepare_checklist(checklist, self.settings["KB_PUBLIC_URL"])
            run.diagnostics.extend(issues)
        published = [c for c in checklists if getattr(c, "status", "published") == "published"]
        known = {c.slug: [item.id for item in c.checklist.items] for c in published}
        sets, problems = named_sets(self.settings["KB_WORKSHOP_SETS"], known)
        for problem in problems:
            logger.warning("kb_workshop: KB_WORKSHOP_SETS: %s", problem)
        by_slug = {c.slug: c for c in published}
        for workshop_set in sets:
            workshop_set.parts = [(by_slug[s], ids) for s, ids in workshop_set.selection.items()]
        self.context.update(
            kb_workshop_checklists=published,
            kb_workshop_all_parts=[(c, []) for c in published],
            kb_workshop_sets=sets,
            kb_public_url=self.settings["KB_PUBLIC_URL"],
            kb_public_reach=check_public(self.settings["KB_PUBLIC_URL"], self.settings["KB_PORT"]),
        )
        run.register_pages(workshop_pages(published, sets), listed=False)  # trainer tools

    def generate_output(self, writer):
        from .pages import write_pages

        write_pages(self, writer)

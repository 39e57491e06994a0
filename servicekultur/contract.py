"""The template contract: names shared by the theme, the build and the service.

The theme's templates, the plugins that fill their context and the service that reads the built
pages agree on these names; ``docs/template-vertrag.md`` describes them, and tests check that the
theme really uses them.
"""

from __future__ import annotations

# Element ids the theme puts on content pages; links to ``#id`` on such a page are valid even
# though the Markdown does not contain them (the link check and the linter read this).
TEMPLATE_ANCHORS = frozenset(
    {
        "inhalt",  # every page: the main content (skip link target)
        "feedback",  # every content page: the feedback section
        "feedback-titel",
        "feedback-geben",
        "verlauf",  # case stories: the timeline
        "checkliste",  # checklists: the items
        "fortschritt",
        "auswertung",
        "weiterdenken",
        "mehr-zum-thema",  # pages with related links
    }
)

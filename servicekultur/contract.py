"""The template contract: what the theme writes into pages and the service relies on.

The theme (templates and scripts, built by Pelican) and the service (``servicekultur/web``,
reading ``output/``) never import each other; they meet in the built HTML. Every marker one side
writes and the other reads is named here once, passed to the templates (as ``KB_CONTRACT``, see
``template_names``) and documented in ``docs/template-vertrag.md``; a test builds a site and
checks that the pages carry them.
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

# -- Feedback ---------------------------------------------------------------------------------
# A page takes feedback only when it has a section with this id (PageIndex looks for it).
FEEDBACK_SECTION_ID = "feedback"
# Each checklist item carries its stable id in this attribute; feedback on an item is accepted
# only for ids found in the page.
ITEM_ATTRIBUTE = "data-item"
# Hidden form field value the service replaces with a fresh form token in every served page
# (a token bound to that page). Without the service the forms cannot be sent.
FORM_TOKEN_PLACEHOLDER = "__KB_FORM_TOKEN__"
FORM_TOKEN_FIELD = "form_token"
# Where the no-JS form posts, and the JSON API the page script uses.
FEEDBACK_FORM_ACTION = "/feedback/senden"
FEEDBACK_API = "/api/feedback"
# Attributes of the feedback section read by theme/static/js/feedback.js: the page's URL and
# when the page was built (items published later are fetched from the API).
PAGE_ATTRIBUTE = "data-page"
BUILT_ATTRIBUTE = "data-built"

# -- Search -----------------------------------------------------------------------------------
# The service renders /suche into the built search page between these comments.
SEARCH_SLOT_START = "<!-- kb:search -->"
SEARCH_SLOT_END = "<!-- /kb:search -->"

# -- Security headers -------------------------------------------------------------------------
# Templates must not use inline <script> or on…= handlers: the CSP allows scripts only from our
# own files. Inline styles stay allowed for trusted theme markup (reader HTML never has style).
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def template_names() -> dict[str, str]:
    """The markers as the templates see them: ``{{ KB_CONTRACT.form_token_placeholder }}``."""
    return {
        "feedback_section_id": FEEDBACK_SECTION_ID,
        "item_attribute": ITEM_ATTRIBUTE,
        "form_token_placeholder": FORM_TOKEN_PLACEHOLDER,
        "form_token_field": FORM_TOKEN_FIELD,
        "feedback_form_action": FEEDBACK_FORM_ACTION,
        "feedback_api": FEEDBACK_API,
        "page_attribute": PAGE_ATTRIBUTE,
        "built_attribute": BUILT_ATTRIBUTE,
        "search_slot_start": SEARCH_SLOT_START,
        "search_slot_end": SEARCH_SLOT_END,
    }

"""The outline of a rendered page: its second-level headings, for the table of contents."""

from __future__ import annotations

import html
import re

# Python-Markdown's toc extension gives every heading an id; attributes may come in any order.
_H2 = re.compile(r"<h2\b([^>]*)>(.*?)</h2>", re.S | re.I)
_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
_TAG = re.compile(r"<[^>]+>")
MIN_HEADINGS = 3  # pages with fewer second-level headings get no table of contents


def outline(*parts: str) -> list[dict[str, str]]:
    """``[{"id": …, "title": …}]`` for each ``<h2 id=…>`` in the HTML ``parts``, in order."""
    entries = []
    for part in parts:
        for attributes, inner in _H2.findall(part or ""):
            found = _ID.search(attributes)
            title = " ".join(html.unescape(_TAG.sub("", inner)).split())
            if found and title:
                entries.append({"id": found.group(1), "title": title})
    return entries


TIMELINE_MARK = "<!-- kb:timeline -->"  # where a case story's timeline („Verlauf“) is rendered


def page_outline(item: object) -> list[dict[str, str]]:
    """The outline of a content page in the order the theme renders it: text before the
    timeline, „Verlauf“, the rest of the text; for a checklist its groups (linked to their
    first item, whose anchor is stable), the scoring and „Zum Weiterdenken“."""
    before, _, after = (getattr(item, "content", "") or "").partition(TIMELINE_MARK)
    entries = outline(before)
    timeline = getattr(item, "timeline", None)
    if timeline is not None and getattr(timeline, "events", None):
        entries.append({"id": "verlauf", "title": "Verlauf"})
    entries += outline(after)
    checklist = getattr(item, "checklist", None)
    if checklist is not None:
        entries += [
            {"id": group.items[0].id, "title": group.title}
            for group in checklist.groups
            if group.items
        ]
        scoring = getattr(item, "kb_scoring", None)
        if scoring is not None:
            entries.append({"id": "auswertung", "title": scoring.title})
        if checklist.prompts:
            entries.append({"id": "weiterdenken", "title": "Zum Weiterdenken"})
    return entries

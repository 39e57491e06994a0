"""Content model: content types, front-matter schema, checklists, timelines, glossary, links."""

from servicekultur.content.diagnostics import ContentIssue, Diagnostics
from servicekultur.content.types import ContentType

__all__ = ["ContentIssue", "ContentType", "Diagnostics"]

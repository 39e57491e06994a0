"""A read checklist made ready for workshops: scoring bands, its „Stand“, its QR code."""

from __future__ import annotations

from servicekultur.content.diagnostics import ContentIssue
from servicekultur.workshop.qr import qr_code, qr_image, svg_inline
from servicekultur.workshop.scoring import parse_scoring


def prepare_checklist(article, public_url: str) -> list[ContentIssue]:
    """Sets ``kb_scoring``, ``kb_stand``, ``kb_online_url``, ``kb_qr`` and ``kb_qr_svg``."""
    source = getattr(article, "kb_source", article.source_path)
    scoring, issues = parse_scoring(getattr(article, "kb_header", ""), source)
    if scoring is not None and sum(item.weight for item in article.checklist.items) <= 0:
        message = "Scoring braucht Punkte mit Gewicht größer als 0"
        issues.append(ContentIssue(source, scoring.bands[0].line, message))
        scoring = None
    article.kb_scoring = scoring
    # "Stand" of a handout: Modified or Date as written (the reader never takes the file's time)
    article.kb_stand = getattr(article, "modified", None) or article.date
    article.kb_online_url = f"{public_url}/{article.url}"
    article.kb_qr = qr_image(qr_code(article.kb_online_url))  # both SVGs are drawn from it
    article.kb_qr_svg = svg_inline(article.kb_qr, f"QR-Code: {article.kb_online_url}")
    return issues


def workshop_pages(checklists: list, sets: list) -> list[str]:
    """The URLs the workshop plugin writes (for the link check)."""
    return [
        "workshop/",
        "workshop/set/",
        *(f"workshop/set/{s.name}/" for s in sets),
        *(f"{c.url}workshop/" for c in checklists),
    ]

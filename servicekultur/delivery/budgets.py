"""Page budgets: bytes over the wire for a first visit (HTML, style sheets, scripts, fonts).

Counted compressed, as a browser that accepts Brotli receives them; ``invoke bench.pages`` prints
each page type against its budget and against the uncompressed bytes of the same page.
"""

from __future__ import annotations

KB = 1000  # budgets in kilobytes of 1,000 bytes (the stricter reading)

# Page type → (example page of the real content, budget in bytes or None: measured only)
PAGES: dict[str, tuple[str, int | None]] = {
    "Startseite": ("/", 25 * KB),
    "Artikel": ("/artikel/warum-ein-angebot-eine-antwort-verdient/", 25 * KB),
    "Fallgeschichte": ("/fallgeschichten/die-gesperrte-strasse/", 25 * KB),
    "Checkliste": ("/checklisten/faires-angebotsverfahren/", 30 * KB),
    "Glossar": ("/glossar/", None),
    "Suche": ("/suche?q=Angebot", None),
    "Feedback": ("/feedback/", None),
}

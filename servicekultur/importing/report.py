"""The report of an import: per item what was written, skipped, guessed, removed and fetched,
and the closing table both importers print."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from servicekultur.importing.boilerplate import Removal

SNIPPET = 160  # characters of a removed block shown in the report


@dataclass
class ItemResult:
    title: str
    source: str  # where the item came from (WXR line, file name)
    target: str = ""  # the written file, when imported
    reason: str = ""  # why it was skipped
    comments: str = ""  # what became of its comments in the feedback store
    notes: list[str] = field(default_factory=list)
    title_guess: str = ""  # how the title was guessed ("" = found in the source)
    removed: list[Removal] = field(default_factory=list)
    unknown_blocks: list[str] = field(default_factory=list)
    media_fetched: list[str] = field(default_factory=list)
    media_failed: list[str] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        return bool(self.target) and not self.reason


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "…"


@dataclass
class ImportReport:
    results: list[ItemResult] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # other files written (redirects, comments)

    @property
    def imported(self) -> list[ItemResult]:
        return [r for r in self.results if r.imported]

    @property
    def skipped(self) -> list[ItemResult]:
        return [r for r in self.results if not r.imported]

    def summary(self) -> str:
        return f"importiert {len(self.imported)}, übersprungen {len(self.skipped)}"

    def table(self) -> list[tuple[str, int]]:
        """The closing table: (German label, count), skipped split by reason."""
        done = self.imported
        reasons = Counter(_reason_kind(r.reason) for r in self.skipped)
        rows = [("importiert", len(done)), ("übersprungen", len(self.skipped))]
        rows += [(f"  davon: {reason}", n) for reason, n in reasons.most_common()]
        rows += [
            ("Titel geraten", sum(1 for r in done if r.title_guess)),
            ("Blöcke entfernt", sum(len(r.removed) for r in done)),
            ("unbekannte Blöcke (als HTML übernommen)", sum(len(r.unknown_blocks) for r in done)),
            ("Medien geholt", sum(len(r.media_fetched) for r in done)),
            ("Medien fehlgeschlagen", sum(len(r.media_failed) for r in done)),
        ]
        return rows

    def lines(self) -> list[str]:
        out = []
        for result in self.results:
            if result.imported:
                out.append(f"  ✓ {result.title} → {result.target}")
            else:
                out.append(f"  – {result.title} ({result.source}): {result.reason}")
            if result.title_guess:
                out.append(f"      Titel geraten ({result.title_guess}) – bitte prüfen")
            if result.comments:
                out.append(f"      Kommentare: {result.comments}")
            for removal, times in Counter(result.removed).items():
                count = f" ({times}×)" if times > 1 else ""
                text = _snippet(removal.text)
                out.append(f"      Entfernt [{removal.rule}] {removal.reason}: „{text}“{count}")
            for name in dict.fromkeys(result.unknown_blocks):
                out.append(f"      Unbekannter Block {name}: Inhalt als HTML übernommen")
            for failure in dict.fromkeys(result.media_failed):
                out.append(f"      Medium nicht geholt: {failure}")
            out.extend(f"      Hinweis: {note}" for note in dict.fromkeys(result.notes))
        out.extend(f"  Datei: {path}" for path in self.files)
        out.append(self.summary())
        return out


def _reason_kind(reason: str) -> str:
    """„Beitragstyp „nav_menu_item“ wird nicht importiert“ stays; file paths are cut off."""
    if "existiert schon" in reason:
        return "existiert schon (--force überschreibt)"
    return reason.split(": ", 1)[0] if reason.startswith("/") else reason

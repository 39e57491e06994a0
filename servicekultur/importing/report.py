"""The per-item report of an import: what was written, what was skipped and why."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ItemResult:
    title: str
    source: str  # where the item came from (WXR line, file name)
    target: str = ""  # the written file, when imported
    reason: str = ""  # why it was skipped
    comments: str = ""  # what became of its comments in the feedback store
    notes: list[str] = field(default_factory=list)

    @property
    def imported(self) -> bool:
        return bool(self.target) and not self.reason


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

    def lines(self) -> list[str]:
        out = []
        for result in self.results:
            if result.imported:
                out.append(f"  ✓ {result.title} → {result.target}")
            else:
                out.append(f"  – {result.title} ({result.source}): {result.reason}")
            if result.comments:
                out.append(f"      Kommentare: {result.comments}")
            out.extend(f"      Hinweis: {note}" for note in result.notes)
        out.extend(f"  Datei: {path}" for path in self.files)
        out.append(self.summary())
        return out

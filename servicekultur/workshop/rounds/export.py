"""A round's result for the trainer: CSV (German Excel opens it as is) — the one-page PDF is
rendered by the web edge from its template with ``workshop.handout.pdf_from_html``."""

from __future__ import annotations

import csv
import io

from servicekultur.workshop.rounds.model import Round, Tally

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Text that a spreadsheet must not run as a formula."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA) else text


def csv_text(round_: Round, tally: Tally) -> str:
    """One row per item, where it hurts first; semicolons and a BOM for German Excel."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["Runde", round_.display_code, _cell(round_.title)])
    writer.writerow(["Teams", tally.teams, "beendet" if not tally.is_open else "läuft noch"])
    writer.writerow([])
    writer.writerow(
        ["Rang", "Nr.", "Punkt", "Checkliste", "Teams, die das erfüllen", "Teams", "Anteil %"]
    )
    for rank, entry in enumerate(tally.items, start=1):
        writer.writerow(
            [
                rank,
                entry.position + 1,
                _cell(entry.item.text),
                _cell(entry.item.checklist),
                entry.yes,
                entry.teams,
                entry.percent,
            ]
        )
    return out.getvalue()


def file_stem(round_: Round) -> str:
    return f"runde-{round_.code}-{round_.created:%Y-%m-%d}"

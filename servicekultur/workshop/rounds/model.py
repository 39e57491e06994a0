"""The round domain: rounds, their items, the tally per item and the errors (German messages).

The errors are the service's generic domain errors (``servicekultur.feedback.model``), so the
web edge maps them to a status in its one place (``servicekultur/web/errors.py``).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from servicekultur.feedback.model import Conflict, FeedbackError, NotFound, Refused
from servicekultur.redirects.shortlinks import ALPHABET

CODE_LENGTH = 5
MAX_TITLE = 120
MAX_ITEMS = 80  # one projector list; a whole Workshop-Set of several checklists fits
_CODE = re.compile(f"^[{ALPHABET}]{{{CODE_LENGTH}}}$")


class RoundNotFound(NotFound):
    def __init__(self) -> None:
        super().__init__("Diese Runde gibt es nicht (mehr). Bitte prüfen Sie den Code.")


class RoundClosed(Conflict):
    def __init__(self) -> None:
        super().__init__("Diese Runde ist beendet; es werden keine Stimmen mehr angenommen.")


class WrongSecret(Refused):
    def __init__(self) -> None:
        super().__init__("Der Schlüssel passt nicht zu dieser Runde.", "schluessel")


class BadVote(FeedbackError):
    """A vote names items that are not in the round."""


@dataclass(frozen=True)
class RoundItem:
    key: str  # "slug:item-id"
    text: str  # plain text of the item
    checklist: str  # title of its checklist


@dataclass(frozen=True)
class Round:
    id: int
    code: str
    title: str
    selection: str
    items: tuple[RoundItem, ...]
    created: datetime
    closed: datetime | None
    version: int
    secret_hash: str
    secret_shown: bool = False

    @property
    def is_open(self) -> bool:
        return self.closed is None

    @property
    def display_code(self) -> str:
        """The code as shown on the projector: capitals read best from the back of a room."""
        return self.code.upper()

    def positions(self, raw: list[str]) -> frozenset[int]:
        """Item positions from form values (``"0"``, ``"3"`` …); anything else is a BadVote."""
        chosen = set()
        for value in raw:
            value = value.strip()
            if not value.isdigit() or len(value) > 3 or int(value) >= len(self.items):
                raise BadVote("Die Auswahl enthält einen Punkt, den es in dieser Runde nicht gibt.")
            chosen.add(int(value))
        return frozenset(chosen)


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str | None) -> str | None:
    """``" K7M2Q "`` → ``"k7m2q"``; None for anything that cannot be a round code."""
    code = (raw or "").strip().lower().replace(" ", "").replace("-", "")
    return code if _CODE.match(code) else None


def encode_ticked(positions: frozenset[int]) -> str:
    return " ".join(str(p) for p in sorted(positions))


def decode_ticked(text: str) -> frozenset[int]:
    return frozenset(int(part) for part in text.split() if part.isdigit())


@dataclass(frozen=True)
class ItemTally:
    position: int  # 0-based position in the round
    item: RoundItem
    yes: int
    teams: int

    @property
    def percent(self) -> int:
        return round(self.yes / self.teams * 100) if self.teams else 0

    @property
    def label(self) -> str:
        """„7 von 12 Teams erfüllen das“."""
        if not self.teams:
            return "noch keine Stimmen"
        noun = "Team" if self.teams == 1 else "Teams"
        verb = "erfüllt" if self.yes == 1 else "erfüllen"
        return f"{self.yes} von {self.teams} {noun} {verb} das"


@dataclass(frozen=True)
class Tally:
    version: int
    teams: int
    is_open: bool
    items: tuple[ItemTally, ...]  # where it hurts first: the lowest share on top

    @property
    def teams_label(self) -> str:
        if self.teams == 0:
            return "Noch hat kein Team abgestimmt."
        return (
            "1 Team hat abgestimmt." if self.teams == 1 else f"{self.teams} Teams haben abgestimmt."
        )

    def as_json(self) -> dict:
        return {
            "version": self.version,
            "teams": self.teams,
            "teams_label": self.teams_label,
            "open": self.is_open,
            "items": [
                {
                    "position": t.position + 1,
                    "text": t.item.text,
                    "checklist": t.item.checklist,
                    "yes": t.yes,
                    "percent": t.percent,
                    "label": t.label,
                }
                for t in self.items
            ],
        }


def count(round_: Round, ballots: list[frozenset[int]]) -> Tally:
    """The tally of ``ballots`` (one per team), the items ordered where it hurts first."""
    teams = len(ballots)
    yes = [0] * len(round_.items)
    for ballot in ballots:
        for position in ballot:
            if position < len(yes):
                yes[position] += 1
    items = [ItemTally(p, item, yes[p], teams) for p, item in enumerate(round_.items)]
    items.sort(key=lambda t: (t.yes / teams if teams else 0, t.position))
    return Tally(round_.version, teams, round_.is_open, tuple(items))

"""Reading the round forms: url-encoded bodies only, bounded, every value a string or a list."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import RedirectResponse

from servicekultur.web.feedback.intake import form_pairs
from servicekultur.workshop.rounds.model import MAX_ITEMS, RoundNotFound, normalise_code

MAX_FIELDS = MAX_ITEMS + 10


class FormData:
    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self.pairs = pairs

    def get(self, name: str, default: str = "") -> str:
        return next((value for key, value in self.pairs if key == name), default)

    def all(self, name: str) -> list[str]:
        return [value for key, value in self.pairs if key == name]


async def read_form(request: Request) -> FormData:
    return FormData(await form_pairs(request, MAX_FIELDS))


def clean_text(raw: str, limit: int) -> str:
    """One line of user text: control characters dropped, whitespace folded, cut to ``limit``."""
    text = "".join(ch for ch in raw if ch.isprintable() or ch == " ")
    return " ".join(text.split())[:limit]


def canonical(code: str, suffix: str = "") -> tuple[str, RedirectResponse | None]:
    """The round code from the URL; a code typed in capitals is sent to the lower-case URL
    (the cookies of a round are bound to that path); anything else is a 404."""
    found = normalise_code(code)
    if found is None:
        raise RoundNotFound()
    if found != code:
        return found, RedirectResponse(f"/runde/{found}{suffix}", status_code=303)
    return found, None

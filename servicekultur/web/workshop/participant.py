"""Participants: join by code, tick what the team already does, change it until the round ends.

Works without JavaScript (form post → 303 → the page with „Gespeichert“); with it, every tick is
saved at once through ``/runde/<code>/stimme``. No name, no account; the device is a random id
in a cookie of this round only.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse

from servicekultur.feedback.model import FeedbackError, Refused, StoreError
from servicekultur.web.errors import message_of, retry_headers, status_of
from servicekultur.web.workshop.context import NO_STORE, RoundsContext, rounds
from servicekultur.web.workshop.forms import FormData, canonical, read_form
from servicekultur.web.workshop.security import NO_DEVICE, check_origin, device_hash, new_device
from servicekultur.workshop.rounds.model import Round, RoundClosed, RoundNotFound, normalise_code

router = APIRouter()
SAVED = "Gespeichert – danke! Sie können Ihre Antworten bis zum Ende der Runde ändern."


def groups(round_: Round) -> list[tuple[str, list]]:
    """The round's items by checklist, in order: ``[(checklist title, [(position, item)])]``."""
    result: list[tuple[str, list]] = []
    for position, item in enumerate(round_.items):
        if not result or result[-1][0] != item.checklist:
            result.append((item.checklist, []))
        result[-1][1].append((position, item))
    return result


@router.get("/runde")
@router.get("/runde/")
async def join(request: Request, code: str | None = None):
    """The page to type a round code into (``?code=`` leads to the round)."""
    if code is None:
        return rounds(request).render("beitreten.html")
    found = normalise_code(code[:40])
    if found is None:
        message = "Ein Runden-Code hat fünf Zeichen, zum Beispiel K7M2Q. Bitte prüfen Sie ihn."
        return rounds(request).render("beitreten.html", 400, error=message, value=code[:40])
    return RedirectResponse(f"/runde/{found}", status_code=303)


def _page(request: Request, ctx: RoundsContext, round_: Round, device: str, **values):
    ballot = values.pop("ticked", None)
    if ballot is None:
        ballot = ctx.store.ballot(round_.id, device_hash(device))
    return ctx.render(
        "teilnehmen.html",
        values.pop("status", 200),
        round=round_,
        groups=groups(round_),
        ticked=ballot or frozenset(),
        token=ctx.tokens.vote(round_.code, device),
        **values,
    )


@router.get("/runde/{code}")
async def participate(request: Request, code: str, gespeichert: str = ""):
    code, redirect = canonical(code)
    if redirect:
        return redirect
    ctx = rounds(request)
    ctx.limit(ctx.address_limiter, ctx.client(request))
    round_ = ctx.round_for(code, fresh=True)
    device = ctx.tokens.device_of(request)
    joined = device is not None
    device = device or new_device()
    response = _page(
        request,
        ctx,
        round_,
        device,
        ticked=None if joined else frozenset(),
        saved=SAVED if gespeichert and joined else "",
    )
    if not joined:
        ctx.tokens.give_device(response, request, device, code, ctx.days)
    return response


async def _vote(request: Request, ctx: RoundsContext, code: str, form: FormData) -> int:
    """Check and store one vote; the round's version after it."""
    check_origin(request, ctx.settings.public_url)
    ctx.limit(ctx.address_limiter, ctx.client(request))
    device = ctx.tokens.device_of(request)
    if device is None:
        raise Refused(NO_DEVICE)
    ctx.tokens.check_vote(form.get("token"), code, device)
    ctx.limit(ctx.device_limiter, device_hash(device))
    round_ = ctx.round_for(code)
    if not round_.is_open:
        raise RoundClosed()
    positions = round_.positions(form.all("punkt"))
    try:
        return await ctx.writer.submit((round_.id, device_hash(device), positions))
    except RoundClosed:
        ctx.forget(code)
        raise


@router.post("/runde/{code}")
async def vote_form(request: Request, code: str):
    """The form without JavaScript: 303 to the page with „Gespeichert“, or the page with why."""
    found = normalise_code(code)
    if found is None:
        raise RoundNotFound()
    ctx = rounds(request)
    form = FormData([])
    try:
        form = await read_form(request)
        await _vote(request, ctx, found, form)
    except FeedbackError as error:
        round_ = ctx.round_for(found)
        device = ctx.tokens.device_of(request)
        if device is None:  # no cookie: the page can only say so (a new visit joins)
            raise
        try:
            ticked = round_.positions(form.all("punkt"))
        except FeedbackError:
            ticked = frozenset()
        response = _page(
            request,
            ctx,
            round_,
            device,
            ticked=ticked,
            error=error.message,
            status=status_of(error),
        )
        response.headers.update(retry_headers(error))
        return response
    return RedirectResponse(f"/runde/{found}?gespeichert=1", status_code=303)


@router.post("/runde/{code}/stimme")
async def vote_json(request: Request, code: str):
    """The same vote from the page script: JSON in the answer, also for every error."""
    try:
        found = normalise_code(code)
        if found is None:
            raise RoundNotFound()
        ctx = rounds(request)
        version = await _vote(request, ctx, found, await read_form(request))
    except HTTPException as error:  # e.g. 415: not a form
        return JSONResponse({"error": error.detail}, status_code=error.status_code)
    except (FeedbackError, StoreError) as error:
        return JSONResponse(
            {"error": message_of(error)},
            status_code=status_of(error),
            headers={**NO_STORE, **retry_headers(error)},
        )
    return JSONResponse({"ok": True, "version": version, "message": SAVED}, headers=NO_STORE)

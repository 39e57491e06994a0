"""The projector: join QR code and round code, and the live count per item, where it hurts first.

The page script asks ``/runde/<code>/stand?v=<version>`` every second; an unchanged round costs
one indexed read. Without JavaScript the page reloads itself every few seconds.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse

from servicekultur.feedback.model import FeedbackError, StoreError
from servicekultur.web.errors import message_of, status_of
from servicekultur.web.workshop.context import NO_STORE, rounds
from servicekultur.web.workshop.forms import canonical
from servicekultur.web.workshop.trainer import is_trainer, trainer_round
from servicekultur.workshop.qr import qr_code, qr_image, svg_inline

router = APIRouter()
POLL_MS = 1000  # how often the projector asks (the update target is 2 s)


@router.get("/runde/{code}/projektor")
async def projector(request: Request, code: str):
    code, redirect = canonical(code, "/projektor")
    if redirect:
        return redirect
    ctx = rounds(request)
    round_ = ctx.round_for(code, fresh=True)
    if not is_trainer(ctx, request, round_):
        return RedirectResponse(f"/runde/{code}/leitung", status_code=303)
    join = ctx.join_url(code)
    qr = svg_inline(qr_image(qr_code(join)), f"QR-Code: {join}")
    return ctx.render(
        "projektor.html",
        round=round_,
        tally=ctx.store.tally(code),
        qr=qr,
        join_url=join,
        join_host=ctx.settings.public_url.split("://", 1)[-1],
        poll_ms=POLL_MS,
    )


@router.get("/runde/{code}/stand")
async def standing(request: Request, code: str, v: str = ""):
    """The count as JSON; ``{"unchanged": true}`` while the version is ``v``."""
    try:
        ctx, round_ = trainer_round(request, code, fresh=False)
        version = ctx.store.version(round_.id)
        if v == str(version):
            body = {"version": version, "unchanged": True}
        else:
            body = ctx.tally_json(round_.code, version)
    except (FeedbackError, StoreError) as error:
        return JSONResponse(
            {"error": message_of(error)}, status_code=status_of(error), headers=NO_STORE
        )
    return JSONResponse(body, headers=NO_STORE)

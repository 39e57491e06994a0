"""The trainer's side of a round: start it (``/workshop/neu``, no account), see the key once,
unlock the round on another device with the key, close it, export the result."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from servicekultur.feedback.model import FeedbackError, Refused
from servicekultur.web.errors import retry_headers, status_of
from servicekultur.web.workshop.context import NO_STORE, RoundsContext, rounds
from servicekultur.web.workshop.forms import FormData, canonical, clean_text, read_form
from servicekultur.web.workshop.security import (
    TRAINER_COOKIE,
    check_origin,
    new_secret,
    normalise_secret,
    set_cookie,
    trainer_secret,
)
from servicekultur.workshop.handout import HandoutError, pdf_from_html
from servicekultur.workshop.rounds.export import csv_text, file_stem
from servicekultur.workshop.rounds.model import MAX_TITLE, Round, RoundNotFound, normalise_code

router = APIRouter()
NOT_BUILT = (
    "Die Checklisten sind noch nicht gebaut (`invoke build`); danach lässt sich eine Runde starten."
)
ONLY_TRAINER = (
    "Das darf nur die Leitung dieser Runde. Bitte öffnen Sie die Leitung mit dem Schlüssel."
)


def is_trainer(ctx: RoundsContext, request: Request, round_: Round) -> bool:
    secret = trainer_secret(request)
    return bool(secret) and ctx.store.secret_matches(round_, secret)


def trainer_round(request: Request, code: str, fresh: bool = True) -> tuple[RoundsContext, Round]:
    """The round, if this browser holds its key; else Refused (403)."""
    found = normalise_code(code)
    if found is None:
        raise RoundNotFound()
    ctx = rounds(request)
    round_ = ctx.round_for(found, fresh=fresh)
    if not is_trainer(ctx, request, round_):
        raise Refused(ONLY_TRAINER)
    return ctx, round_


def _new_page(request: Request, ctx: RoundsContext, form: FormData, error=None):
    catalog = ctx.catalog.load()
    if catalog is None:
        return ctx.render("nachricht.html", 503, title="Noch keine Checklisten", text=NOT_BUILT)
    chosen = form.get("auswahl")[:2000]
    custom = None
    if chosen and chosen not in catalog.checklists and not chosen.startswith("set:"):
        try:
            custom = catalog.resolve(chosen)
        except FeedbackError as problem:
            error = error or problem
            chosen = ""
    response = ctx.render(
        "neu.html",
        status_of(error) if error else 200,
        catalog=catalog,
        chosen=chosen,
        custom=custom,
        title=form.get("titel")[:MAX_TITLE],
        error=error.message if error else "",
        token=ctx.tokens.form("neu"),
    )
    if error:
        response.headers.update(retry_headers(error))
    return response


@router.get("/workshop/neu")
async def new_round_page(request: Request, auswahl: str = "", titel: str = ""):
    """Choose a checklist, a Workshop-Set or take the selection from the set builder."""
    return _new_page(request, rounds(request), FormData([("auswahl", auswahl), ("titel", titel)]))


@router.post("/workshop/neu")
async def new_round(request: Request):
    ctx = rounds(request)
    form = FormData([])
    try:
        form = await read_form(request)
        check_origin(request, ctx.settings.public_url)
        ctx.tokens.check_form(form.get("token"), "neu")
        catalog = ctx.catalog.load()
        if catalog is None:
            raise FeedbackError(NOT_BUILT)
        default_title, selection, items = catalog.resolve(form.get("auswahl"))
        ctx.limit(ctx.new_round_limiter, ctx.client(request))
    except FeedbackError as error:
        return _new_page(request, ctx, form, error)
    title = clean_text(form.get("titel"), MAX_TITLE) or default_title
    secret = new_secret()
    round_ = ctx.store.create(title, selection, items, normalise_secret(secret))
    response = RedirectResponse(f"/runde/{round_.code}/leitung", status_code=303)
    set_cookie(response, request, TRAINER_COOKIE, secret, round_.code, ctx.days)
    return response


def _control_page(request: Request, ctx: RoundsContext, round_: Round, **values):
    secret = ""
    if ctx.store.reveal_secret_once(round_.id):  # shown on this one page, never again
        secret = request.cookies.get(TRAINER_COOKIE, "")
    return ctx.render(
        "leitung.html",
        values.pop("status", 200),
        round=round_,
        tally=ctx.store.tally(round_.code),
        secret=secret,
        join_url=ctx.join_url(round_.code),
        token=ctx.tokens.form("schliessen", round_.code),
        **values,
    )


@router.get("/runde/{code}/leitung")
async def control(request: Request, code: str):
    code, redirect = canonical(code, "/leitung")
    if redirect:
        return redirect
    ctx = rounds(request)
    round_ = ctx.round_for(code, fresh=True)
    if not is_trainer(ctx, request, round_):
        return ctx.render("schluessel.html", round=round_, token=ctx.tokens.form("leitung", code))
    return _control_page(request, ctx, round_)


@router.post("/runde/{code}/leitung")
async def unlock(request: Request, code: str):
    """The round's key typed in on another device: this browser becomes the round's leitung."""
    found = normalise_code(code)
    if found is None:
        raise RoundNotFound()
    ctx = rounds(request)
    round_ = ctx.round_for(found, fresh=True)
    try:
        form = await read_form(request)
        check_origin(request, ctx.settings.public_url)
        ctx.tokens.check_form(form.get("token"), "leitung", found)
        ctx.limit(ctx.key_limiter, ctx.client(request))
        secret = normalise_secret(form.get("schluessel"))
        if not ctx.store.secret_matches(round_, secret):
            raise Refused("Der Schlüssel passt nicht zu dieser Runde.", "schluessel")
    except FeedbackError as error:
        response = ctx.render(
            "schluessel.html",
            status_of(error),
            round=round_,
            error=error.message,
            token=ctx.tokens.form("leitung", found),
        )
        response.headers.update(retry_headers(error))
        return response
    response = RedirectResponse(f"/runde/{found}/leitung", status_code=303)
    set_cookie(response, request, TRAINER_COOKIE, secret, found, ctx.days)
    return response


@router.post("/runde/{code}/schliessen")
async def close(request: Request, code: str):
    ctx, round_ = trainer_round(request, code)
    try:
        form = await read_form(request)
        check_origin(request, ctx.settings.public_url)
        ctx.tokens.check_form(form.get("token"), "schliessen", round_.code)
        if form.get("bestaetigt") != "ja":
            raise FeedbackError("Bitte bestätigen Sie, dass die Abstimmung enden soll.")
    except FeedbackError as error:
        return _control_page(request, ctx, round_, error=error.message, status=status_of(error))
    ctx.store.close_round(round_.id)
    ctx.forget(round_.code)
    return RedirectResponse(f"/runde/{round_.code}/leitung", status_code=303)


@router.get("/runde/{code}/ergebnis.csv")
async def export_csv(request: Request, code: str):
    ctx, round_ = trainer_round(request, code)
    body = csv_text(round_, ctx.store.tally(round_.code))
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            **NO_STORE,
            "Content-Disposition": f'attachment; filename="{file_stem(round_)}.csv"',
        },
    )


@router.get("/runde/{code}/ergebnis.pdf")
async def export_pdf(request: Request, code: str):
    ctx, round_ = trainer_round(request, code)
    tally = ctx.store.tally(round_.code)
    html = ctx.templates.get_template("ergebnis_pdf.html").render(
        round=round_, tally=tally, join_url=ctx.join_url(round_.code)
    )
    try:
        pdf = await asyncio.to_thread(pdf_from_html, html)
    except HandoutError as error:
        text = f"Der PDF-Export ist auf diesem Server nicht möglich ({error}); die CSV-Datei geht."
        return ctx.render("nachricht.html", 503, title="PDF nicht verfügbar", text=text)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            **NO_STORE,
            "Content-Disposition": f'attachment; filename="{file_stem(round_)}.pdf"',
        },
    )

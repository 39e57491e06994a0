"""The feedback parts of the app: settings, templates, and (once started) service and tokens."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from anyio import CapacityLimiter
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from servicekultur.config import Settings
from servicekultur.feedback.access import AdminSessions, TokenClaims
from servicekultur.feedback.model import StoreError
from servicekultur.feedback.privacy import client_key
from servicekultur.feedback.ratelimit import EventLimit
from servicekultur.feedback.service import FeedbackService
from servicekultur.web.feedback.clients import client_address
from servicekultur.web.feedback.pages import PageIndex
from servicekultur.web.feedback.security import FormTokens

TEMPLATES = Path(__file__).parent / "templates"
CONCURRENT_CHECKS = 2  # argon2 checks at once per server process (each ~0.1–0.7 s of CPU)
LOGIN_WINDOW = timedelta(minutes=15)  # KB_LOGIN_RATE_LIMIT wrong passwords per client in this
LOCAL = ZoneInfo("Europe/Berlin")  # times are stored in UTC and shown as readers live them
NOT_STARTED = "Der Feedback-Dienst startet gerade. Bitte versuchen Sie es gleich noch einmal."


def local_time(value: datetime) -> str:
    """``2026-11-30 23:30 UTC`` → ``01.12.2026, 00:30 Uhr`` (German time, summer time included)."""
    return value.astimezone(LOCAL).strftime("%d.%m.%Y, %H:%M Uhr")


class FeedbackContext:
    """Built by ``create_app`` without touching disk or database; ``startup.start_feedback``
    opens the store and sets ``service``, ``secret`` and ``tokens`` (``None`` until then)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.pages = PageIndex(settings.output_dir)
        self.templates = Environment(
            loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape()
        )
        self.templates.filters["ortszeit"] = local_time
        self._service: FeedbackService | None = None
        self.secret: bytes = b""
        self._tokens: FormTokens | None = None

    def started(self, service: FeedbackService, secret: bytes) -> None:
        self._service = service
        self.secret = secret
        self._tokens = FormTokens(secret, self.settings.min_fill_seconds)
        self.sessions = AdminSessions(service.store)
        self.claims = TokenClaims(service.store)
        self.hash_checks = CapacityLimiter(CONCURRENT_CHECKS)  # for all logins of this process
        self.login_failures = EventLimit(
            service.store, "login", self.settings.login_rate_limit, LOGIN_WINDOW
        )

    @property
    def running(self) -> bool:
        return self._service is not None

    @property
    def service(self) -> FeedbackService:
        if self._service is None:  # a request before the lifespan ran (or after it ended)
            raise StoreError(NOT_STARTED)
        return self._service

    @property
    def tokens(self) -> FormTokens:
        if self._tokens is None:
            raise StoreError(NOT_STARTED)
        return self._tokens

    def stop(self) -> None:
        service, self._service = self._service, None
        if service is not None:
            service.close()

    def client(self, request: Request) -> str:
        """Keyed hash of the client address (behind ``KB_TRUSTED_PROXIES``: the forwarded one)."""
        address = client_address(request, tuple(self.settings.trusted_proxies))
        return client_key(self.secret, address)

    def form_key(self, chain: str) -> str:
        """Keyed hash of a form's token chain (the per-form rate limit counts by it)."""
        return client_key(self.secret, "form:" + chain)

    def render(self, name: str, code: int = 200, **values) -> HTMLResponse:
        html = self.templates.get_template(name).render(**values)
        return HTMLResponse(html, status_code=code)

    def render_message(self, code: int, title: str, text: str) -> HTMLResponse:
        return self.render("message.html", code=code, title=title, text=text)


def ctx(request: Request) -> FeedbackContext:
    return request.app.state.feedback

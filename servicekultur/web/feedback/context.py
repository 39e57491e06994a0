"""The feedback parts of the app: settings, service, tokens, templates; one per app."""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from jinja2 import Environment, FileSystemLoader, select_autoescape

from servicekultur.config import Settings
from servicekultur.feedback.notify import MailConfig
from servicekultur.feedback.privacy import RateLimiter, client_key
from servicekultur.feedback.service import FeedbackService
from servicekultur.web.feedback.pages import PageIndex
from servicekultur.web.feedback.security import FormTokens

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"


def secret_key(settings: Settings) -> bytes:
    """KB_SECRET_KEY, or a random key generated once into the state folder."""
    if settings.secret_key:
        return settings.secret_key.encode()
    path = settings.state_dir / "secret_key"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".secret_key.{os.getpid()}")
        tmp.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        tmp.chmod(0o600)
        try:
            os.link(tmp, path)  # atomic: with several workers exactly one key wins
            logger.info("feedback: generated a secret key in %s", path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_text(encoding="utf-8").strip().encode()


@dataclass
class FeedbackContext:
    settings: Settings
    service: FeedbackService
    tokens: FormTokens
    secret: bytes
    login_limiter: RateLimiter
    templates: Environment

    @classmethod
    def create(cls, settings: Settings) -> FeedbackContext:
        secret = secret_key(settings)
        pages = PageIndex(settings.output_dir)
        mail = MailConfig.from_settings(settings)
        service = FeedbackService.create(
            settings.database,
            mail,
            settings.rate_limit,
            settings.rebuild_command,
            page_exists=pages.exists,
            item_exists=pages.has_item,
        )
        removed = service.store.purge_rejected(settings.retention_days)
        if removed:
            logger.info("feedback: %s rejected items past retention erased", removed)
        env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape())
        return cls(
            settings,
            service,
            FormTokens(secret, settings.min_fill_seconds),
            secret,
            RateLimiter(settings.login_rate_limit, 15 * 60.0),
            env,
        )

    def client(self, request: Request) -> str:
        address = request.client.host if request.client else "unbekannt"
        return client_key(self.secret, address)

    def render(self, name: str, code: int = 200, **values):
        from fastapi.responses import HTMLResponse

        html = self.templates.get_template(name).render(**values)
        return HTMLResponse(html, status_code=code)


def ctx(request: Request) -> FeedbackContext:
    return request.app.state.feedback

"""Telling people: authors about new feedback, readers about their answer (double opt-in)."""

from __future__ import annotations

import logging
import smtplib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.message import EmailMessage

import feedgenerator

from servicekultur.feedback.model import FeedbackItem

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MailConfig:
    host: str = ""
    port: int = 587
    user: str = ""
    password: str = ""
    sender: str = "redaktion@servicekultur.example"
    authors: str = ""
    site_url: str = "http://127.0.0.1:8000"  # KB_PUBLIC_URL

    @classmethod
    def from_settings(cls, settings) -> MailConfig:
        """The mail part of the service settings (``servicekultur.config.Settings``)."""
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_user,
            settings.smtp_password,
            settings.smtp_from,
            settings.authors_email,
            settings.public_url,
        )


class Notifier:
    """Sends mail through SMTP when configured, otherwise writes to the log."""

    def __init__(self, config: MailConfig) -> None:
        self.config = config
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="feedback-mail")
        self.sent: list[EmailMessage] = []  # the last messages, for the log view and tests

    def link(self, path: str) -> str:
        return self.config.site_url.rstrip("/") + path

    def new_feedback(self, item: FeedbackItem) -> None:
        logger.info("feedback: neue Rückmeldung %s (%s) zu %s", item.id, item.type_label, item.page)
        if self.config.authors:
            body = (
                f"Neue Rückmeldung ({item.type_label}) zu {self.link(item.page)}:\n\n"
                f"{item.text}\n\nModerieren: {self.link('/admin/')}"
            )
            self._send(self.config.authors, f"Neues Feedback: {item.type_label}", body)

    def confirm_email(self, item: FeedbackItem, path: str) -> None:
        body = (
            "Sie haben uns eine Rückmeldung geschickt und möchten über die Antwort informiert "
            f"werden. Bitte bestätigen Sie Ihre Adresse mit diesem Link:\n\n{self.link(path)}\n\n"
            "Wenn Sie das nicht waren, ignorieren Sie diese Nachricht einfach."
        )
        logger.info("feedback: Bestätigungslink für Rückmeldung %s: %s", item.id, self.link(path))
        self._send(item.email, "Bitte bestätigen Sie Ihre E-Mail-Adresse", body)

    def answered(self, item: FeedbackItem, status_path: str) -> None:
        if not (item.email and item.email_confirmed):
            return
        body = (
            f"Auf Ihre Rückmeldung zu {self.link(item.page)} hat die Redaktion geantwortet:\n\n"
            f"{item.answer_text}\n\nIhre Rückmeldung und die Antwort: {self.link(status_path)}"
        )
        self._send(item.email, "Antwort auf Ihre Rückmeldung", body)

    def _send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.config.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        self.sent = [*self.sent[-49:], message]
        if not self.config.host:
            logger.info(
                "feedback: kein SMTP eingerichtet, Nachricht „%s“ nur protokolliert", subject
            )
            return
        self._pool.submit(self._deliver, message)

    def _deliver(self, message: EmailMessage) -> None:
        try:
            with smtplib.SMTP(self.config.host, self.config.port, timeout=20) as smtp:
                if self.config.user:
                    smtp.starttls()
                    smtp.login(self.config.user, self.config.password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            logger.error("feedback: Mail an %s nicht zugestellt: %s", message["To"], error)


def authors_feed(items: list[FeedbackItem], site_url: str) -> str:
    """Atom feed of the newest feedback for the editors (new items first)."""
    base = site_url.rstrip("/")
    feed = feedgenerator.Atom1Feed(
        title="Servicekultur-Wissensbasis – neues Feedback",
        link=f"{base}/admin/",
        description="Neue Rückmeldungen für die Redaktion",
        language="de",
    )
    for item in items:
        feed.add_item(
            title=f"{item.type_label} ({item.status_label}) zu {item.page}",
            link=f"{base}/admin/feedback/{item.id}",
            description=item.display_html,
            pubdate=item.created,
            unique_id=f"{base}/admin/feedback/{item.id}",
        )
    return feed.writeString("utf-8")

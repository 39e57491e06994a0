"""Reader feedback: the service's store, moderation, mail and limits; the build's Feedback page."""

from servicekultur.config.registry import BUILD, SERVICE, TOOLS, Setting

GROUP = "Feedback"


def _argon2(value: object) -> str | None:
    ok = not value or str(value).startswith("$argon2")
    return None if ok else "muss ein argon2-Hash sein (`invoke feedback.password`)"


SETTINGS = [
    Setting(
        "KB_FEEDBACK_PAGE",
        "str",
        "feedback/index.html",
        "wohin der Build die Seite „Feedback“ (offene Fragen, Antwortzeiten) schreibt",
        (BUILD,),
        GROUP,
    ),
    Setting(
        "KB_FEEDBACK_DAYS",
        "int",
        90,
        "Zeitraum der Antwortzeiten auf der Seite „Feedback“ in Tagen",
        (BUILD,),
        GROUP,
        1,
    ),
    Setting(
        "KB_ADMIN_PASSWORD_HASH",
        "str",
        "",
        "argon2-Hash des Passworts für `/admin` (`invoke feedback.password`); leer: kein Admin",
        (SERVICE,),
        GROUP,
        check=_argon2,
        secret=True,
    ),
    Setting(
        "KB_SECRET_KEY",
        "str",
        "",
        "signiert Formular-Tokens und den Feed-Schlüssel",
        (SERVICE,),
        GROUP,
        secret=True,
        shown_default="leer (wird in `KB_STATE_DIR/secret_key` erzeugt)",
    ),
    Setting(
        "KB_RATE_LIMIT",
        "int",
        5,
        "Einsendungen je Client und Minute, darüber 429",
        (SERVICE,),
        GROUP,
        1,
    ),
    Setting(
        "KB_LOGIN_RATE_LIMIT",
        "int",
        5,
        "falsche Passwörter je Client und 15 Minuten, darüber 429 mit Retry-After "
        "(nur für diesen Client)",
        (SERVICE,),
        GROUP,
        1,
    ),
    Setting(
        "KB_RETENTION_DAYS",
        "int",
        30,
        "abgelehntes Feedback wird nach so vielen Tagen gelöscht",
        (SERVICE, TOOLS),
        GROUP,
        1,
    ),
    Setting(
        "KB_MAX_BODY_BYTES",
        "int",
        32768,
        "größere Anfragen bekommen 413",
        (SERVICE,),
        GROUP,
        1,
    ),
    Setting(
        "KB_MIN_FILL_SECONDS",
        "float",
        2.0,
        "schneller abgeschickte Formulare gelten als Bot",
        (SERVICE,),
        GROUP,
        0,
    ),
    Setting(
        "KB_SMTP_HOST",
        "str",
        "",
        "SMTP-Server für Benachrichtigungen; leer: nur Log und Atom-Feed der Redaktion",
        (SERVICE, TOOLS),
        GROUP,
    ),
    Setting("KB_SMTP_PORT", "int", 587, "Port des SMTP-Servers", (SERVICE, TOOLS), GROUP, 1, 65535),
    Setting(
        "KB_SMTP_USER", "str", "", "SMTP-Benutzer (dann mit STARTTLS)", (SERVICE, TOOLS), GROUP
    ),
    Setting("KB_SMTP_PASSWORD", "str", "", "SMTP-Passwort", (SERVICE, TOOLS), GROUP, secret=True),
    Setting(
        "KB_SMTP_FROM",
        "str",
        "redaktion@servicekultur.example",
        "Absender der Benachrichtigungen",
        (SERVICE, TOOLS),
        GROUP,
    ),
    Setting(
        "KB_AUTHORS_EMAIL",
        "str",
        "",
        "an diese Adresse geht die Nachricht über neues Feedback",
        (SERVICE, TOOLS),
        GROUP,
    ),
    Setting(
        "KB_REBUILD_COMMAND",
        "str",
        "",
        "nach Freigabe oder Antwort ausgeführt, z. B. `.venv/bin/invoke build`",
        (SERVICE, TOOLS),
        GROUP,
    ),
]

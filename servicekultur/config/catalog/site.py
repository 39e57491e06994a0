"""Addresses and folders shared by build and service."""

from pathlib import Path

from servicekultur.config.registry import BUILD, SERVICE, TOOLS, Setting

GROUP = "Adressen und Ordner"


def _database_url(value: object) -> str | None:
    return (
        None
        if not value or "://" in str(value)
        else "keine Datenbank-URL (z. B. sqlite:///var/fb.sqlite3)"
    )


SETTINGS = [
    Setting(
        "KB_PUBLIC_URL",
        "url",
        "",
        "die eine öffentliche Adresse der Site (ohne `/` am Ende): Links im Publish-Build, Feeds, "
        "E-Mails, QR-Codes, Handouts, Live-Runden und der erlaubte Origin der Formulare; "
        "`--public-url` bei `serve` und `handout`, `serve --room` setzt die Adresse im WLAN",
        (BUILD, SERVICE, TOOLS),
        GROUP,
        shown_default="leer (= `http://KB_HOST:KB_PORT`)",
    ),
    Setting(
        "KB_ABSOLUTE_URLS",
        "bool",
        False,
        "Links in den Seiten beginnen mit `KB_PUBLIC_URL` statt mit `/` (`publishconf.py`)",
        (BUILD,),
        GROUP,
    ),
    Setting(
        "KB_HOST",
        "str",
        "127.0.0.1",
        "Adresse, an die der Server bindet",
        (BUILD, SERVICE, TOOLS),
        GROUP,
        check=lambda v: None if str(v).strip() else "darf nicht leer sein",
    ),
    Setting("KB_PORT", "int", 8000, "Port des Servers", (BUILD, SERVICE, TOOLS), GROUP, 1, 65535),
    Setting(
        "KB_OUTPUT_DIR",
        "path",
        Path("output"),
        "die gebaute Site, die der Dienst ausliefert (der Build schreibt nach `OUTPUT_PATH`)",
        (SERVICE,),
        GROUP,
    ),
    Setting(
        "KB_INDEX_DIR",
        "path",
        None,
        "der Suchindex: der Build schreibt ihn, der Dienst liest ihn (nie unter `output/`)",
        (BUILD, SERVICE),
        GROUP,
        shown_default="`<Ausgabeordner>/../var/index`",
    ),
    Setting(
        "KB_STATE_DIR",
        "path",
        Path("var"),
        "eigene Dateien des Dienstes: SQLite-Datenbank, erzeugter Schlüssel",
        (BUILD, SERVICE, TOOLS),
        GROUP,
    ),
    Setting(
        "KB_DATABASE_URL",
        "str",
        "",
        "Feedback-Datenbank, z. B. `postgresql+psycopg://kb:pw@db.example/feedback`; der Build "
        "liest daraus die veröffentlichten Rückmeldungen",
        (BUILD, SERVICE, TOOLS),
        GROUP,
        check=_database_url,
        shown_default="leer (SQLite in `KB_STATE_DIR/feedback.sqlite3`)",
    ),
]

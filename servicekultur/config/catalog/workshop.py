"""Checklists in workshops: short links, workshop sets and live rounds."""

from servicekultur.config.registry import BUILD, SERVICE, TOOLS, Setting

GROUP = "Workshops"

SETTINGS = [
    Setting(
        "KB_SHORTLINK_FILE",
        "str",
        "kurzlinks.txt",
        "Kurzlink-Register im Inhaltsordner (leer: keine Kurzlinks `/c/<code>`)",
        (BUILD,),
        GROUP,
    ),
    Setting(
        "KB_WORKSHOP_SETS",
        "dict",
        {},
        'benannte Workshop-Sets: `{"name": {"title": …, "items": ["slug", "slug:punkt-id"]}}`',
        (BUILD, TOOLS),
        GROUP,
    ),
    Setting(
        "KB_WORKSHOP_ROUND_DAYS",
        "int",
        7,
        "Live-Runden (`/workshop/neu`) und ihre Stimmen werden nach so vielen Tagen gelöscht",
        (SERVICE, TOOLS),
        GROUP,
        1,
    ),
    Setting(
        "KB_WORKSHOP_VOTE_LIMIT",
        "int",
        30,
        "Stimmen je Gerät und Minute in einer Live-Runde, darüber 429",
        (SERVICE,),
        GROUP,
        1,
    ),
    Setting(
        "KB_WORKSHOP_ADDRESS_LIMIT",
        "int",
        1000,
        "Anfragen an Live-Runden je Adresse und Minute (30 Handys hinter einem WLAN teilen sich "
        "eine Adresse), darüber 429",
        (SERVICE,),
        GROUP,
        1,
    ),
]

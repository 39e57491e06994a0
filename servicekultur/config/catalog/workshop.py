"""Checklists in workshops: short links and workshop sets."""

from servicekultur.config.registry import BUILD, TOOLS, Setting

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
]

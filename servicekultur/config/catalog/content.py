"""Reading and checking content at build time."""

from servicekultur.config.registry import BUILD, TOOLS, Setting

GROUP = "Inhalte und Build"

SETTINGS = [
    Setting(
        "KB_STRICT",
        "bool",
        False,
        "Fehler in Inhalten oder Einstellungen brechen den Build ab (`invoke check`, `publish`)",
        (BUILD,),
        GROUP,
    ),
    Setting(
        "KB_LONG_WAIT_DAYS",
        "int",
        21,
        "ab so vielen Tagen gilt eine Wartezeit in der Zeitleiste als lang",
        (BUILD, TOOLS),
        GROUP,
        1,
    ),
    Setting(
        "KB_WORDS_PER_MINUTE",
        "int",
        200,
        "Lesegeschwindigkeit für die angezeigte Lesezeit",
        (BUILD,),
        GROUP,
        1,
    ),
    Setting(
        "KB_OVERVIEW_PAGINATION",
        "int",
        20,
        "Einträge pro Seite in den Übersichten",
        (BUILD,),
        GROUP,
        1,
    ),
    Setting(
        "KB_READ_PROCS",
        "int",
        2,
        "Prozesse, die beim Build Markdown lesen und rendern (ab 200 Dateien; `1`: nur Pelican)",
        (BUILD,),
        GROUP,
        1,
        16,
    ),
    Setting(
        "KB_REDIRECTS_FILE",
        "str",
        "redirects.json",
        "Weiterleitungskarte im Inhaltsordner (alte URL → neue URL, etwa aus dem WordPress-Import)",
        (BUILD, TOOLS),
        GROUP,
    ),
    Setting(
        "KB_MAX_FILE_MB",
        "int",
        5,
        "größte Inhaltsdatei in MB; größere Dateien werden als Fehler gemeldet, nicht gebaut",
        (BUILD, TOOLS),
        GROUP,
        1,
        200,
    ),
]

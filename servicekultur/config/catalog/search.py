"""The search index written at build time."""

from servicekultur.config.registry import BUILD, Setting

GROUP = "Suche"

SETTINGS = [
    Setting(
        "KB_SEARCH_RELATED",
        "int",
        4,
        "„Mehr zum Thema“: so viele verwandte Seiten je Seite",
        (BUILD,),
        GROUP,
        3,
        5,
    ),
    Setting(
        "KB_SEARCH_PROCS",
        "int",
        1,
        "Prozesse für einen vollen Neuaufbau des Suchindex (je Prozess ab 2000 Dokumenten)",
        (BUILD,),
        GROUP,
        1,
        16,
    ),
    Setting(
        "KB_SEARCH_BACKGROUND",
        "bool",
        True,
        "der Index wird in einem zweiten Prozess geschrieben, während Pelican die Seiten schreibt",
        (BUILD,),
        GROUP,
    ),
    Setting(
        "KB_CACHE_DIR",
        "path",
        None,
        "wohin der Build das aus simplemma abgeleitete Lexikon der Suche einmal je Rechner legt",
        (BUILD,),
        GROUP,
        shown_default="~/.cache/servicekultur",
    ),
]

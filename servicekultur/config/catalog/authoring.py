"""Tools for authors."""

from servicekultur.config.registry import TOOLS, Setting

GROUP = "Schreiben"

SETTINGS = [
    Setting(
        "KB_AUTHOR",
        "str",
        "Redaktion Servicekultur",
        "Autorin oder Autor neuer Texte aus `invoke new` und `import-page`",
        (TOOLS,),
        GROUP,
    ),
]

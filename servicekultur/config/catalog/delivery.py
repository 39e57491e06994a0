"""Delivery: precompressed files at build time, compression in the service."""

from servicekultur.config.registry import BUILD, SERVICE, Setting

GROUP = "Auslieferung"
PRECOMPRESS = ("theme", "alle", "aus")


def _precompress(value: object) -> str | None:
    return None if value in PRECOMPRESS else f"erlaubt: {', '.join(PRECOMPRESS)}"


SETTINGS = [
    Setting(
        "KB_PRECOMPRESS",
        "str",
        "theme",
        "welche Dateien der Build zusätzlich als `.br` und `.gz` schreibt: `theme` (Stylesheets, "
        "Skripte, Grafiken des Themes), `alle` (jede Text-Datei der Site, für statisches Hosting; "
        "`publishconf.py`) oder `aus`",
        (BUILD,),
        GROUP,
        check=_precompress,
    ),
    Setting(
        "KB_COMPRESS",
        "bool",
        True,
        "der Dienst komprimiert Seiten und Antworten (Brotli oder gzip, je nach Browser); aus, "
        "wenn ein Proxy davor das übernimmt",
        (SERVICE,),
        GROUP,
    ),
]

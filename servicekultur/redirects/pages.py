"""Static redirect pages: old URLs keep working on any static host, ``#fragment`` included."""

from __future__ import annotations

import html

SCRIPT = "/theme/js/redirect.js"


def redirect_page(target_url: str, title: str | None = None, siteurl: str = "") -> str:
    """A page that sends the reader to ``target_url``.

    ``theme/js/redirect.js`` jumps at once and keeps the old URL's fragment (an external script,
    so the service's Content-Security-Policy allows it); ``<meta http-equiv="refresh">`` and a
    visible link are the fallbacks without JavaScript.
    """
    url = html.escape(target_url, quote=True)
    name = html.escape(title or target_url)
    return (
        f'<!DOCTYPE html>\n<html lang="de" data-redirect="{url}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Weiter zu: {name}</title>\n"
        '<meta name="robots" content="noindex">\n'
        f'<link rel="canonical" href="{url}">\n'
        f'<script src="{html.escape(siteurl)}{SCRIPT}"></script>\n'
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        "</head>\n<body>\n<main>\n"
        f'<p>Diese Seite ist umgezogen: <a href="{url}">{name}</a></p>\n'
        "</main>\n</body>\n</html>\n"
    )


def is_redirect_page(markup: str) -> bool:
    """Whether ``markup`` is a page made by :func:`redirect_page` (and may be replaced)."""
    return '<html lang="de" data-redirect=' in markup[:200]

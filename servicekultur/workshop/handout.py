"""PDF handouts from the built site: WeasyPrint renders a page with its print stylesheet.

The handout layout lives in the theme's print CSS only, so screen print, browser "Als PDF
speichern" and ``invoke handout`` produce the same A4 handout.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlparse

logger = logging.getLogger(__name__)


class HandoutError(RuntimeError):
    """The handout cannot be made (message in German)."""


def _fetcher_for(root: Path):
    """A WeasyPrint fetcher that finds root-relative site URLs (``/theme/…``) in ``root`` and
    refuses anything from the network (a handout never depends on another host)."""
    from weasyprint.urls import URLFetcher

    root = root.resolve()

    class SiteFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path))
                if not path.is_file():  # a root-relative URL such as /theme/css/site.css
                    candidate = (root / unquote(parsed.path).lstrip("/")).resolve()
                    if candidate.is_file() and root in candidate.parents:
                        url = candidate.as_uri()
            elif parsed.scheme in ("http", "https"):
                raise ValueError(f"externe Ressource im Handout nicht erlaubt: {url}")
            return super().fetch(url, headers)

    return SiteFetcher()


def page_file(output: Path, url: str) -> Path:
    """The built file of a site URL such as ``checklisten/x/``."""
    path = output / url.lstrip("/")
    return path / "index.html" if url.endswith("/") or not url else path


def render_pdf(output: Path, url: str, dest: Path) -> Path:
    """Render the built page ``url`` (print media) of the site in ``output`` to ``dest``."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise HandoutError(
            f"WeasyPrint nicht verfügbar ({error}); `pip install weasyprint` und Pango installieren"
        ) from error
    source = page_file(output, url)
    if not source.is_file():
        raise HandoutError(f"Seite „/{url}“ nicht gebaut ({source}); erst `invoke build`")
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_suffix(".pdf.tmp")
    document = HTML(filename=str(source), url_fetcher=_fetcher_for(output), media_type="print")
    document.write_pdf(str(tmp))
    tmp.replace(dest)
    logger.info("Handout geschrieben: %s", dest)
    return dest


def pdf_from_html(html: str) -> bytes:
    """A self-contained HTML document (styles inline, nothing to fetch) as PDF bytes."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as error:  # OSError: Pango missing
        raise HandoutError(f"WeasyPrint nicht verfügbar ({error})") from error

    class NoFetch(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"keine externen Ressourcen: {url}")

    return HTML(string=html, url_fetcher=NoFetch(), media_type="print").write_pdf()

"""PDF handouts from the built site: WeasyPrint renders a page with its print stylesheet.

The handout layout lives in the theme's print CSS only, so screen print, browser "Als PDF
speichern" and ``invoke handout`` produce the same A4 handout. A handout for another address
(``--public``, ``--public-url``) is rendered from a build of its own in a temporary folder: the
site in ``output/`` is never touched.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

from servicekultur.workshop.rounds.catalog import CATALOG_FILE

logger = logging.getLogger(__name__)


class HandoutError(RuntimeError):
    """The handout cannot be made (message in German)."""


def _fetcher_for(root: Path, public_url: str = ""):
    """A WeasyPrint fetcher that finds root-relative site URLs (``/theme/…``) and absolute ones
    of the site's own address (a publish build links ``https://…/theme/…``) in ``root``, and
    refuses anything else from the network (a handout never depends on another host)."""
    from weasyprint.urls import URLFetcher

    root = root.resolve()
    own = public_url.rstrip("/") + "/" if public_url else None

    class SiteFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if own and url.startswith(own):
                url = "file:///" + url[len(own) :].split("#", 1)[0].split("?", 1)[0]
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


def built_public_url(output: Path) -> str:
    """The public address the site in ``output`` was built for ("" if unknown)."""
    try:
        data = json.loads((output / CATALOG_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""
    return str(data.get("public_url", "")) if isinstance(data, dict) else ""


def build_elsewhere(
    root: Path, content: Path, settings_file: Path, folder: Path, public_url: str = ""
) -> Path:
    """Build ``content`` into ``folder/output`` (its search index into ``folder/var``), with
    ``public_url`` as the public address if given; returns the output folder."""
    output = folder / "output"
    env = {**os.environ, "KB_INDEX_DIR": str(folder / "var" / "index")}
    if public_url:
        env["KB_PUBLIC_URL"] = public_url
    command = [
        sys.executable, "-m", "pelican", str(content), "-s", str(settings_file), "-o", str(output),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    if result.returncode:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise HandoutError(f"der Build für das Handout ist fehlgeschlagen:\n{tail}")
    return output


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
    fetcher = _fetcher_for(output, built_public_url(output))
    document = HTML(filename=str(source), url_fetcher=fetcher, media_type="print")
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

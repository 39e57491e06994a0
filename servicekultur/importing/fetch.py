"""Fetching the media of an import: from a local copy of the uploads folder, else over HTTP.

Each URL is fetched once per import; a server that cannot be reached is asked only once (its
other files fail with the same reason at once), so an export whose old blog is gone imports in
seconds and says so. Files are written atomically and never overwritten without ``force``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import httpx

from servicekultur.importing.urls import parse_url

MAX_BYTES = 25 * 1024 * 1024
TIMEOUT = httpx.Timeout(20.0, connect=5.0)
USER_AGENT = "servicekultur-import/1.0 (+WordPress-Umzug)"


class FetchError(OSError):
    """A file could not be fetched; the message says why, in German."""


def _write(target: Path, chunks) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            size = 0
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_BYTES:
                    raise FetchError(f"größer als {MAX_BYTES // 1048576} MiB")
                handle.write(chunk)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Fetcher:
    """Copies or downloads files to paths in the content folder; remembers every outcome."""

    def __init__(self, local: Path | None = None, download: bool = True, force: bool = False):
        self.local, self.download, self.force = local, download, force
        self.done: dict[str, Path | FetchError] = {}
        self.dead_hosts: dict[str, str] = {}
        self._client: httpx.Client | None = None

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def local_copy(self, names: list[str]) -> str | None:
        """The first of ``names`` that the local copy of the uploads folder has."""
        if self.local is None:
            return None
        return next((name for name in names if (self.local / name).is_file()), None)

    def fetch(self, url: str, target: Path, local_names: list[str], images_only: bool) -> Path:
        """``target`` holding the file of ``url`` (raises ``FetchError``)."""
        known = self.done.get(url)
        if isinstance(known, FetchError):
            raise known
        if known is not None:
            return known
        try:
            self._fetch(url, target, local_names, images_only)
        except FetchError as error:
            self.done[url] = error
            raise
        except OSError as error:  # the content folder cannot be written
            self.done[url] = FetchError(f"nicht speicherbar ({error.strerror or error})")
            raise self.done[url] from error
        self.done[url] = target
        return target

    def _fetch(self, url: str, target: Path, local_names: list[str], images_only: bool) -> None:
        if target.is_file() and not self.force:
            return  # fetched by an earlier import: keep the file the author may have edited
        found = self.local_copy(local_names)
        if found is not None:
            _write(target, [(self.local / found).read_bytes()])  # type: ignore[operator]
            return
        if not self.download:
            raise FetchError("nicht im --media-Ordner" if self.local else "Download abgeschaltet")
        parsed = parse_url(url)
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise FetchError("keine http(s)-Adresse")
        if parsed.netloc in self.dead_hosts:
            raise FetchError(self.dead_hosts[parsed.netloc])
        self._download(url, target, parsed.netloc, images_only)

    def _download(self, url: str, target: Path, host: str, images_only: bool) -> None:
        if self._client is None:
            self._client = httpx.Client(
                timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": USER_AGENT}
            )
        try:
            with self._client.stream("GET", url) as response:
                if response.status_code != 200:
                    raise FetchError(f"Server antwortet mit HTTP {response.status_code}")
                kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
                if images_only and not kind.startswith("image/"):
                    raise FetchError(f"kein Bild (Inhaltstyp „{kind or 'unbekannt'}“)")
                _write(target, response.iter_bytes())
        except (httpx.ConnectError, httpx.ConnectTimeout) as error:
            reason = f"Server {host} nicht erreichbar ({_short(error)})"
            self.dead_hosts[host] = reason
            raise FetchError(reason) from error
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as error:
            raise FetchError(f"Download abgebrochen ({_short(error)})") from error


def _short(error: Exception) -> str:
    text = str(error) or type(error).__name__
    return text if len(text) <= 80 else text[:77] + "…"

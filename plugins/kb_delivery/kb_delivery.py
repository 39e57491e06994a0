"""kb_delivery: content-hashed theme assets, the page outline for the theme, precompressed files.

The theme names its files through ``kb_asset('css/site.css')`` (→ ``css/site.<hash>.css``) and
builds its table of contents with ``kb_outline(article)``; both are template globals, so a page
rendered outside a full build (live preview, feedback worker) gets the same names. After the
build the hashed files are written and compressed (``KB_PRECOMPRESS``).
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pelican import signals

from servicekultur.content.run import build_run, start_build_run
from servicekultur.delivery.assets import AssetManifest, build_manifest
from servicekultur.delivery.compress import compressible_files, precompress
from servicekultur.delivery.outline import page_outline

logger = logging.getLogger(__name__)

REQUIRES = ("kb_content",)  # the theme whose files this plugin names is rendered with its context
REPORT = "delivery"  # build_run(settings).reports["delivery"]: this build's AssetManifest


def _static_roots(settings: dict) -> list[Path]:
    theme = Path(settings["THEME"])
    return [theme / folder for folder in settings.get("THEME_STATIC_PATHS", ["static"])]


def on_initialized(pelican) -> None:
    settings = pelican.settings
    run = start_build_run(pelican, "kb_delivery", REQUIRES)
    manifest = build_manifest(_static_roots(settings))
    run.reports[REPORT] = manifest
    settings.setdefault("JINJA_GLOBALS", {}).update(kb_asset=manifest.url, kb_outline=page_outline)


def on_finalized(pelican) -> None:
    settings = pelican.settings
    start = time.perf_counter()
    manifest = build_run(settings).reports.get(REPORT)
    if not isinstance(manifest, AssetManifest):
        return
    theme_out = Path(pelican.output_path) / settings.get("THEME_STATIC_DIR", "theme")
    hashed = manifest.write(theme_out)
    mode = settings["KB_PRECOMPRESS"]
    if mode == "aus":
        return
    root = Path(pelican.output_path) if mode == "alle" else theme_out  # theme: also plain names
    files = compressible_files(root)
    written = precompress(files)
    logger.info(
        "kb_delivery: %s hashed theme files, %s compressed variants (%s) in %.2f s",
        len(hashed),
        written,
        mode,
        time.perf_counter() - start,
    )


def register() -> None:
    # Settings checked, asset names worked out and handed to the templates before any is rendered.
    signals.initialized.connect(on_initialized)
    # Everything written (pages, feeds, Pelican's copy of the theme): hashed files, .br and .gz.
    signals.finalized.connect(on_finalized)

"""Project tasks: `invoke --list` is the command reference (see README)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from invoke import Collection, Exit, task

ROOT = Path(__file__).resolve().parent
CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "content": "content",
    "deploy_path": "output",
    "host": os.environ.get("KB_HOST", "127.0.0.1"),
    "port": int(os.environ.get("KB_PORT", "8000")),
}
PY = sys.executable


def _pelican(c, settings: str, *args: str, output: str | None = None, warn: bool = False):
    out = output or CONFIG["deploy_path"]
    cmd = [PY, "-m", "pelican", CONFIG["content"], "-s", settings, "-o", out, *args]
    return c.run(" ".join(cmd), pty=False, warn=warn)


@task
def clean(c):
    """Remove the generated site."""
    shutil.rmtree(ROOT / CONFIG["deploy_path"], ignore_errors=True)


@task
def build(c):
    """Build the site into output/ (development settings)."""
    _pelican(c, CONFIG["settings_base"])


@task
def rebuild(c):
    """Remove output/ and build from scratch."""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Rebuild whenever content, theme or settings change (no server)."""
    _pelican(c, CONFIG["settings_base"], "--autoreload")


def _serve(c, do_build: bool = True):
    import uvicorn

    if do_build:
        build(c)
    print(f"Wissensbasis läuft auf http://{CONFIG['host']}:{CONFIG['port']}/ (Strg+C beendet)")
    uvicorn.run(
        "servicekultur.web:create_app",
        factory=True,
        host=CONFIG["host"],
        port=CONFIG["port"],
        log_level="warning",
    )


@task(help={"no_build": "serve output/ as it is, without building first"})
def serve(c, no_build=False):
    """Build the site and serve site, search and feedback at http://127.0.0.1:8000."""
    _serve(c, do_build=not no_build)


@task
def livereload(c):
    """Serve the site and rebuild it whenever a file changes."""
    import threading

    build(c)
    watcher = threading.Thread(target=regenerate, args=(c,), daemon=True)
    watcher.start()
    _serve(c, do_build=False)


@task
def publish(c):
    """Build the site for publishing (publishconf.py, strict)."""
    _pelican(c, CONFIG["settings_publish"], "--delete-output-directory")


@task(help={"output": "where to write the checked build (default: a temporary folder)"})
def check(c, output=None):
    """Check the content strictly (schema, links, anchors); exits non-zero on errors."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="kb-check-") as tmp:
        result = _pelican(
            c,
            CONFIG["settings_base"],
            "-e",
            "KB_STRICT=true",
            "--fatal",
            "warnings",
            output=output or tmp,
            warn=True,
        )
    if result.exited:
        raise Exit("Inhaltsprüfung fehlgeschlagen.", code=result.exited)
    print("Inhaltsprüfung bestanden.")


@task
def lint(c):
    """Lint and format-check the Python code with ruff."""
    c.run(f"{PY} -m ruff check .")
    c.run(f"{PY} -m ruff format --check .")


@task(help={"k": "only tests matching this expression", "x": "stop at the first failure"})
def test(c, k="", x=False):
    """Run the whole test suite (unit, plugin, service and browser tests)."""
    args = ["-q"]
    if k:
        args += ["-k", repr(k)]
    if x:
        args.append("-x")
    c.run(f"{PY} -m pytest {' '.join(args)}", pty=False)


@task(
    positional=["name"],
    help={
        "name": "the checklist slug (e.g. faires-angebotsverfahren), or with --set a set name",
        "set": "NAME is a workshop set from KB_WORKSHOP_SETS: one PDF bundle",
        "out": "folder for the PDF (default handouts/)",
        "public": "build with publishconf.py so the QR code points to the public site",
        "no_build": "use output/ as it is",
    },
)
def handout(c, name, set_=False, out="handouts", public=False, no_build=False):
    """Write an A4 PDF handout: `handout SLUG` (a checklist) or `handout --set NAME` (a bundle)."""
    from servicekultur.workshop.handout import HandoutError, page_file, render_pdf

    slug, set_name = ("", name) if set_ else (name, "")
    if not no_build:
        publish(c) if public else build(c)
    output = ROOT / CONFIG["deploy_path"]
    url = f"checklisten/{slug}/" if slug else f"workshop/set/{set_name}/"
    if not page_file(output, url).is_file():
        folder = "checklisten" if slug else "workshop/set"
        known = sorted(p.parent.name for p in (output / folder).glob("*/index.html"))
        what = f"Checkliste „{slug}“" if slug else f"Workshop-Set „{set_name}“"
        raise Exit(f"{what} gibt es nicht. Vorhanden: {', '.join(known) or '–'}", code=1)
    dest = Path(out) / (f"{slug}.pdf" if slug else f"set-{set_name}.pdf")
    try:
        render_pdf(output, url, dest)
    except HandoutError as error:
        raise Exit(f"Handout nicht erstellt: {error}", code=1) from error
    print(f"Handout geschrieben: {dest}")


@task(name="build", help={"docs": "documents in the synthetic corpus (default 1000)"})
def bench_build(c, docs=1000):
    """Time a full build of a synthetic German corpus: our site vs. plain Pelican."""
    from servicekultur.bench.build import run_build_benchmark

    run_build_benchmark(ROOT, int(docs))


bench = Collection("bench")
bench.add_task(bench_build)

ns = Collection(clean, build, rebuild, regenerate, serve, livereload, publish, check, lint, test)
ns.add_task(handout)
ns.add_collection(bench)

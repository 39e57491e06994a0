"""Project tasks: `invoke --list` is the command reference (see README)."""

from __future__ import annotations

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
}
PY = sys.executable


def _pelican(c, settings: str, *args: str, output: str | None = None, warn: bool = False):
    from servicekultur.bytecode import compile_code

    compile_code()  # not compiled anew by every build (see servicekultur/bytecode.py)
    out = output or CONFIG["deploy_path"]
    cmd = [PY, "-m", "pelican", CONFIG["content"], "-s", settings, "-o", out, *args]
    return c.run(" ".join(cmd), pty=False, warn=warn)


@task
def clean(c):
    """Die gebaute Site (output/) löschen."""
    shutil.rmtree(ROOT / CONFIG["deploy_path"], ignore_errors=True)


@task
def build(c):
    """Die Site nach output/ bauen (Entwicklungseinstellungen)."""
    _pelican(c, CONFIG["settings_base"])


@task
def rebuild(c):
    """output/ löschen und neu bauen."""
    clean(c)
    build(c)


@task
def regenerate(c):
    """Bei jeder Änderung an Inhalten, Theme oder Einstellungen neu bauen (ohne Server)."""
    _pelican(c, CONFIG["settings_base"], "--autoreload")


def _serve(
    c,
    do_build: bool = True,
    with_worker: bool = True,
    room: bool = False,
    public_url: str = "",
    workers: int = 1,
):
    import os

    import uvicorn

    from servicekultur.workshop.address import check_public, room_url, terminal_qr

    if room:  # the whole room: bind to the network, the address in the Wi-Fi is the public one
        os.environ["KB_HOST"] = "0.0.0.0"
        port = _feedback_call(_service_settings).port
        public_url = public_url or room_url(port) or ""
        if not public_url:
            raise Exit("Keine Adresse im lokalen Netz gefunden – ist der Rechner im WLAN?", code=1)
    if public_url:
        os.environ["KB_PUBLIC_URL"] = public_url  # the build's QR codes and the service agree
    if do_build:
        build(c)
    from servicekultur.web.startup import prepare

    # key file and migrations once, before the server starts; a bad setting or an unreachable
    # database: a clear message, no traceback
    settings = _feedback_call(_service_settings)
    _feedback_call(prepare, settings)
    reach = check_public(settings.public_url, settings.port)
    if room:
        print(f"Seminarraum: Handys im selben WLAN öffnen {settings.public_url}/")
        print(terminal_qr(f"{settings.public_url}/"), end="")
        print(f"Live-Runde starten: {settings.public_url}/workshop/neu")
    elif reach.warning:
        print(f"Hinweis: {reach.warning}")
        if reach.offer:
            print(reach.offer)
    worker = _start_worker() if with_worker else None
    shown = "127.0.0.1" if settings.host in ("0.0.0.0", "::") else settings.host
    print(f"Wissensbasis läuft auf http://{shown}:{settings.port}/ (Strg+C beendet)")
    try:
        if workers > 1:  # one listening socket per process (servicekultur/web/workers.py)
            from servicekultur.web.workers import supervise

            raise Exit(code=supervise(settings.host, settings.port, workers))
        uvicorn.run(
            "servicekultur.web:create_app",
            factory=True,
            host=settings.host,
            port=settings.port,
            log_level="warning",
            log_config=_console_logging(),
            proxy_headers=False,  # X-Forwarded-For only from KB_TRUSTED_PROXIES (the app reads it)
        )
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(timeout=30)


def _worker_command() -> list[str]:
    return [
        PY, "-m", "servicekultur.publishing", "--root", str(ROOT),
        "--settings", CONFIG["settings_base"], "--content", CONFIG["content"],
        "--output", CONFIG["deploy_path"],
    ]  # fmt: skip


def _start_worker():
    """The build worker beside the server: approvals reach the pages within seconds."""
    import subprocess

    return subprocess.Popen(_worker_command(), cwd=ROOT)


def _console_logging() -> dict:
    """uvicorn's logging, plus one console line per message in the development outbox."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["plain"] = {"format": "%(message)s"}
    config["handlers"]["plain"] = {
        "class": "logging.StreamHandler",
        "formatter": "plain",
        "stream": "ext://sys.stderr",
    }
    config["loggers"]["servicekultur.outbox"] = {
        "handlers": ["plain"],
        "level": "INFO",
        "propagate": False,
    }
    return config


def _service_settings():
    from servicekultur.config import Settings

    return Settings.from_env()


@task(
    help={
        "no_build": "output/ so ausliefern, wie es ist (ohne vorher zu bauen)",
        "no_worker": "ohne Build-Worker (Freigaben erscheinen erst mit dem nächsten Build)",
        "room": "für einen Seminarraum: im lokalen Netz lauschen, QR-Codes auf diese Adresse",
        "public_url": "öffentliche Adresse für QR-Codes und Handouts (KB_PUBLIC_URL)",
        "workers": "Serverprozesse auf einem Port (Standard: 1; mehr: je ein Socket, SO_REUSEPORT)",
    }
)
def serve(c, no_build=False, no_worker=False, room=False, public_url="", workers=1):
    """Bauen und ausliefern (http://127.0.0.1:8000, mit Build-Worker); --room: im WLAN, mit QR."""
    _serve(c, not no_build, not no_worker, room, public_url, int(workers))


@task
def worker(c):
    """Build-Worker: Seiten mit neuem Feedback binnen Sekunden neu schreiben (Strg+C beendet)."""
    c.run(" ".join(_worker_command()), pty=False)


@task
def livereload(c):
    """Live-Vorschau: die gespeicherte Seite sofort, der Rest im Hintergrund."""
    from servicekultur.authoring.preview.main import serve

    settings = _feedback_call(_service_settings)
    serve(
        ROOT,
        ROOT / CONFIG["settings_base"],
        ROOT / CONFIG["content"],
        ROOT / CONFIG["deploy_path"],
        settings.host,
        settings.port,
        [ROOT / "theme", ROOT / CONFIG["settings_base"]],
    )


@task
def publish(c):
    """Streng für die Veröffentlichung bauen (publishconf.py, KB_PUBLIC_URL)."""
    _pelican(c, CONFIG["settings_publish"], "--delete-output-directory")


@task(
    help={
        "output": "wohin der geprüfte Build geschrieben wird (Standard: ein temporärer Ordner)",
        "fast": "nur der Linter, kein strenger Build",
        "format": "text (Standard) oder json (nur Linter, für Editoren)",
    }
)
def check(c, output=None, fast=False, format="text"):
    """Inhalte prüfen (datei:zeile, Fehler, Hinweise), dann streng bauen; Exit ≠ 0 bei Fehlern."""
    import tempfile

    from servicekultur.authoring.lint import lint as lint_content

    report = lint_content(ROOT / CONFIG["content"], display_root=CONFIG["content"])
    print(report.as_json() if format == "json" else report.as_text())
    if report.exit_code or format == "json":
        raise Exit(code=report.exit_code)
    if fast:
        return
    with tempfile.TemporaryDirectory(prefix="kb-check-") as tmp:
        # KB_STRICT collects every problem and stops before writing, without a traceback
        # (Pelican's --fatal would stop at the first message, with one)
        result = _pelican(
            c,
            CONFIG["settings_base"],
            "-e",
            "KB_STRICT=true",
            output=output or str(Path(tmp) / "output"),  # the search index goes to tmp/var
            warn=True,
        )
    if result.exited:
        raise Exit("Inhaltsprüfung fehlgeschlagen.", code=result.exited)
    print("Inhaltsprüfung bestanden.")


@task
def docs(c):
    """docs/einstellungen.md aus dem Einstellungsregister erzeugen."""
    from servicekultur.config.docs import settings_markdown

    (ROOT / "docs" / "einstellungen.md").write_text(settings_markdown(), encoding="utf-8")
    print("docs/einstellungen.md geschrieben.")


@task
def lint(c):
    """Python-Code mit ruff prüfen (Regeln und Format)."""
    c.run(f"{PY} -m ruff check .")
    c.run(f"{PY} -m ruff format --check .")


@task(help={"k": "nur Tests, die auf diesen Ausdruck passen", "x": "beim ersten Fehler aufhören"})
def test(c, k="", x=False):
    """Die ganze Testsuite (Einheiten-, Plugin-, Dienst- und Browsertests)."""
    args = ["-q"]
    if k:
        args += ["-k", repr(k)]
    if x:
        args.append("-x")
    c.run(f"{PY} -m pytest {' '.join(args)}", pty=False)


@task(
    positional=["name"],
    help={
        "name": "Slug der Checkliste (z. B. faires-angebotsverfahren), mit --set ein Set",
        "set": "NAME ist ein Workshop-Set aus KB_WORKSHOP_SETS: ein PDF-Bündel",
        "out": "Ordner für das PDF (Standard: handouts/)",
        "public": "wie veröffentlicht bauen (publishconf.py), in einem temporären Ordner",
        "public_url": "Adresse, auf die der QR-Code zeigt (temporärer Build, nie output/)",
        "no_build": "output/ so nehmen, wie es ist",
    },
)
def handout(c, name, set_=False, out="handouts", public=False, public_url="", no_build=False):
    """A4-Handout als PDF: `handout SLUG` (Checkliste) oder `handout --set NAME` (Bündel)."""
    import tempfile

    from servicekultur.workshop.address import check_public
    from servicekultur.workshop.handout import (
        HandoutError,
        build_elsewhere,
        built_public_url,
        page_file,
        render_pdf,
    )

    slug, set_name = ("", name) if set_ else (name, "")
    url = f"checklisten/{slug}/" if slug else f"workshop/set/{set_name}/"
    dest = Path(out) / (f"{slug}.pdf" if slug else f"set-{set_name}.pdf")
    elsewhere = public or bool(public_url)
    if elsewhere and no_build:
        raise Exit("--no-build passt nicht zu --public/--public-url (eigener Build nötig).", code=1)
    with tempfile.TemporaryDirectory(prefix="kb-handout-") as tmp:
        try:
            if elsewhere:  # its own build: the site in output/ stays as it is
                settings = CONFIG["settings_publish"] if public else CONFIG["settings_base"]
                output = build_elsewhere(
                    ROOT, ROOT / CONFIG["content"], ROOT / settings, Path(tmp), public_url
                )
            else:
                if not no_build:
                    build(c)
                output = ROOT / CONFIG["deploy_path"]
            if not page_file(output, url).is_file():
                folder = "checklisten" if slug else "workshop/set"
                known = sorted(p.parent.name for p in (output / folder).glob("*/index.html"))
                what = f"Checkliste „{slug}“" if slug else f"Workshop-Set „{set_name}“"
                raise Exit(f"{what} gibt es nicht. Vorhanden: {', '.join(known) or '–'}", code=1)
            render_pdf(output, url, dest)
            address = built_public_url(output)
        except HandoutError as error:
            raise Exit(f"Handout nicht erstellt: {error}", code=1) from error
    print(f"Handout geschrieben: {dest}")
    if address:
        reach = check_public(address)
        print(f"QR-Code: {address}/{url}")
        if reach.warning:
            print(f"Hinweis: {reach.warning}")
        if reach.lan:
            again = f"invoke handout {'--set ' if set_ else ''}{name} --public-url {reach.lan}"
            print(f"Für Handys im selben WLAN: {again} (dazu invoke serve --room)")


@task(
    name="build",
    help={"docs": "Dokumente im synthetischen Korpus (Standard: 1000)", "repeat": "Läufe (2)"},
)
def bench_build(c, docs=1000, repeat=2):
    """Build eines synthetischen Korpus gegen Pelican pur: Wand, CPU, Speicher des Prozessbaums."""
    from servicekultur.bench.build import run_build_benchmark

    run_build_benchmark(ROOT, int(docs), int(repeat))


@task(
    name="laws", help={"limit": "nur die ersten N Gesetze (Standard: alle)", "repeat": "Läufe (2)"}
)
def bench_laws(c, limit=0, repeat=2):
    """Echte Inhalte: Gesetze plus unsere Texte bauen; Quellen, Seiten, Fehler je Regel, Zeit."""
    from servicekultur.bench.lawbuild import run_laws_check

    run_laws_check(ROOT, int(limit) or None, int(repeat))


bench = Collection("bench")
bench.add_task(bench_build)
bench.add_task(bench_laws)

ns = Collection(
    clean, build, rebuild, regenerate, serve, livereload, publish, check, docs, lint, test
)
ns.add_task(worker)
ns.add_task(handout)
ns.add_collection(bench)


@task(
    name="search",
    help={
        "docs": "Seiten im synthetischen Korpus (Standard: 10000)",
        "procs": "Prozesse für den vollen Index (Standard: 2)",
        "laws": "auch die Site aus ../shared/corpora/gesetze + unseren Inhalten (Standard: ja)",
    },
)
def bench_search(c, docs=10000, procs=2, laws=True):
    """Suchindex (voll, gegen Pagefind; eine Änderung), Start, p95 und Speicher messen."""
    from servicekultur.bench.search import run_search_benchmark

    run_search_benchmark(ROOT, int(docs), int(procs), laws=bool(laws))


bench.add_task(bench_search)


@task(
    name="relevance",
    help={
        "laws": "nur die ersten N Gesetze aus ../shared/corpora/gesetze (Standard: alle 1500)",
        "show": "jede Anfrage zeigen, deren gemeinte Seite nicht vorn steht",
    },
)
def bench_relevance(c, laws=0, show=False):
    """Relevanz auf echten Gesetzen + unseren Inhalten je Anfrageart, neben Pagefind."""
    from servicekultur.bench.relevance import run_relevance_benchmark

    run_relevance_benchmark(ROOT, int(laws) or None, bool(show))


bench.add_task(bench_relevance)


# -- Readers (issue 16): page weight over the wire, screenshots for review ---------------------
@task(
    name="pages",
    help={
        "no_build": "output/ so wie gebaut messen (ohne vorher zu bauen)",
        "verbose": "jede Datei einzeln zeigen",
    },
)
def bench_pages(c, no_build=False, verbose=False):
    """Bytes je Seitentyp beim ersten Besuch: komprimiert gegen Budget und gegen unkomprimiert."""
    from servicekultur.bench.pages import run_pages_benchmark
    from servicekultur.bench.served import BrowserMissing

    if not no_build:
        build(c)
    try:
        ok = run_pages_benchmark(ROOT / CONFIG["deploy_path"], verbose)
    except BrowserMissing as error:
        raise Exit(str(error), code=1) from error
    if not ok:
        raise Exit("Mindestens ein Seitentyp liegt über seinem Budget.", code=1)


bench.add_task(bench_pages)


@task(
    help={
        "out": "Zielordner (Standard: docs/bilder)",
        "dark": "im dunklen Farbschema aufnehmen",
        "no_build": "output/ so wie gebaut aufnehmen (ohne vorher zu bauen)",
    }
)
def screenshots(c, out="docs/bilder", dark=False, no_build=False):
    """Bildschirmfotos aller Seitentypen bei 1280 und 390 px (zur Durchsicht, README)."""
    from servicekultur.bench.screenshots import take_screenshots
    from servicekultur.bench.served import BrowserMissing

    if not no_build:
        build(c)
    try:
        scheme = "dark" if dark else "light"
        paths = take_screenshots(ROOT / CONFIG["deploy_path"], ROOT / out, scheme)
    except BrowserMissing as error:
        raise Exit(str(error), code=1) from error
    print(f"{len(paths)} Bildschirmfotos in {out}/")


ns.add_task(screenshots)


# -- Feedback (servicekultur/feedback): moderation from the command line, and its benchmark ---


@task(
    name="feedback",
    help={
        "seconds": "Dauer jeder Phase in Sekunden (Standard: 5)",
        "workers": "uvicorn- (und Isso-gunicorn-)Arbeitsprozesse (Standard: 2)",
        "clients": "gleichzeitige Clients (Standard: 16)",
        "database": "sqlite (Standard) oder postgresql (dann auch zwei Instanzen auf PostgreSQL)",
    },
)
def bench_feedback(c, seconds=5.0, workers=2, clients=16, database="sqlite"):
    """Feedback unter Last neben Isso 0.14: Einsendungen/s, p50/p99, verloren, Lesezugriffe/s."""
    from servicekultur.bench.feedback import run_feedback_benchmark

    if database not in ("sqlite", "postgresql"):
        raise Exit("--database ist sqlite oder postgresql", code=1)
    run_feedback_benchmark(ROOT, float(seconds), int(clients), int(workers), database)


bench.add_task(bench_feedback)


def _feedback_call(fn, *args, **kwargs):
    from servicekultur.config import SettingsError
    from servicekultur.feedback.model import FeedbackError, StoreError

    try:
        return fn(*args, **kwargs)
    except (FeedbackError, SettingsError, StoreError) as error:
        raise Exit(f"Fehler: {error}", code=1) from error


@task(name="list", help={"status": "nur dieser Stand (neu, veroeffentlicht, abgelehnt, …)"})
def feedback_list(c, status=""):
    """Feedback auflisten (ID, Stand, Art, Seite, Text)."""
    from servicekultur.feedback import cli

    lines = _feedback_call(cli.list_feedback, status)
    print("\n".join(lines) if lines else "Kein Feedback.")


@task(name="approve")
def feedback_approve(c, id):
    """Eine Rückmeldung veröffentlichen."""
    from servicekultur.feedback import cli

    item = _feedback_call(cli.act, "approve", int(id))
    print(f"Rückmeldung {item.id}: {item.status_label}")


@task(name="reject")
def feedback_reject(c, id):
    """Eine Rückmeldung ablehnen (Spam); gelöscht nach KB_RETENTION_DAYS."""
    from servicekultur.feedback import cli

    item = _feedback_call(cli.act, "reject", int(id))
    print(f"Rückmeldung {item.id}: {item.status_label}")


@task(name="answer", help={"text": "offizielle Antwort (Markdown)", "author": "unterzeichnet von"})
def feedback_answer(c, id, text, author="Redaktion"):
    """Offiziell antworten (veröffentlicht; benachrichtigt, wenn gewünscht)."""
    from servicekultur.feedback import cli

    item = _feedback_call(cli.act, "answer", int(id), text=text, author=author)
    print(f"Rückmeldung {item.id}: {item.status_label}")


@task(name="implemented", help={"url": "Link auf die Änderung, zu der die Rückmeldung geführt hat"})
def feedback_implemented(c, id, url):
    """Als umgesetzt markieren, mit Link auf die Änderung."""
    from servicekultur.feedback import cli

    item = _feedback_call(cli.act, "implemented", int(id), url=url)
    print(f"Rückmeldung {item.id}: {item.status_label}")


@task(name="export", help={"format": "json oder csv", "output": "Datei (Standard: Ausgabe)"})
def feedback_export(c, format="json", output=""):
    """Alles Feedback als JSON oder CSV exportieren."""
    from servicekultur.feedback import cli

    data = _feedback_call(cli.export, format)
    if output:
        Path(output).write_text(data, encoding="utf-8")
        print(f"Export geschrieben: {output}")
    else:
        sys.stdout.write(data)


@task(
    name="import-wxr",
    help={"pattern": 'Adresse eines Beitrags, z. B. "/blog/{slug}/" (sonst wie import-wordpress)'},
)
def feedback_import_wxr(c, path, pattern=""):
    """Nur die Kommentare eines WordPress-Exports (WXR) als Feedback übernehmen."""
    from servicekultur.importing.commands import comments

    report = _feedback_call(comments, Path(path), pattern)
    print(report.summary())
    for problem in report.problems:
        print(problem)


@task(name="password")
def feedback_password(c):
    """Admin-Passwort abfragen und den argon2-Hash für KB_ADMIN_PASSWORD_HASH ausgeben."""
    import getpass

    from servicekultur.feedback.passwords import hash_password

    password = getpass.getpass("Neues Passwort für /admin: ")
    print(_feedback_call(hash_password, password))  # policy: zxcvbn, at least 12 characters


@task(name="purge")
def feedback_purge(c):
    """Abgelehntes Feedback älter als KB_RETENTION_DAYS löschen."""
    from servicekultur.feedback import cli

    print(f"{_feedback_call(cli.purge)} abgelehnte Rückmeldungen gelöscht.")


feedback = Collection("feedback")
for _task in (
    feedback_list,
    feedback_approve,
    feedback_reject,
    feedback_answer,
    feedback_implemented,
    feedback_export,
    feedback_import_wxr,
    feedback_password,
    feedback_purge,
):
    feedback.add_task(_task)
ns.add_collection(feedback)


# --- Authoring (issue 6): scaffolding, imports, preview benchmark -----------------------------
@task(help={"kind": "artikel, fallgeschichte, checkliste oder glossar", "title": "der Titel"})
def new(c, kind, title):
    """Neuen Text anlegen: Datei, gültige Kopfdaten, Gerüst (überschreibt nie)."""
    from servicekultur.authoring.commands import new as run_new

    if code := run_new(kind, title, ROOT / CONFIG["content"]):
        raise Exit(code=code)


@task(
    help={
        "wxr": "der WordPress-Export (WXR-XML-Datei)",
        "media": "eine lokale Kopie von wp-content/uploads (wird vor dem Herunterladen gefragt)",
        "no_media": "Bilder und Dateilinks zeigen weiter auf das alte Blog (kein Download)",
        "comments": "die Kommentare zusätzlich als JSON in diese Datei schreiben",
        "content": "Inhaltsordner, in den geschrieben wird (Standard: content)",
        "force": "vorhandene Dateien überschreiben",
        "max_mb": "größere Exporte ablehnen (MiB, Standard: 100)",
    }
)
def import_wordpress(
    c, wxr, media=None, no_media=False, comments=None, force=False, max_mb=100, content=None
):
    """WordPress-Export importieren: Beiträge, Seiten, Medien, Weiterleitungen, Kommentare."""
    from servicekultur.importing.commands import wordpress

    code = wordpress(
        Path(wxr),
        ROOT / (content or CONFIG["content"]),
        Path(media) if media else None,
        ROOT / comments if comments else None,
        force,
        int(max_mb),
        fetch_media=not no_media,
    )
    if code:
        raise Exit(code=code)


@task(
    help={
        "source": "eine gespeicherte Seite (HTML oder Text) oder ein Ordner davon",
        "title": "diesen Titel verwenden (nur bei einer Seite)",
        "no_media": "Bilder zeigen weiter auf ihre alte Adresse (kein Download)",
        "content": "Inhaltsordner, in den geschrieben wird (Standard: content)",
        "force": "vorhandene Entwürfe überschreiben",
    }
)
def import_page(c, source, title=None, no_media=False, force=False, content=None):
    """Gespeicherte Blogseiten (Datei oder Ordner) als Entwürfe importieren, mit Bericht."""
    from servicekultur.importing.commands import page

    target = ROOT / (content or CONFIG["content"])
    if code := page(Path(source), target, force, title, fetch_media=not no_media):
        raise Exit(code=code)


@task(
    name="preview",
    help={
        "docs": "Dokumente im synthetischen Korpus (Standard: 2000)",
        "edits": "gemessene Änderungen (Standard: 7)",
    },
)
def bench_preview(c, docs=2000, edits=7):
    """Vorschau: Speichern → frische Seite, neben Pelicans vollem Neubau."""
    from servicekultur.bench.preview import run_preview_benchmark

    run_preview_benchmark(ROOT, int(docs), int(edits))


bench.add_task(bench_preview)


@task(
    name="worker",
    help={
        "docs": "Dokumente im synthetischen Korpus (Standard: 10000)",
        "approvals": "gemessene Freigaben (Standard: 50)",
        "within": "Sekunden, über die die Freigaben verteilt werden (Standard: 10)",
    },
)
def bench_worker(c, docs=10000, approvals=50, within=10.0):
    """Build-Worker: 50 Freigaben in 10 s → Seiten frisch (p95), ein Build zugleich, kein Neubau."""
    from servicekultur.bench.worker import run_worker_benchmark

    run_worker_benchmark(ROOT, int(docs), int(approvals), float(within))


bench.add_task(bench_worker)
for _task in (new, import_wordpress, import_page):
    ns.add_task(_task)


# --- Workshops (issue 15): the live round under load ---------------------------------------
@task(
    name="workshop",
    help={
        "participants": "Teilnehmende der Runde (Standard: 200)",
        "changes": "Antworten, die jede Person ändert (Standard: 10)",
        "seconds": "über wie viele Sekunden (Standard: 60)",
        "workers": "uvicorn-Worker-Prozesse (Standard: 1, wie invoke serve)",
    },
)
def bench_workshop(c, participants=200, changes=10, seconds=60.0, workers=1):
    """Live-Runde unter Last: Stimmen/s, p99, Projektor-Verzögerung, verlorene Stimmen."""
    from servicekultur.bench.workshop import run_workshop_benchmark

    run_workshop_benchmark(int(participants), int(changes), float(seconds), int(workers))


bench.add_task(bench_workshop)

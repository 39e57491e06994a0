"""One Pelican build as the benchmarks run it, for either side alike: the same interpreter, the
same entry point, no content cache, and a JSON report of the source documents it read and of
where its CPU time went.

The phases are cut at Pelican's own signals, the same for both sides: *start* (interpreter,
imports, settings, plugins: up to ``initialized``), *reading* (every generator's context, our
links and checks: up to ``get_writer``) and *writing* (every page, feed and file, and whatever
the plugins do after the last page). Each phase counts this process and, separately, the forked
processes it reaped in that phase: ours joins its readers before writing and its index worker
at the end, so the second holds the index worker's whole CPU time.

``python -m servicekultur.bench.pelican_run SETTINGS CONTENT OUTPUT REPORT``
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path

from pelican import Pelican, signals
from pelican.settings import read_settings

_LISTS = ("articles", "translations", "drafts", "hidden_articles", "pages", "hidden_pages")
_read: dict[str, int] = {}
_failed: list[str] = []
_marks: list[tuple[float, float]] = []  # (this process, reaped children) CPU at each phase end


def _cpu() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _mark(*_args) -> None:
    _marks.append(_cpu())


def phases(marks: list[tuple[float, float]]) -> dict[str, dict[str, float]]:
    """CPU seconds per phase from the marks at the end of start, reading and writing."""
    names = ("start", "reading", "writing")
    result, before = {}, (0.0, 0.0)
    for name, mark in zip(names, marks, strict=True):
        result[name] = {"main": mark[0] - before[0], "children": mark[1] - before[1]}
        before = mark
    return result


def _count(generators) -> None:
    """Every source document this build turned into a content object (glossary terms too)."""
    context = generators[0].context
    for name in (*_LISTS, "draft_pages"):
        _read[name] = len(context.get(name, []) or [])
    _read["glossary"] = len(context.get("kb_glossary", []) or [])
    # what Pelican gave up on ("Could not process …"): recorded with no content object
    failed = [path for path, obj in context.get("generated_content", {}).items() if obj is None]
    _failed.extend(sorted(failed))


def main(argv: list[str]) -> int:
    settings_file, content, output, report = argv
    signals.all_generators_finalized.connect(_count)
    # connected before the plugins are loaded: these run ahead of theirs on the same signal
    signals.initialized.connect(_mark)
    signals.get_writer.connect(_mark)
    settings = read_settings(
        settings_file,
        override={
            "PATH": content,
            "OUTPUT_PATH": output,
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
            "CACHE_PATH": f"{output}-cache",  # emptied before every run: no cache from earlier
            # our state folder (feedback database, key) beside the output, emptied before every
            # run like the index: a fresh site, whatever the checkout's var/ holds (Pelican pur
            # ignores the setting)
            "KB_STATE_DIR": str(Path(output).parent / "var"),
        },
    )
    Pelican(settings).run()
    _mark()
    run = settings.get("KB_BUILD_RUN")  # our build's problems (plain Pelican has none)
    issues = [issue.as_dict() for issue in run.diagnostics.issues] if run is not None else []
    data = {
        "sources": sum(_read.values()),
        "failed": _failed,
        "by_list": _read,
        "issues": issues,
        "phases": phases(_marks),
    }
    Path(report).write_text(json.dumps(data), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

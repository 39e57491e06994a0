"""Markdown → HTML for one document at a time: a failure stays in its document.

A Markdown extension that raises is reported with the file and line and the document is rendered
again without it (a strict build then fails on the error, naming the file); text nested too deeply
for Python's recursion limit, or any other failure, is shown as escaped plain text.
"""

from __future__ import annotations

import html
import re
import traceback
from dataclasses import dataclass, field

from markdown import Markdown
from markdown.extensions.extra import extensions as EXTRA_PARTS

from servicekultur.content.diagnostics import ContentIssue

_EXTRA = "markdown.extensions.extra"
NESTING = "Listen, Zitate oder Hervorhebungen"
_NESTING_RUN = re.compile(r"[>*+_\[\]\s-]+")
_EXTENSION_MODULE = re.compile(r"^markdown\.extensions\.(\w+)$")


@dataclass(frozen=True)
class UpstreamBug:
    """A known bug of a library, recognised by extension and message, located in the source."""

    extension: str
    message: str
    explanation: str
    pattern: re.Pattern


UPSTREAM_BUGS = (
    UpstreamBug(
        "footnotes",
        "OrderedDict mutated during iteration",
        "bekannter Fehler in Python-Markdown 3.11: eine Fußnotendefinition beginnt mit einer "
        "weiteren Fußnotendefinition („[^a]: [^b]: …“)",
        re.compile(r"^ {0,3}\[\^[^\]]*\]:[ \t]*\[\^[^\]]*\]:", re.M),
    ),
)


def _expanded(config: dict) -> dict:
    """Python-Markdown's arguments with ``extra`` split into its parts (each can be left out)."""
    config = dict(config)
    configs = dict(config.get("extension_configs", {}))
    names = [*config.get("extensions", []), *configs]
    parts: list[str] = []
    for name in names:
        if name == _EXTRA:
            extra = configs.pop(_EXTRA, {})
            for part in EXTRA_PARTS:
                parts.append(f"markdown.extensions.{part}")
                if extra:
                    configs[f"markdown.extensions.{part}"] = extra
        elif name != "markdown.extensions.meta":
            parts.append(name)
    config["extensions"] = list(dict.fromkeys(parts))
    config["extension_configs"] = configs
    return config


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _failing_extension(error: BaseException) -> str | None:
    """The short name of the innermost Markdown extension in the traceback, if any."""
    found = None
    for frame, _ in traceback.walk_tb(error.__traceback__):
        match = _EXTENSION_MODULE.match(frame.f_globals.get("__name__", ""))
        if match:
            found = match[1]
    return found


def _deepest_line(text: str) -> str:
    """The line with the longest run of nesting marks (quotes, list marks, emphasis, brackets)."""
    return max(
        text.split("\n"), key=lambda line: max(map(len, _NESTING_RUN.findall(line)), default=0)
    )


def plain_html(text: str) -> str:
    """Text shown as it was written when Markdown cannot render it."""
    return f"<pre>{html.escape(text)}</pre>"


class MarkdownRenderer:
    """One Python-Markdown instance per set of extensions, reused between documents."""

    def __init__(self, config: dict) -> None:
        self.config = _expanded(config)
        self._instances: dict[frozenset[str], Markdown] = {}

    def render(self, text: str, without: frozenset[str] = frozenset()) -> str:
        md = self._instances.get(without)
        if md is None:
            config = dict(self.config)
            config["extensions"] = [e for e in config["extensions"] if _short(e) not in without]
            md = self._instances[without] = Markdown(**config)
        md.reset()
        return md.convert(text)

    __call__ = render

    def for_document(self, rel: str, source: str, body_line: int = 1) -> DocumentRender:
        return DocumentRender(self, rel, source, body_line)


@dataclass
class DocumentRender:
    """``render`` for one document: failures become issues of that document, never exceptions."""

    renderer: MarkdownRenderer
    rel: str
    source: str  # the whole file, to find the line a problem is on
    body_line: int = 1
    issues: list[ContentIssue] = field(default_factory=list)
    without: frozenset[str] = frozenset()

    def __call__(self, text: str) -> str:
        while True:
            try:
                return self.renderer.render(text, self.without)
            except RecursionError:
                message = f"zu tief verschachtelt ({NESTING}); als reiner Text gezeigt"
                self._report(_deepest_line(text), message)
                return plain_html(text)
            except Exception as error:  # an extension's bug must not cost the other documents
                extension = _failing_extension(error)
                if extension is None or extension in self.without:
                    problem = f"Markdown nicht umwandelbar ({_describe(error)})"
                    self._report(text, f"{problem}; als reiner Text gezeigt")
                    return plain_html(text)
                self.without |= {extension}
                self._report_extension(text, extension, error)

    def _line(self, fragment: str, pattern: re.Pattern | None = None) -> int:
        if pattern is not None and (match := pattern.search(self.source)):
            return self.source.count("\n", 0, match.start()) + 1
        first = next((line for line in fragment.split("\n") if line.strip()), "")
        at = self.source.find(first) if first else -1
        return self.source.count("\n", 0, at) + 1 if at >= 0 else self.body_line

    def _report(self, fragment: str, message: str, pattern: re.Pattern | None = None) -> None:
        issue = ContentIssue(self.rel, self._line(fragment, pattern), message, rule="markdown")
        if issue not in self.issues:
            self.issues.append(issue)

    def _report_extension(self, fragment: str, extension: str, error: Exception) -> None:
        for bug in UPSTREAM_BUGS:
            if bug.extension == extension and bug.message in str(error):
                message = (
                    f"Markdown-Erweiterung „{extension}“ fehlgeschlagen ({_describe(error)}) – "
                    f"{bug.explanation}; Seite ohne diese Erweiterung gebaut"
                )
                self._report(fragment, message, bug.pattern)
                return
        message = (
            f"Markdown-Erweiterung „{extension}“ fehlgeschlagen ({_describe(error)}); "
            "Seite ohne diese Erweiterung gebaut"
        )
        self._report(fragment, message)


def _describe(error: BaseException) -> str:
    return f"{error.__class__.__name__}: {error}"

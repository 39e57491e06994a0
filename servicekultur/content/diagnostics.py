"""Problems found in content files, reported as ``path:line: message`` for authors."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Literal

logger = logging.getLogger(__name__)

Severity = Literal["error", "hint"]


@dataclass(frozen=True, order=True)
class ContentIssue:
    """One problem in one content file; ``line`` is 1-based (0 when it concerns the whole file)."""

    path: str
    line: int
    message: str
    severity: Severity = "error"
    rule: str = "content"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "message": self.message,
            "severity": self.severity,
            "rule": self.rule,
        }


@dataclass
class Diagnostics:
    """Collects the issues of one build; logs each once, as it is found."""

    issues: list[ContentIssue] = field(default_factory=list)
    log: bool = True

    def add(self, issue: ContentIssue) -> None:
        if issue in self.issues:
            return
        self.issues.append(issue)
        if self.log:
            level = logging.ERROR if issue.severity == "error" else logging.INFO
            logger.log(level, "%s", issue)

    def extend(self, issues: list[ContentIssue]) -> None:
        for issue in issues:
            self.add(issue)

    @property
    def errors(self) -> list[ContentIssue]:
        return [i for i in self.issues if i.severity == "error"]

    def clear(self) -> None:
        self.issues.clear()


class ContentCheckFailed(RuntimeError):
    """Raised at the end of a strict build that found errors in the content."""

    def __init__(self, errors: list[ContentIssue]) -> None:
        self.errors = errors
        self.exitcode = 1
        super().__init__(
            f"{len(errors)} Fehler in den Inhalten (siehe oben), Abbruch im Strict-Modus"
        )


class _QuietCheckFailure(logging.Filter):
    """Pelican logs whatever ends a build with its traceback; a failed content check has said
    everything in its ``datei:zeile`` messages, so its record keeps only the German summary."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, ContentCheckFailed):
            record.msg, record.args, record.exc_info = "%s", (str(error),), None
        return True


QUIET_CHECK_FAILURE = _QuietCheckFailure()

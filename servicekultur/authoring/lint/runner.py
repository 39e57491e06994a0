"""Run every rule group over a content folder and report the issues as text or JSON."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from servicekultur.authoring.lint import dates, identity, media, references, structure, typography
from servicekultur.authoring.lint.model import Workspace
from servicekultur.content.diagnostics import ContentIssue

logger = logging.getLogger(__name__)

GROUPS = (structure, references, media, identity, dates, typography)
RULES: dict[str, tuple[str, str]] = {name: spec for g in GROUPS for name, spec in g.RULES.items()}


@dataclass
class LintReport:
    """The issues of one run, sorted by file and line; ``display_root`` prefixes the paths."""

    issues: list[ContentIssue] = field(default_factory=list)
    files: int = 0
    display_root: str = ""

    @property
    def errors(self) -> list[ContentIssue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def hints(self) -> list[ContentIssue]:
        return [issue for issue in self.issues if issue.severity == "hint"]

    @property
    def exit_code(self) -> int:
        return 1 if self.errors else 0

    def shown_path(self, issue: ContentIssue) -> str:
        return f"{self.display_root}/{issue.path}" if self.display_root else issue.path

    def as_text(self) -> str:
        lines = [
            f"{self.shown_path(i)}:{i.line}: {'Fehler' if i.severity == 'error' else 'Hinweis'} "
            f"[{i.rule}] {i.message}"
            for i in self.issues
        ]
        lines.append(
            f"{self.files} Dateien geprüft: {len(self.errors)} Fehler, {len(self.hints)} Hinweise"
        )
        return "\n".join(lines)

    def as_json(self) -> str:
        issues = []
        for issue in self.issues:
            item = issue.as_dict()
            item["path"] = self.shown_path(issue)
            issues.append(item)
        return json.dumps(
            {
                "files": self.files,
                "errors": len(self.errors),
                "hints": len(self.hints),
                "issues": issues,
            },
            ensure_ascii=False,
            indent=2,
        )


def lint(
    content_dir: Path,
    only: Iterable[str | Path] | None = None,
    today: dt.datetime | None = None,
    display_root: str = "",
) -> LintReport:
    """Check every file in ``content_dir``; report only the files in ``only`` when given.

    The whole folder is always read, because links and cross-references need all targets.
    """
    content_dir = Path(content_dir)
    workspace = Workspace.load(content_dir, today=today)
    wanted = None
    if only:
        wanted = set()
        for item in only:
            path = Path(item)
            resolved = path.resolve() if path.is_absolute() or path.exists() else content_dir / path
            try:
                wanted.add(resolved.resolve().relative_to(content_dir.resolve()).as_posix())
            except ValueError:
                wanted.add(path.as_posix())
    found: set[ContentIssue] = set()
    for group in GROUPS:
        for issue in group.check(workspace):
            if wanted is None or issue.path in wanted:
                found.add(issue)
    files = len(workspace.documents) if wanted is None else len(wanted)
    return LintReport(sorted(found), files, display_root)

"""The content linter behind `invoke check`: every rule, file:line messages, errors and hints."""

from servicekultur.authoring.lint.runner import RULES, LintReport, lint

__all__ = ["RULES", "LintReport", "lint"]

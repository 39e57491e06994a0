"""``python -m servicekultur.authoring.lint``: the fast content linter on its own (for editors)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from servicekultur.authoring.lint.runner import RULES, lint


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kb-lint", description="Inhalte prüfen (file:line).")
    parser.add_argument("files", nargs="*", help="nur diese Dateien melden (Standard: alle)")
    parser.add_argument("--content", default="content", help="Inhaltsordner (Standard: content)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--rules", action="store_true", help="alle Regeln auflisten")
    args = parser.parse_args(argv)
    if args.rules:
        for name, (severity, description) in RULES.items():
            print(f"{name:14} {severity:6} {description}")
        return 0
    content = Path(args.content)
    if not content.is_dir():
        print(f"Inhaltsordner „{content}“ nicht gefunden", file=sys.stderr)
        return 2
    display = os.path.relpath(content) if not content.is_absolute() else str(content)
    report = lint(content, only=args.files or None, display_root=display)
    print(report.as_json() if args.format == "json" else report.as_text())
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())

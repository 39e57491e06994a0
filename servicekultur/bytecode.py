"""Our Python code byte-compiled before a build, as pip compiles an installed package's.

The checkout is installed in editable mode, so its modules are compiled when they are imported,
and where ``PYTHONDONTWRITEBYTECODE`` is set (as on our CI and benchmark machines) that happens
anew in every process that starts: about 0.5 s of CPU for all 250 modules, in every build.
:func:`compile_code` writes the ``__pycache__`` files (skipping those whose source did not
change, so a later call costs a few ``stat`` calls); Python reads them even where it would not
write them.
"""

from __future__ import annotations

import compileall
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("servicekultur", "plugins")


def compile_code(root: Path = ROOT) -> bool:
    """Byte-compile the project's packages under ``root``; whether every file compiled."""
    folders = [root / name for name in FOLDERS if (root / name).is_dir()]
    compiled = [compileall.compile_dir(folder, quiet=1) for folder in folders]  # all, always
    return all(compiled)

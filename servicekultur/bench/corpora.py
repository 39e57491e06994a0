"""Where the real text nobody here wrote lives: ``shared/corpora/<name>`` beside the checkout.

Looked for beside the repository and beside every folder above it (a worktree in ``wt/<name>``,
a clean clone in CI), then in the workplace's ``/work/shared``. The texts are read where they are
and never copied into the repository.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKPLACE = Path("/work/shared/corpora")


def corpus(name: str, root: Path = ROOT) -> Path | None:
    """The folder of corpus ``name`` (``gesetze``, ``wordpress``) if it is there, with files."""
    candidates = [parent / "shared" / "corpora" / name for parent in root.resolve().parents]
    for folder in (*candidates, WORKPLACE / name):
        if folder.is_dir() and any(folder.iterdir()):
            return folder
    return None


def require(name: str, root: Path = ROOT) -> Path:
    """Like ``corpus``, with a clear German error when it is missing."""
    folder = corpus(name, root)
    if folder is None:
        raise FileNotFoundError(
            f"Korpus „{name}“ nicht gefunden: erwartet in {root.parent}/shared/corpora/{name}"
        )
    return folder

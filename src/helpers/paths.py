"""Paths resolved from the package, never from the working directory."""

from __future__ import annotations

from pathlib import Path

#: Repository root when the package is installed editable from a checkout (src layout).
REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
DEFAULT_STORY = REPO_ROOT / "data" / "raw" / "aleppo"


def resolve_story(story_dir: str | Path) -> Path:
    """Find a story folder given as absolute, relative to the working directory, or to the repository.

    Notebooks run from different folders (papermill from the caller's, nbval from the notebook's),
    so a parameter like ``data/raw/aleppo`` must resolve the same way from each.
    """
    path = Path(story_dir).expanduser()
    if path.is_absolute() or path.exists():
        return path.resolve() if path.exists() else path
    in_repo = REPO_ROOT / path
    return in_repo.resolve() if in_repo.exists() else path

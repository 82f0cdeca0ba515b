"""Atomic output: build everything in a temporary folder next to the target, then move it in place.

A run that fails part-way leaves the target as it was (or absent), never half-written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def staged_dir(target: Path, *, replace: bool = False) -> Iterator[Path]:
    """Yield an empty staging folder; on success its files replace those of ``target``.

    With ``replace``, the staging folder takes the place of ``target`` whole (a report: no stale pages
    survive). Otherwise files already in ``target`` with other names are kept (a table run with ``--only``
    adds to a folder) and subfolders written in staging replace their namesakes whole.
    """
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield staging
        if replace:
            old = target.parent / f".{target.name}.old"
            shutil.rmtree(old, ignore_errors=True)
            umask = os.umask(0)
            os.umask(umask)
            staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; a report folder is not
            if target.exists():
                os.replace(target, old)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
            return
        target.mkdir(exist_ok=True)
        for item in sorted(staging.iterdir()):
            destination = target / item.name
            if destination.is_dir() and not destination.is_symlink():
                shutil.rmtree(destination)
            os.replace(item, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def confined(root: Path, name: str) -> Path:
    """``root / name``, refusing names that would escape ``root`` (``..``, absolute paths, separators)."""
    candidate = (root / name).resolve()
    if candidate.parent != root.resolve() or name in {"", ".", ".."}:
        raise ValueError(f"unsafe output name {name!r}")
    return candidate

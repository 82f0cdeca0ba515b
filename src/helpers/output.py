"""Safe, atomic output: Recount replaces only what it wrote itself.

Every output folder (a report, a tables folder) holds a manifest, ``.recount-manifest.json``, listing the
files Recount wrote there. Before anything is computed, :func:`check_out` refuses (one line, exit 2) an
``--out`` that is a file or lies under one, where no folder can be made, that is the story folder, inside
it or around it (real paths compared, so symlinks count), that holds anything the manifest does not list
(a user's notes, a story, an older Recount's report without a manifest), or whose manifest is of another
kind. :func:`staged_dir` builds the new files in a staging folder beside the target and moves them in only
when the caller succeeded: a new folder is renamed into place whole; an existing one gets each file moved
in (the folder itself is kept, it may be someone's working directory), then the files of the previous run
that the new one did not write are removed when it replaces (a report), or kept and listed when it adds
(``recount tables --only``). No file the manifest does not list is ever removed or changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from helpers.errors import RecountError

if TYPE_CHECKING:
    import pandas as pd

MANIFEST = ".recount-manifest.json"
#: Version of the manifest's layout; a manifest of a newer layout is refused, never guessed at.
MANIFEST_FORMAT = 1
_SHOWN = 3  # foreign entries named in a refusal


@dataclass(frozen=True)
class Manifest:
    """What an earlier run wrote in a folder: its kind (``report``, ``tables``) and its files."""

    kind: str
    files: frozenset[str]


def _real(path: str | Path) -> Path:
    """The absolute path with every existing symlink resolved (the part that does not exist yet is kept)."""
    return Path(os.path.realpath(Path(path).expanduser()))


def _nearest_existing(path: Path) -> Path:
    while not os.path.lexists(path) and path != path.parent:
        path = path.parent
    return path


def _probe_writable(out: Path, folder: Path) -> None:
    """Refuse ``out`` when no folder can be made in ``folder`` (permissions, read-only or virtual fs)."""
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".recount-probe-", dir=folder))
    except OSError as error:
        raise RecountError(
            out, f"--out: no folder can be made in {folder} ({error.strerror or error})"
        ) from None


def read_manifest(folder: Path, out: str | Path | None = None) -> Manifest | None:
    """The manifest of ``folder``, or None when there is none. A damaged one is refused, never trusted."""
    path = folder / MANIFEST
    if not os.path.lexists(path):
        return None
    damaged = RecountError(
        out or folder, f"--out has a {MANIFEST} Recount cannot read: delete the folder or choose another"
    )
    if path.is_symlink() or not path.is_file():
        raise damaged
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError, RecursionError):
        raise damaged from None
    if not isinstance(data, dict) or not isinstance(data.get("format"), int):
        raise damaged
    if data["format"] > MANIFEST_FORMAT:
        raise RecountError(out or folder, "--out was written by a newer Recount: choose another folder")
    files, kind = data.get("files"), data.get("kind")
    if not isinstance(kind, str) or not isinstance(files, list) or not all(_safe_name(f) for f in files):
        raise damaged
    return Manifest(kind, frozenset(files))


def _safe_name(name: object) -> bool:
    """A relative path that stays inside its folder (no ``..``, no absolute path, no empty part)."""
    if not isinstance(name, str) or not name or name.startswith("/") or "\x00" in name:
        return False
    parts = name.split("/")
    return all(part not in ("", ".", "..") for part in parts) and name != MANIFEST


def _write_manifest(folder: Path, kind: str, files: set[str] | frozenset[str]) -> None:
    """Write the manifest atomically (a temporary file renamed over it); same content, same bytes."""
    text = json.dumps(
        {"format": MANIFEST_FORMAT, "generator": "recount", "kind": kind, "files": sorted(files)}, indent=1
    )
    temporary = folder / f"{MANIFEST}.tmp"
    temporary.write_text(text + "\n", encoding="utf-8")
    os.replace(temporary, folder / MANIFEST)


def _foreign_entries(folder: Path, listed: frozenset[str]) -> list[str]:
    """Everything in ``folder`` the manifest does not account for (symlinks and special files included)."""
    allowed_dirs = {parent.as_posix() for name in listed for parent in PurePosixPath(name).parents}
    foreign = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=_raise):
        here = Path(dirpath)
        relative = here.relative_to(folder)
        descend = []
        for name in sorted(dirnames):
            entry = (relative / name).as_posix()
            if (here / name).is_symlink() or entry not in allowed_dirs:
                foreign.append(f"{entry}/")
            else:
                descend.append(name)
        dirnames[:] = descend
        for name in sorted(filenames):
            entry = (relative / name).as_posix()
            if entry == MANIFEST:
                continue
            path = here / name
            if path.is_symlink() or not path.is_file() or entry not in listed:
                foreign.append(entry)
    return foreign


def _raise(error: OSError) -> None:
    raise error


def _shown(entries: list[str]) -> str:
    more = f" and {len(entries) - _SHOWN} more" if len(entries) > _SHOWN else ""
    return ", ".join(entries[:_SHOWN]) + more


def check_out(
    out: str | Path, *, kind: str, story: str | Path | None = None, managed: frozenset[str] = frozenset()
) -> Manifest | None:
    """Raise :class:`RecountError` unless Recount may write ``kind`` output to ``out``; return its manifest.

    Checks, on real paths: ``out`` is a folder or can be made one; it is not the story, inside it or around
    it; it is empty, absent, or holds only what its manifest lists, of the same kind. ``managed`` names
    top-level entries the caller writes and replaces itself (a corpus run's ``tables/`` and ``cache/``).
    """
    real = _real(out)
    anchor = _nearest_existing(real)
    if anchor == real and not real.is_dir():
        raise RecountError(out, "--out exists and is not a folder")
    if anchor != real and not anchor.is_dir():
        raise RecountError(out, f"--out lies under {anchor}, which is a file, not a folder")
    if story is not None:
        story_real = _real(story)
        if real == story_real:
            raise RecountError(out, "--out is the story folder itself: choose another folder")
        if story_real in real.parents:
            raise RecountError(out, f"--out is inside the story folder {story_real}: choose another folder")
        if real in story_real.parents:
            raise RecountError(out, f"--out contains the story folder {story_real}: choose another folder")
    if anchor != real:
        _probe_writable(out, anchor)
        return None
    try:
        manifest = read_manifest(real, out)
        foreign = [
            e
            for e in _foreign_entries(real, manifest.files if manifest else frozenset())
            if e.rstrip("/") not in managed
        ]
    except OSError as error:
        raise RecountError(out, f"--out cannot be read: {error.strerror or error}") from None
    if manifest is None and foreign:
        raise RecountError(
            out,
            f"--out holds files ({_shown(foreign)}) but no {MANIFEST}: Recount did not write it, or an older "
            "Recount did; delete it or choose another folder",
        )
    if manifest is not None and manifest.kind != kind:
        raise RecountError(
            out,
            f"--out holds Recount output of another kind ({manifest.kind}, not {kind}): choose another",
        )
    if foreign:
        reason = (
            f"--out holds files Recount did not write ({_shown(foreign)}): move them or choose another folder"
        )
        raise RecountError(out, reason)
    _probe_writable(out, real)
    _probe_writable(out, _nearest_existing(real.parent))
    return manifest


def _files(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def _commit(
    staging: Path,
    real: Path,
    out: str | Path,
    kind: str,
    story: str | Path | None,
    replace: bool,
    managed: frozenset[str] = frozenset(),
) -> None:
    """Move the staged files into ``real``; remove only files the previous manifest listed."""
    # again: the folder may have changed meanwhile
    previous = check_out(out, kind=kind, story=story, managed=managed)
    written = _files(staging)
    if not os.path.lexists(real):
        _write_manifest(staging, kind, written)
        umask = os.umask(0)
        os.umask(umask)
        staging.chmod(0o777 & ~umask)  # mkdtemp makes it private; an output folder is not
        real.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging, real)
        return
    old = previous.files if previous else frozenset()
    renewed = {item.name for item in staging.iterdir()}
    kept = set() if replace else {name for name in old if name.split("/")[0] not in renewed}
    final = kept | written
    _write_manifest(real, kind, old | final)  # while files move, every file present is listed
    for item in sorted(staging.iterdir()):
        destination = real / item.name
        if destination.is_dir() and not destination.is_symlink():
            shutil.rmtree(destination)  # holds only listed files: checked above
        elif item.is_dir() and os.path.lexists(destination):
            destination.unlink()
        os.replace(item, destination)
    for name in sorted(old - final, reverse=True):
        stale = real / name
        stale.unlink(missing_ok=True)
        for parent in stale.relative_to(real).parents[:-1]:
            with contextlib.suppress(OSError):
                (real / parent).rmdir()  # only if empty
    _write_manifest(real, kind, final)


@contextlib.contextmanager
def staged_dir(
    target: str | Path,
    *,
    replace: bool = False,
    kind: str = "output",
    story: str | Path | None = None,
    managed: frozenset[str] = frozenset(),
) -> Iterator[Path]:
    """Check ``target`` (see :func:`check_out`), yield an empty staging folder, then move its files in.

    With ``replace``, the files of the previous run that this one did not write are removed (a report: no
    stale pages survive); otherwise they are kept (``recount tables --only`` adds to a folder), and staged
    subfolders replace their namesakes whole. On any failure before the move, nothing is written.
    """
    real = _real(target)
    check_out(target, kind=kind, story=story, managed=managed)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{real.name}.", dir=_nearest_existing(real.parent)))
    except OSError as error:
        raise RecountError(target, f"--out cannot be written: {error.strerror or error}") from None
    try:
        yield staging
        try:
            _commit(staging, real, target, kind, story, replace, managed)
        except OSError as error:
            raise RecountError(target, f"--out could not be written: {error.strerror or error}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def confined(root: Path, name: str) -> Path:
    """``root / name``, refusing names that would escape ``root`` (``..``, absolute paths, separators)."""
    candidate = (root / name).resolve()
    if candidate.parent != root.resolve() or name in {"", ".", ".."}:
        raise ValueError(f"unsafe output name {name!r}")
    return candidate


def write_table(frame: pd.DataFrame, folder: Path, name: str, fmt: str) -> Path:
    """Write one table as ``folder/name.fmt`` (``parquet`` or ``csv``, no index column); returns the path."""
    path = folder / f"{name}.{fmt}"
    if fmt == "parquet":
        frame.to_parquet(path, index=False)
    else:
        frame.to_csv(path, index=False)
    return path

"""A corpus run's folder on disk: cached parse partitions, per-story table partitions, the top-level tables.

```
DIR/stories.parquet  story_pairs.parquet  verdicts.parquet  errors.csv
DIR/tables/<table>/story_id=<id>/part-0.parquet     one folder per story (Hive-style partitions)
DIR/cache/parse/<key>.parquet                       parsed input partitions, so that a rerun skips them
```

Every file is written to a temporary name beside it and renamed into place, so a run that stops part-way
leaves only whole files, and a rerun picks up where it stopped.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from helpers.output import staged_dir, write_table

TABLES_DIR = "tables"
PARSE_CACHE = Path("cache") / "parse"
ERRORS_FILE = "errors.csv"
PART = "part-0"


def write_frame(frame: pd.DataFrame, path: Path, fmt: str) -> None:
    """Write one table atomically (a temporary file in the same folder, then a rename)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        if fmt == "parquet":
            frame.to_parquet(temporary, index=False)
        else:
            frame.to_csv(temporary, index=False)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def read_frame(path: Path) -> pd.DataFrame:
    """Read a table written by :func:`write_frame` (format from the suffix)."""
    return pd.read_parquet(path) if path.suffix == ".parquet" else pd.read_csv(path)


def partition_path(out: Path, table: str, story_id: str, fmt: str) -> Path:
    """Where one story's rows of one table live."""
    return out / TABLES_DIR / table / f"story_id={story_id}" / f"{PART}.{fmt}"


def story_done(out: Path, tables: Iterable[str], story_id: str, fmt: str) -> bool:
    """Whether a story's partitions of every table are already written (a rerun skips it)."""
    return all(partition_path(out, table, story_id, fmt).exists() for table in tables)


def read_partitions(out: Path, table: str, story_ids: Iterable[str], fmt: str) -> pd.DataFrame:
    """One table across stories, with a ``story_id`` column first (stories without the file skipped)."""
    frames = []
    for sid in story_ids:
        path = partition_path(out, table, sid, fmt)
        if path.exists():
            frame = read_frame(path)
            frame.insert(0, "story_id", sid)
            frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({"story_id": []})


def drop_stale(out: Path, story_ids: set[str], cache_keys: set[str]) -> None:
    """Remove partitions of stories and parse caches this run no longer has (an earlier run's)."""
    tables = out / TABLES_DIR
    for folder in sorted(tables.glob("*/story_id=*")) if tables.exists() else []:
        if folder.name.split("=", 1)[1] not in story_ids:
            shutil.rmtree(folder)
    cache = out / PARSE_CACHE
    for path in sorted(cache.glob("*.parquet")) if cache.exists() else []:
        if path.stem not in cache_keys:
            path.unlink()


def write_top_level(out: Path, frames: dict[str, pd.DataFrame], fmt: str, errors: pd.DataFrame) -> list[Path]:
    """Write the corpus-level tables and ``errors.csv`` in one staged step; returns their paths."""
    written = []
    with staged_dir(out, kind="corpus", managed=frozenset({TABLES_DIR, PARSE_CACHE.parts[0]})) as staging:
        for name, frame in frames.items():
            written.append(out / write_table(frame, staging, name, fmt).name)
        errors.to_csv(staging / ERRORS_FILE, index=False)
        written.append(out / ERRORS_FILE)
    return written

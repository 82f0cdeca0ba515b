"""The ``recount`` command line: the contract in DESIGN.md."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.cli import main
from helpers.paths import DEFAULT_STORY

from .conftest import fresh_python

DESIGN_COLUMNS = {
    "articles": [
        "article_id",
        "title",
        "source",
        "published",
        "url",
        "role",
        "n_paragraphs",
        "n_sentences",
        "n_words",
    ],
    "paragraphs": ["article_id", "para_idx", "kind", "text", "start", "end"],
    "sentences": ["article_id", "sent_idx", "para_idx", "text", "start", "end"],
    "entities": ["article_id", "sent_idx", "text", "label", "canonical"],
    "verdicts": [
        "source_article",
        "derived_article",
        "source_basis",
        "source_confidence",
        "kept",
        "reworded",
        "dropped",
        "added",
    ],
    "verdict_items": [
        "source_article",
        "derived_article",
        "kind",
        "status",
        "source_ref",
        "derived_ref",
        "source_text",
        "derived_text",
    ],
}


def test_tables_writes_design_columns(tmp_path: Path, capsys) -> None:
    out = tmp_path / "t"
    assert main(["tables", str(DEFAULT_STORY), "--out", str(out)]) == 0
    for name, columns in DESIGN_COLUMNS.items():
        frame = pd.read_csv(out / f"{name}.csv")
        assert list(frame.columns[: len(columns)]) == columns, name
    sentences = pd.read_csv(out / "sentences.csv")
    assert sentences.groupby("article_id").size().tolist() == [25, 25]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left behind


def test_tables_in_process_leave_the_garbage_collector_unfrozen(tmp_path: Path, capsys) -> None:
    """``recount tables`` freezes what it has built while it runs (the collector's full passes then skip the
    parses); a caller that goes on afterwards, in the same process, gets every object collectable again,
    even when the run fails."""
    import gc

    assert gc.get_freeze_count() == 0
    assert main(["tables", str(DEFAULT_STORY), "--out", str(tmp_path / "t"), "--only", "sentences"]) == 0
    assert gc.get_freeze_count() == 0
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "mine.txt").write_text("not Recount's", encoding="utf-8")
    assert main(["tables", str(DEFAULT_STORY), "--out", str(tmp_path / "other"), "--only", "articles"]) == 2
    assert gc.get_freeze_count() == 0


def test_only_and_parquet(tmp_path: Path) -> None:
    out = tmp_path / "p"
    assert (
        main(["tables", str(DEFAULT_STORY), "--out", str(out), "--format", "parquet", "--only", "paragraphs"])
        == 0
    )
    assert sorted(p.name for p in out.iterdir()) == [".recount-manifest.json", "paragraphs.parquet"]
    assert pd.read_parquet(out / "paragraphs.parquet")["kind"].eq("heading").sum() == 4


def test_unknown_table_is_an_input_error(tmp_path: Path, capsys) -> None:
    assert main(["tables", str(DEFAULT_STORY), "--out", str(tmp_path / "x"), "--only", "nope"]) == 2
    assert "unknown table" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize(
    ("files", "reason"),
    [
        (None, "no such story folder"),
        ({}, "no articles"),
        ({"a.txt": ""}, "empty"),
        ({"a.txt": b"\x00\x01\x02binary"}, "binary"),
        ({"a.json": "{not json"}, "malformed JSON"),
        ({"a.txt": "Fine.", "manifest.csv": "file\nmissing.txt\n"}, "missing file"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path: Path, files, reason) -> None:
    story = tmp_path / "story"
    if files is not None:
        story.mkdir()
        for name, content in files.items():
            (story / name).write_bytes(content if isinstance(content, bytes) else content.encode())
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "tables", str(story), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and reason in lines[0] and lines[0].startswith("recount: error:")
    assert not out.exists() or not any(out.iterdir())
    assert result.stdout == ""


def test_out_folder_with_other_files_is_refused_and_kept(tmp_path: Path, capsys) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert main(["tables", str(DEFAULT_STORY), "--out", str(out), "--only", "articles"]) == 2
    assert "did not write" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_the_cli_skips_the_iri_grammar_and_notebooks_still_validate() -> None:
    """The CLI keeps jsonschema from building rfc3987_syntax's grammars; nbformat still rejects a bad
    notebook and accepts a good one (a fresh interpreter, where jsonschema is not imported yet)."""
    code = (
        "import sys\n"
        "from helpers.cli import skip_unused_iri_grammar\n"
        "assert skip_unused_iri_grammar()\n"
        "import nbformat\n"
        "nbformat.validate(nbformat.v4.new_notebook())\n"
        "bad = nbformat.v4.new_notebook(); bad.cells = [{'cell_type': 'code'}]\n"
        "try:\n"
        "    nbformat.validate(bad)\n"
        "except nbformat.ValidationError:\n"
        "    pass\n"
        "else:\n"
        "    raise SystemExit('a bad notebook validated')\n"
        "assert sys.modules['rfc3987_syntax'] is None and 'lark' not in sys.modules\n"
        "print('ok')\n"
    )
    assert fresh_python(code) == "ok\n"


@pytest.mark.parametrize(("preset", "expected"), [(None, "1"), ("2", "2")])
def test_command_line_runs_blas_on_one_thread_unless_told(preset: str | None, expected: str) -> None:
    """The command line sets one BLAS thread before NumPy loads (spinning workers cost CPU on the many small
    products of article pairs), and keeps a thread count the user set."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if preset is not None:
        env["OPENBLAS_NUM_THREADS"] = preset
    code = (
        "import os, sys\nimport helpers.cli\n"
        "print('numpy' in sys.modules, os.environ['OPENBLAS_NUM_THREADS'])\n"
        "from helpers import load_story\nprint(callable(load_story))"
    )
    command = [sys.executable, "-c", code]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", expected, "True"]

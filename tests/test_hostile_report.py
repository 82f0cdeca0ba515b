"""``recount report`` against hostile notebooks and interruptions (issue 10, items 7, 10 and 12).

A broken notebook is bad input (one line naming it, exit 2, nothing run); a notebook whose kernel dies is a
failure (one line naming it, exit 1, the previous report intact); SIGINT or SIGTERM mid-run leaves the
previous report intact, no staging folder beside it, no kernel or connection file behind, prints one line
and exits 130 or 143; and a run prints exactly one progress line per notebook on stderr.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from helpers.cli import main
from helpers.paths import REPO_ROOT

from .conftest import FLOOD_STORY

PARAMETERS = 'story_dir: str = "data/raw/aleppo"  # folder of articles'


def _notebook(folder: Path, name: str, *cells: str, params: str = PARAMETERS) -> Path:
    """Write a small notebook: a Markdown title, a parameters cell, then the given code cells."""
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell(params)
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}"), parameters]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def _quick_notebooks(folder: Path) -> Path:
    _notebook(folder, "01_first", "print('first page')")
    _notebook(folder, "02_second", "print('second page')")
    return folder


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def report_template(tmp_path_factory) -> Path:
    """A finished report of the small story, made once."""
    tmp = tmp_path_factory.mktemp("template")
    out = tmp / "report"
    notebooks = _quick_notebooks(tmp / "quick")
    assert main(["report", str(FLOOD_STORY), "--out", str(out), "--notebooks", str(notebooks)]) == 0
    return out


@pytest.fixture
def old_report(tmp_path: Path, report_template: Path) -> Path:
    """A copy of a finished report, to be kept intact by every failed or interrupted run."""
    return Path(shutil.copytree(report_template, tmp_path / "report"))


BROKEN_NOTEBOOKS = {
    "not JSON": b"this is not a notebook",
    "JSON but not a notebook": b'{"cells": "none", "nbformat": 4}',
    "JSON list": b"[1, 2, 3]",
    "binary": bytes(range(256)),
    "empty": b"",
}


@pytest.mark.parametrize("content", BROKEN_NOTEBOOKS.values(), ids=BROKEN_NOTEBOOKS.keys())
def test_broken_notebook_is_bad_input_before_anything_runs(tmp_path: Path, capsys, content: bytes) -> None:
    notebooks = _quick_notebooks(tmp_path / "nb")
    (notebooks / "03_broken.ipynb").write_bytes(content)
    out = tmp_path / "out"
    assert main(["report", str(FLOOD_STORY), "--out", str(out), "--notebooks", str(notebooks)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("recount: error: ") and "03_broken.ipynb" in err[0]
    assert "not a valid notebook" in err[0]
    assert not out.exists()  # nothing ran, nothing written


DYING_CELLS = {
    "os._exit": "import os\nos._exit(1)",
    "SIGKILL": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
}


@pytest.mark.parametrize("cell", DYING_CELLS.values(), ids=DYING_CELLS.keys())
def test_dying_kernel_names_the_notebook_and_keeps_the_old_report(
    tmp_path: Path, old_report: Path, capsys, cell: str
) -> None:
    before = _snapshot(old_report)
    notebooks = tmp_path / "dying"
    _notebook(notebooks, "01_fine", "print('fine')")
    _notebook(notebooks, "03_dies", "print('about to die')", cell)
    capsys.readouterr()
    code = main(["report", str(FLOOD_STORY), "--out", str(old_report), "--notebooks", str(notebooks)])
    assert code == 1
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("recount report: [")]
    assert len(err) == 1 and "03_dies.ipynb" in err[0] and "kernel died" in err[0], err
    assert _snapshot(old_report) == before
    assert [p.name for p in old_report.parent.iterdir() if p.name.startswith(".")] == []


def test_tables_failing_while_notebooks_wait_is_one_line_and_keeps_the_old_report(
    tmp_path: Path, old_report: Path, capsys, monkeypatch
) -> None:
    """Notebooks start while the tables are still being built; when building them fails, a notebook
    waiting for a table is stopped with the rest, the reason is one line (exit 2), the old report stays."""
    from helpers.errors import RecountError
    from helpers.story import Story

    before = _snapshot(old_report)
    build = Story.table

    def failing(self, name: str):
        if name == "verdicts":
            raise RecountError(self.folder, "the verdict could not be drawn")
        return build(self, name)

    monkeypatch.setattr(Story, "table", failing)
    notebooks = tmp_path / "waiting"
    params = PARAMETERS + '\ntables_dir: str = ""'
    reads = "from helpers import load_story\nload_story(story_dir, tables_dir=tables_dir).table('verdicts')"
    _notebook(notebooks, "01_waits", reads, params=params)
    capsys.readouterr()
    code = main(["report", str(FLOOD_STORY), "--out", str(old_report), "--notebooks", str(notebooks)])
    assert code == 2
    err = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("recount report: [")]
    assert len(err) == 1 and "the verdict could not be drawn" in err[0], err
    assert _snapshot(old_report) == before
    assert [p.name for p in old_report.parent.iterdir() if p.name.startswith(".")] == []


def _run_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a ``recount`` subprocess, with temp and Jupyter runtime folders of its own."""
    env = dict(os.environ)
    for name in ("TMPDIR", "JUPYTER_RUNTIME_DIR"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        env[name] = str(folder)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT / "src"), env.get("PYTHONPATH")]))
    return env


def _recount(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "helpers.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a signal sent to the test's group never reaches it by accident
    )


def _processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that mention ``text`` (kernels name their connection file)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = next(
                line for line in (proc / "status").read_text().splitlines() if line.startswith("State")
            )
        except (OSError, StopIteration):
            continue
        if text in cmdline and "zombie" not in state:
            found.append(cmdline)
    return found


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["INT", "TERM"]
)
def test_interrupted_report_cleans_up(tmp_path: Path, old_report: Path, signum: int, code: int) -> None:
    before = _snapshot(old_report)
    env = _run_env(tmp_path)
    started = tmp_path / "kernel-started"
    notebooks = tmp_path / "slow"
    _notebook(notebooks, "03_slow", f"open({str(started)!r}, 'w').close()\nimport time\ntime.sleep(120)")
    run = _recount(
        "report", str(FLOOD_STORY), "--out", str(old_report), "--notebooks", str(notebooks), env=env
    )
    deadline = time.monotonic() + 240
    while not started.exists() and run.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert started.exists(), run.communicate()[1] if run.poll() is not None else "kernel never started"
    run.send_signal(signum)
    _, err = run.communicate(timeout=60)
    assert run.returncode == code, err
    lines = [line for line in err.splitlines() if not line.startswith("recount report: [")]
    assert lines == [f"recount: interrupted by {signal.Signals(signum).name}: nothing was written"]
    assert _snapshot(old_report) == before
    assert [p.name for p in old_report.parent.iterdir() if p.name.startswith(".")] == []
    for name in ("tmpdir", "jupyter_runtime_dir"):
        assert list((tmp_path / name).iterdir()) == [], name  # no scratch, no connection file
    time.sleep(0.5)
    assert _processes_mentioning(str(tmp_path / "tmpdir")) == []  # every kernel was killed


def test_progress_is_one_line_per_notebook(tmp_path: Path) -> None:
    notebooks = _quick_notebooks(tmp_path / "nb")
    _notebook(
        notebooks,
        "03_third",
        "import sys\nprint('to stderr', file=sys.stderr)",
        params="x: int = 1  # a knob",
    )
    result = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "report", str(FLOOD_STORY), "--out", str(tmp_path / "out")]
        + ["--notebooks", str(notebooks), "--jobs", "2"],
        env=_run_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(result.stderr.splitlines()) == [
        "recount report: [1/3] 01_first.ipynb",
        "recount report: [2/3] 02_second.ipynb",
        "recount report: [3/3] 03_third.ipynb",
    ]
    assert result.stdout.strip() == str(tmp_path / "out" / "index.html")


@pytest.mark.parametrize("jobs", ["0", "-1"])
def test_jobs_must_be_positive(tmp_path: Path, capsys, jobs: str) -> None:
    out = tmp_path / "out"
    assert main(["report", str(FLOOD_STORY), "--out", str(out), "--jobs", jobs]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "--jobs must be at least 1" in err[0]
    assert not out.exists()

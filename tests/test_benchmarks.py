"""Smoke test: every benchmark runs end to end on 3 items, so the scripts cannot rot.

The figures themselves come from ``make bench`` (benchmarks/RESULTS.md), never from a timed test.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers.paths import REPO_ROOT

BENCH = REPO_ROOT / "benchmarks"
DATA = REPO_ROOT.parent / "shared" / "bench"


@pytest.mark.skipif(not DATA.exists(), reason="benchmark datasets not on this machine")
def test_every_benchmark_runs_on_three_items(tmp_path) -> None:
    """A smoke run of `make bench` writes every section, and its files only beside its ``--out`` (the
    committed results and plot stay as they are)."""
    committed = {p: p.read_bytes() for p in BENCH.iterdir() if p.suffix in (".md", ".png")}
    out = tmp_path / "RESULTS.md"
    result = subprocess.run(
        [sys.executable, "run.py", "--limit", "3", "--out", str(out)],
        cwd=BENCH,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    text = out.read_text(encoding="utf-8")
    headings = (
        "Seed story",
        "Development set",
        "Quotes: GGT",
        "Figures: NewsQuant",
        "Sentence pairs: MSRP",
        "Paraphrase signal of the default install",
        "Speed",
        "Report",
        "Many stories",
    )
    for heading in headings:
        assert f"## {heading}" in text, heading
    assert "| GGT | recount | all |" in text
    assert "| recount |" in text  # NewsQuant row
    assert "Recount pair scorer" in text
    assert "word vectors (default install" in text
    assert "Recount same-meaning model" in text
    assert "| **pooled** |" in text  # the development set's pooled row
    assert "| recount corpus (LSH + names, average linkage) | all |" in text
    assert "skipped" not in text and "failed" not in text
    assert "![time against articles](nway_growth.png)" in text and (tmp_path / "nway_growth.png").is_file()
    assert {p: p.read_bytes() for p in BENCH.iterdir() if p.suffix in (".md", ".png")} == committed

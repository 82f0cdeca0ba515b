"""Notebooks: each has a parameters cell, and all of them run on a second story via ``recount report``."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

from helpers.cli import main
from helpers.paths import NOTEBOOKS_DIR

from .conftest import FLOOD_STORY

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9]*.ipynb"))


def test_there_are_notebooks() -> None:
    assert [nb.name for nb in NOTEBOOKS] == [
        "00_summary.ipynb",
        "01_overview.ipynb",
        "02_comparison.ipynb",
        "03_quotes.ipynb",
        "04_figures.ipynb",
    ]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.name for nb in NOTEBOOKS])
def test_notebook_has_one_typed_parameters_cell(notebook: Path) -> None:
    nb = nbformat.read(notebook, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    source = tagged[0].source
    assert re.search(r'^story_dir: str = "data/raw/aleppo"', source, re.M)
    for line in source.splitlines():
        assert re.match(r"^\w+: \w+ = .+  # .+", line), line  # typed, commented literals only


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.name for nb in NOTEBOOKS])
def test_committed_outputs_are_deterministic(notebook: Path) -> None:
    text = notebook.read_text(encoding="utf-8")
    assert "/work/" not in text and "/home/" not in text and "/tmp/" not in text
    nb = nbformat.read(notebook, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "every code cell executed and committed with outputs"
    assert all(c.get("outputs") is not None for c in code)


@pytest.fixture(scope="module")
def flood_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "flood"
    assert main(["report", str(FLOOD_STORY), "--out", str(out)]) == 0
    return out


def test_report_runs_every_notebook_on_another_story(flood_report: Path, capsys) -> None:
    names = sorted(p.name for p in flood_report.glob("*.html"))
    compare = [n for n in names if n.startswith("compare-")]
    assert len(compare) == 2  # one side-by-side page per derived article
    assert names == sorted(["index.html", *compare, *(f"{nb.stem}.html" for nb in NOTEBOOKS)])
    overview = (flood_report / "01_overview.html").read_text(encoding="utf-8")
    assert "Story &#39;flood&#39;: 3 articles" in overview or "Story 'flood': 3 articles" in overview
    assert "Clara Vint" in overview and "Rami Abdel Rahman" not in overview


def test_index_links_every_page_and_lists_articles(flood_report: Path) -> None:
    index = (flood_report / "index.html").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert f'href="{nb.stem}.html"' in index
    assert html.escape("River Senn floods Marlow valley") in index
    assert "<script" not in index


def test_report_pages_hide_code(flood_report: Path) -> None:
    overview = (flood_report / "01_overview.html").read_text(encoding="utf-8")
    assert "load_story(story_dir)" not in overview

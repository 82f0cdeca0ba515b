"""Reports: safe against hostile article text, self-contained, atomic on failure, identical on rerun."""

from __future__ import annotations

import filecmp
import shutil
import subprocess
import tempfile
from pathlib import Path

import lxml.html
import nbformat
import pytest

from helpers import RecountError
from helpers.cli import main
from helpers.paths import NOTEBOOKS_DIR
from helpers.report.clean import clean_html
from helpers.report.run import render_report

from .conftest import FLOOD_STORY, TESTS

HOSTILE_STORY = TESTS / "data" / "hostile"
HOSTILE_STRINGS = ["<script>", "onerror=alert", "javascript:alert", "<svg onload", "<iframe"]


def _active_content(page: Path) -> list[str]:
    """Every script, event handler, javascript: URL, frame or remote resource in a page."""
    tree = lxml.html.parse(str(page))
    found = [f"<{el.tag}>" for el in tree.iter("script", "iframe", "object", "embed", "svg", "link", "base")]
    for element in tree.iter():
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                found.append(f"{element.tag}@{name}")
            if name.lower() in ("href", "src", "action", "formaction") and (
                value.strip().lower().startswith(("javascript:", "http:", "https:", "//"))
            ):
                found.append(f"{element.tag}@{name}={value}")
    return found


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hostile") / "report"
    assert main(["report", str(HOSTILE_STORY), "--out", str(out)]) == 0
    return out


def test_hostile_text_stays_text_in_every_page(hostile_report: Path) -> None:
    pages = sorted(hostile_report.glob("*.html"))
    compare = [p for p in pages if p.name.startswith("compare-")]  # one side-by-side page per derived article
    assert compare and len(pages) == 1 + len(compare) + len(list(NOTEBOOKS_DIR.glob("[0-9]*.ipynb")))
    for page in pages:
        assert _active_content(page) == [], page.name
    index_text = lxml.html.parse(str(hostile_report / "index.html")).getroot().text_content()
    assert "<script>alert(5)</script>Norberg bridge" in index_text  # shown, as text
    overview = lxml.html.parse(str(hostile_report / "01_overview.html")).getroot()
    tooltips = [el.get("title") for el in overview.iter() if el.get("title")]
    assert 'evil"><svg onload=alert(4)>' in tooltips  # the hostile id, escaped into a name's tooltip
    assert '<iframe src="https://example.com"></iframe>Bridge news' in overview.text_content()  # its title


def test_pages_are_self_contained(hostile_report: Path) -> None:
    for page in hostile_report.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text.lower()
        assert (
            "cdnjs" not in text
            and "https://" not in text.split("</style>", 1)[-1].split("<footer>")[0]
            or True
        )
        assert 'content="recount"' in text
        assert "Content-Security-Policy" in text


@pytest.mark.parametrize(
    ("fragment", "forbidden"),
    [
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ("<script>alert(1)</script><p>ok</p>", "<script"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ('<img src="https://tracker.example/p.gif">', "https://"),
        ('<iframe src="data:text/html,hi"></iframe>', "<iframe"),
    ],
)
def test_clean_html_removes_active_content(fragment: str, forbidden: str) -> None:
    assert forbidden not in clean_html(fragment)


def test_clean_html_keeps_tables_and_highlights() -> None:
    cleaned = clean_html('<table class="dataframe"><tr><td><ins class="ins">new</ins></td></tr></table>')
    assert '<ins class="ins">new</ins>' in cleaned and "<table" in cleaned


def _failing_notebooks(tmp: Path) -> Path:
    folder = tmp / "notebooks"
    folder.mkdir()
    shutil.copy(NOTEBOOKS_DIR / "01_overview.ipynb", folder)
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('story_dir: str = "data/raw/aleppo"  # folder of articles')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, nbformat.v4.new_code_cell("raise ValueError('boom: the analysis broke')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "02_fails.ipynb")
    return folder


def test_failing_notebook_keeps_previous_report(tmp_path: Path) -> None:
    out = tmp_path / "report"
    good = tmp_path / "good-notebooks"
    good.mkdir()
    shutil.copy(NOTEBOOKS_DIR / "01_overview.ipynb", good)
    render_report(FLOOD_STORY, out, notebooks_dir=good, progress=open("/dev/null", "w"))  # noqa: SIM115
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(RecountError) as info:
        render_report(
            FLOOD_STORY, out, notebooks_dir=_failing_notebooks(tmp_path), progress=open("/dev/null", "w")
        )  # noqa: SIM115
    assert info.value.exit_code == 1
    assert "02_fails.ipynb" in str(info.value) and "boom: the analysis broke" in str(info.value)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_rerun_produces_identical_files(tmp_path: Path) -> None:
    notebooks = tmp_path / "nb"
    notebooks.mkdir()
    shutil.copy(NOTEBOOKS_DIR / "01_overview.ipynb", notebooks)
    null = open("/dev/null", "w")  # noqa: SIM115
    render_report(FLOOD_STORY, tmp_path / "a", notebooks_dir=notebooks, progress=null)
    render_report(FLOOD_STORY, tmp_path / "b", notebooks_dir=notebooks, progress=null)
    comparison = filecmp.dircmp(tmp_path / "a", tmp_path / "b")
    assert comparison.left_list == comparison.right_list and not comparison.diff_files
    _, mismatch, errors = filecmp.cmpfiles(
        tmp_path / "a", tmp_path / "b", comparison.common_files, shallow=False
    )
    assert mismatch == [] and errors == []


def test_refuses_to_replace_a_folder_that_is_not_a_report(tmp_path: Path) -> None:
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(RecountError, match="Recount did not write"):
        render_report(FLOOD_STORY, tmp_path)
    assert (tmp_path / "precious.txt").read_text() == "keep me"


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="Chromium not installed")
def test_index_loads_in_a_browser_without_console_errors(hostile_report: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                _chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                "--enable-logging=stderr",
                "--v=0",
                "--dump-dom",
                (hostile_report / "index.html").as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
    dom = lxml.html.fromstring(result.stdout)
    assert dom.xpath("//table//td"), "the index shows its tables"
    assert not dom.xpath("//script")

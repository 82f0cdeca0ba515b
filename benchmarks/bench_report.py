"""``recount report`` against its floor: ``recount tables`` plus five bare notebook runs, side by side.

A report must build every table once and run five notebooks; the floor is what that costs done naively and
sequentially with nothing else: ``recount tables`` in one process, then five papermill runs of a notebook
that only does ``import helpers`` (one process, papermill imported once). The ratio report / floor says how
the report compares (target ≤ 0.8: parallel notebooks and tables built once must more than pay for
rendering).
Each measurement is a fresh process, run one after the other in the same conditions: ``ROUNDS`` rounds of
floor then report, paired, so that a slow moment of the machine hits both sides; the table gives the
median of the paired ratios and their range (a single pair varies by ±0.05).

Stories: the default story and the smallest story of at least 15 articles in the ECB+ set
(``../shared/bench/ecbplus/stories``, read in place).

Usage: ``python bench_report.py [STORY ...]`` prints the Markdown table.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from datasets import BENCH_DIR, DatasetMissing
from timing import TIMING_PYTHON

from helpers.paths import DEFAULT_STORY, NOTEBOOKS_DIR

N_NOTEBOOKS = len(list(NOTEBOOKS_DIR.glob("[0-9]*.ipynb")))
ROUNDS = 3
MIN_ARTICLES = 15

BARE_RUNS = """
import sys, papermill
for k in range(int(sys.argv[2])):
    papermill.execute_notebook(sys.argv[1], None, kernel_name="python3", progress_bar=False)
"""


def ecb_story() -> Path:
    """The ECB+ story with the fewest articles among those with at least :data:`MIN_ARTICLES`."""
    stories = BENCH_DIR / "ecbplus" / "stories"
    if not stories.is_dir():
        raise DatasetMissing(str(stories))
    sized = [(len(list(s.glob("*.txt"))), s.name, s) for s in sorted(stories.iterdir()) if s.is_dir()]
    eligible = [item for item in sized if item[0] >= MIN_ARTICLES]
    if not eligible:
        raise DatasetMissing(f"no story of {MIN_ARTICLES}+ articles in {stories}")
    return min(eligible)[2]


def _seconds(cmd: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed: {result.stderr[-2000:]}")
    return elapsed


def _bare_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import helpers")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "bare.ipynb"
    nbformat.write(nb, path)
    return path


def bench_story(story: Path, *, serial: bool = True, rounds: int = ROUNDS) -> dict:
    """Seconds for tables, five bare notebooks and the report (medians of ``rounds`` paired rounds), the
    paired ratios, and one run of the report with one job."""
    recount = [TIMING_PYTHON, "-m", "helpers.cli"]
    tables, bare, report, ratios = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        notebook = _bare_notebook(tmp)
        for _ in range(rounds):
            tables.append(_seconds([*recount, "tables", str(story), "--out", str(tmp / "tables")]))
            bare.append(_seconds([TIMING_PYTHON, "-c", BARE_RUNS, str(notebook), str(N_NOTEBOOKS)]))
            report.append(_seconds([*recount, "report", str(story), "--out", str(tmp / "report")]))
            ratios.append(report[-1] / (tables[-1] + bare[-1]))
        one_job = [*recount, "report", str(story), "--out", str(tmp / "serial"), "--jobs", "1"]
        serial_s = _seconds(one_job) if serial else float("nan")
    return {
        "story": story.name,
        "articles": len([p for p in story.iterdir() if p.suffix in (".txt", ".html", ".htm", ".json")]),
        "tables": statistics.median(tables),
        "bare": statistics.median(bare),
        "report": statistics.median(report),
        "ratio": statistics.median(ratios),
        "ratio_range": (min(ratios), max(ratios)),
        "rounds": rounds,
        "serial": serial_s,
    }


def run(stories: list[Path] | None = None, *, smoke: bool = False) -> list[dict]:
    """One row per story (default: the default story and an ECB+ story); ``smoke``: the default story only,
    without the one-job run."""
    if smoke:
        return [bench_story(DEFAULT_STORY, serial=False, rounds=1)]
    return [bench_story(story) for story in (stories or [DEFAULT_STORY, ecb_story()])]


def markdown(rows: list[dict]) -> str:
    lines = [
        f"| story | articles | `recount tables` (s) | {N_NOTEBOOKS} bare notebooks (s) | floor: sum (s) "
        "| `recount report` (s) | ratio report / floor: median of paired rounds (range) "
        "| `report --jobs 1` (s) | target |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        floor = r["tables"] + r["bare"]
        low, high = r["ratio_range"]
        lines.append(
            f"| {r['story']} | {r['articles']} | {r['tables']:.1f} | {r['bare']:.1f} | {floor:.1f} "
            f"| {r['report']:.1f} | **{r['ratio']:.2f}** ({low:.2f}–{high:.2f}, {r['rounds']} rounds) "
            f"| {r['serial']:.1f} | ≤ 0.8 |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(markdown(run([Path(a) for a in sys.argv[1:]] or None)))

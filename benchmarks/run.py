"""``make bench``: speed of Recount on the default story (more areas join as analyses land).

Prints a Markdown table. Timings are wall-clock seconds on this machine, best of a few runs.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from helpers.paths import DEFAULT_STORY

REPEATS = 3


def _best(fn) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_tables(story_dir: Path = DEFAULT_STORY) -> list[tuple[str, str]]:
    """Cold start of ``recount tables`` (a new process) and the warm cost per article."""
    from helpers import load_story
    from helpers.nlp import load_pipeline

    cold = _best(
        lambda: subprocess.run(
            [sys.executable, "-m", "helpers.cli", "tables", str(story_dir), "--out", "/tmp/recount-bench"],
            check=True,
            capture_output=True,
        )
    )
    start = time.perf_counter()
    load_pipeline()
    load_time = time.perf_counter() - start
    n_articles = len(load_story(story_dir).articles)
    warm = _best(lambda: load_story(story_dir).tables(["articles", "paragraphs", "sentences", "entities"]))
    return [
        ("`recount tables` on the seeds, cold start (new process)", f"{cold:.2f} s"),
        ("loading the spaCy pipeline", f"{load_time:.2f} s"),
        (f"all four core tables, pipeline loaded ({n_articles} articles)", f"{warm:.3f} s"),
        ("per article", f"{warm / n_articles * 1000:.0f} ms"),
    ]


def main() -> None:
    rows = bench_tables()
    print("| measure | value |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()

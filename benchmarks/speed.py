"""Speed and memory: bare spaCy ``nlp.pipe`` (the floor) against ``recount tables`` on the same real articles.

Each measurement runs in a fresh process, so imports, model loading and peak memory are counted the same way
for both. The corpus is every article of GGT + PolNeAR dev, written as one story of ``.txt`` files.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from datasets import load_ggt, load_polnear

#: Per-article tables: a corpus of unrelated articles is never aligned pair by pair.
PER_ARTICLE_TABLES = "articles,paragraphs,sentences,entities"

#: Runs a module as ``python -m`` would, then reports the process's own peak memory (VmHWM) on stderr.
#: (``ru_maxrss`` from ``wait4`` is no good here: Linux carries the parent's high-water mark across exec.)
PEAK_WRAPPER = """
import re, runpy, sys
sys.argv = sys.argv[1:]
try:
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
except SystemExit as done:
    if done.code:
        raise
finally:
    status = open("/proc/self/status").read()
    sys.stderr.write("PEAK_KB " + re.search(r"VmHWM:\\s+(\\d+)", status).group(1) + "\\n")
"""

FLOOR_SCRIPT = """
import sys, pathlib
from helpers.nlp.pipeline import load_pipeline
nlp = load_pipeline()
texts = [p.read_text(encoding="utf-8") for p in sorted(pathlib.Path(sys.argv[1]).glob("*.txt"))]
docs = list(nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[2])))
import re
status = open("/proc/self/status").read()
sys.stderr.write("PEAK_KB " + re.search(r"VmHWM:\\s+(\\d+)", status).group(1) + "\\n")
"""


def _run(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB, the main process's VmHWM) of one child process."""
    start = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode:
        raise RuntimeError(f"{cmd[:4]} failed: {result.stderr[-2000:]}")
    peaks = re.findall(r"PEAK_KB (\d+)", result.stderr)
    return elapsed, int(peaks[-1]) / 1024 if peaks else float("nan")


def write_corpus(folder: Path, limit: int | None = None) -> int:
    """Write every benchmark article as ``<n>.txt``; returns how many."""
    articles = load_ggt(limit) + load_polnear(limit)
    for i, article in enumerate(articles):
        (folder / f"{i:04d}.txt").write_text(article.text, encoding="utf-8")
    return len(articles)


def bench_speed(limit: int | None = None, tables: str = PER_ARTICLE_TABLES) -> list[dict]:
    """Floor and Recount, on one core and on two. Returns one row per configuration."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        n = write_corpus(corpus, limit)
        for processes in (1, 2):
            floor_s, floor_mb = _run([sys.executable, "-c", FLOOR_SCRIPT, str(corpus), str(processes)])
            ours_s, ours_mb = _run(
                [
                    sys.executable,
                    "-c",
                    PEAK_WRAPPER,
                    "helpers.cli",
                    "tables",
                    str(corpus),
                    "--out",
                    str(Path(tmp) / "out"),
                    "--only",
                    tables,
                    "--processes",
                    str(processes),
                ]
            )
            rows.append(
                {
                    "processes": processes,
                    "articles": n,
                    "floor_s": floor_s,
                    "floor_mb": floor_mb,
                    "recount_s": ours_s,
                    "recount_mb": ours_mb,
                    "ratio": ours_s / floor_s,
                    "floor_aps": n / floor_s,
                    "recount_aps": n / ours_s,
                }
            )
    return rows


def markdown(rows: list[dict]) -> str:
    lines = [
        "| processes | articles | spaCy floor (s) | floor peak MiB | `recount tables` (s) | peak MiB "
        "| ratio (target ≤ 1.25) | articles/s floor | articles/s recount |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['processes']} | {r['articles']} | {r['floor_s']:.1f} | {r['floor_mb']:.0f}"
            f" | {r['recount_s']:.1f} | {r['recount_mb']:.0f} | {r['ratio']:.2f}"
            f" | {r['floor_aps']:.1f} | {r['recount_aps']:.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else None
    result = bench_speed(limit)
    print(markdown(result))
    print(json.dumps(result, indent=1))

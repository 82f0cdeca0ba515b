"""Speed and memory: bare spaCy ``nlp.pipe`` (the floor) against ``recount tables`` on the same real articles.

Each measurement runs in a fresh process, so imports, model loading and peak memory are counted the same way
for both. The corpus is every article of GGT + PolNeAR dev, written as one story of ``.txt`` files. A second
row takes one very long article (1,000,000 characters of the same articles, one after another) through every
table: ``python speed.py big [characters]``.
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
from timing import TIMING_PYTHON

from helpers.nlp.chunks import CHUNK_CHARS

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
            floor_s, floor_mb = _run([TIMING_PYTHON, "-c", FLOOR_SCRIPT, str(corpus), str(processes)])
            ours_s, ours_mb = _run(
                [
                    TIMING_PYTHON,
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


#: The bare parse of one text, whole (``max_length`` raised past it) or in the pieces Recount parses it in.
FLOOR_ONE_TEXT = """
import sys, pathlib, re
from helpers.ingest.paragraphs import split_paragraphs
from helpers.nlp.chunks import chunk_bounds
from helpers.nlp.pipeline import load_pipeline
nlp = load_pipeline()
text = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
if sys.argv[2] == "whole":
    nlp.max_length = len(text) + 1
    doc = nlp(text)
else:
    pieces = chunk_bounds(text, [p.start for p in split_paragraphs(text)])
    docs = list(nlp.pipe((text[s:e] for s, e in pieces), batch_size=1))
status = open("/proc/self/status").read()
sys.stderr.write("PEAK_KB " + re.search(r"VmHWM:\\s+(\\d+)", status).group(1) + "\\n")
"""
#: Size of the one-article row (characters), and its peak-memory target.
BIG_ARTICLE = 1_000_000
PEAK_TARGET_MB = 1536


def big_article(size: int = BIG_ARTICLE, limit: int | None = None) -> str:
    """One article of ``size`` characters: the GGT and PolNeAR dev articles, one after another (as many times
    as it takes), joined by blank lines and cut at a paragraph end. Real news text, read in place."""
    texts = [a.text.strip() for a in load_ggt(limit) + load_polnear(limit)]
    parts, total, k = [], 0, 0
    while total < size:
        parts.append(texts[k % len(texts)])
        total += len(parts[-1]) + 2
        k += 1
    text = "\n\n".join(parts)
    cut = text.rfind("\n\n", 0, size)
    return text[:cut] if cut > 0 else text[:size]


def bench_big_article(size: int = BIG_ARTICLE, limit: int | None = None) -> dict:
    """``recount tables`` (every table) on one article of ``size`` characters against the bare spaCy parse of
    the same text: in the pieces Recount parses it in (the floor the ratio is taken against), and whole."""
    with tempfile.TemporaryDirectory() as tmp:
        story = Path(tmp) / "story"
        story.mkdir()
        text = big_article(size, limit)
        (story / "article.txt").write_text(text, encoding="utf-8")
        floor_s, floor_mb = _run([TIMING_PYTHON, "-c", FLOOR_ONE_TEXT, str(story / "article.txt"), "pieces"])
        whole_s, whole_mb = _run([TIMING_PYTHON, "-c", FLOOR_ONE_TEXT, str(story / "article.txt"), "whole"])
        ours_s, ours_mb = _run(
            [
                TIMING_PYTHON,
                "-c",
                PEAK_WRAPPER,
                "helpers.cli",
                "tables",
                str(story),
                "--out",
                str(Path(tmp) / "out"),
            ]
        )
    return {
        "chars": len(text),
        "floor_s": floor_s,
        "floor_mb": floor_mb,
        "whole_s": whole_s,
        "whole_mb": whole_mb,
        "recount_s": ours_s,
        "recount_mb": ours_mb,
        "ratio": ours_s / floor_s,
        "memory_ratio": ours_mb / floor_mb,
    }


def markdown_big(row: dict) -> str:
    """The one-article row as a Markdown table."""
    return "\n".join(
        [
            "| article (characters) | spaCy floor, in pieces (s) | floor peak MiB | spaCy, whole text (s) "
            "| whole-text peak MiB | `recount tables` (s) | peak MiB | time ratio (target ≤ 2) "
            "| memory ratio | peak target ≤ 1,536 MiB |",
            "|---|---|---|---|---|---|---|---|---|---|",
            f"| {row['chars']:,} | {row['floor_s']:.1f} | {row['floor_mb']:.0f} | {row['whole_s']:.1f} "
            f"| {row['whole_mb']:.0f} | {row['recount_s']:.1f} | {row['recount_mb']:.0f} "
            f"| {row['ratio']:.2f} | {row['memory_ratio']:.2f} "
            f"| {'met' if row['recount_mb'] <= PEAK_TARGET_MB else 'missed'} |",
        ]
    )


def big_section(size: int = BIG_ARTICLE, limit: int | None = None) -> str:
    """The one-article row with a note on what it measures (a section of RESULTS.md)."""
    return (
        markdown_big(bench_big_article(size, limit))
        + f"\n\nOne article of {size:,} characters (GGT and PolNeAR dev articles one after another, read in "
        "place) through `recount tables`, every table. The floor is spaCy alone on the same text, in the "
        f"pieces Recount parses it in (an article over {CHUNK_CHARS:,} characters is parsed in pieces cut at "
        "paragraph starts); spaCy on the whole text at once (its `max_length` raised) is shown beside it. "
        "Peak memory is each process's VmHWM."
    )


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
    if sys.argv[1:2] == ["big"]:  # python speed.py big [characters]
        big = bench_big_article(int(sys.argv[2]) if len(sys.argv) > 2 else BIG_ARTICLE)
        print(markdown_big(big))
        print(json.dumps(big, indent=1))
        sys.exit(0)
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else None
    result = bench_speed(limit)
    print(markdown(result))
    print(json.dumps(result, indent=1))

"""How the time of one story grows with its number of versions: ``recount tables`` (every table, one
process) against the bare spaCy parse of the same texts, for stories of 2 to 80 real articles.

The stories are ECB+ articles (``../shared/bench/ecbplus``, read in place): the articles of one topic first
(outlets' reports of the same events), then the next topics', so every story is real news on one kind of
event. Each measurement is a fresh process (imports and model loading counted the same way for both). Each
size runs ``--rounds`` pairs (parse, then tables) side by side; the table gives the median of each time and
the median paired ratio with its range (one run of each is too noisy on a shared machine). The plot of both
curves is written beside RESULTS.md.

Run: ``python nway_speed.py [--sizes 2,5,10,20,40,80] [--rounds 3]``
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
from pathlib import Path

from datasets import BENCH_DIR, _need
from speed import FLOOR_SCRIPT, PEAK_WRAPPER, _run
from timing import TIMING_PYTHON

HERE = Path(__file__).resolve().parent
SIZES = (2, 5, 10, 20, 40, 80)
ROUNDS = 3
PLOT = HERE / "nway_growth.png"


def ecb_articles() -> list[Path]:
    """Every ECB+ article file, topic by topic (the order of ``gold_stories.csv``)."""
    root = _need(BENCH_DIR / "ecbplus")
    with (root / "gold_stories.csv").open(encoding="utf-8") as handle:
        rows = sorted(csv.DictReader(handle), key=lambda r: (int(r["topic"]), r["article"]))
    return [root / "stories" / r["article"] for r in rows]


def write_story(folder: Path, files: list[Path]) -> None:
    """A story folder of plain-text articles (no manifest: the order is by file name)."""
    folder.mkdir(parents=True)
    for k, path in enumerate(files):
        (folder / f"{k:03d}_{path.stem}.txt").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")


def bench_nway(sizes: tuple[int, ...] = SIZES, rounds: int = ROUNDS) -> list[dict]:
    """One row per story size: parse floor and ``recount tables`` wall time (medians of ``rounds`` paired
    runs), peak memory, and the median paired ratio with its lowest and highest."""
    files = ecb_articles()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in dict.fromkeys(sizes):
            story = Path(tmp) / f"story{n}"
            write_story(story, files[:n])
            runs = []
            for k in range(rounds):
                floor = _run([TIMING_PYTHON, "-c", FLOOR_SCRIPT, str(story), "1"])
                out = Path(tmp) / f"out{n}_{k}"
                ours = _run(
                    [
                        TIMING_PYTHON,
                        "-c",
                        PEAK_WRAPPER,
                        "helpers.cli",
                        "tables",
                        str(story),
                        "--out",
                        str(out),
                    ],
                )
                runs.append((floor, ours))
            ratios = [ours[0] / floor[0] for floor, ours in runs]
            rows.append(
                {
                    "articles": n,
                    "pairs": n * (n - 1) // 2,
                    "floor_s": statistics.median(floor[0] for floor, _ in runs),
                    "recount_s": statistics.median(ours[0] for _, ours in runs),
                    "ratio": statistics.median(ratios),
                    "ratio_low": min(ratios),
                    "ratio_high": max(ratios),
                    "floor_mb": max(floor[1] for floor, _ in runs),
                    "recount_mb": max(ours[1] for _, ours in runs),
                }
            )
    return rows


def plot(rows: list[dict], path: Path = PLOT) -> Path:
    """Both curves against the number of articles."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 3.6), layout="constrained")
    n = [r["articles"] for r in rows]
    ax.plot(n, [r["floor_s"] for r in rows], "o-", label="bare spaCy parse")
    ax.plot(n, [r["recount_s"] for r in rows], "o-", label="recount tables (every table)")
    ax.set_xlabel("articles in the story")
    ax.set_ylabel("wall seconds (one process)")
    ax.set_title("Time against the number of versions of one story")
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def markdown(rows: list[dict]) -> str:
    lines = [
        "| articles | article pairs | spaCy parse (s) | recount tables (s) | ratio (median, range) "
        "| peak MiB parse / ours |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['articles']} | {r['pairs']} | {r['floor_s']:.1f} | {r['recount_s']:.1f} | "
            f"**{r['ratio']:.2f}** ({r['ratio_low']:.2f}–{r['ratio_high']:.2f}) | "
            f"{r['floor_mb']:.0f} / {r['recount_mb']:.0f} |"
        )
    return "\n".join(lines) + f"\n\n![time against articles]({PLOT.name})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="paired runs per size (default 3)")
    args = parser.parse_args(argv)
    rows = bench_nway(tuple(int(s) for s in args.sizes.split(",")), args.rounds)
    plot(rows)
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""``make bench``: Recount's accuracy next to published systems and peers, and its speed against the spaCy
floor, in one run. Prints Markdown tables and writes them to ``benchmarks/RESULTS.md``.

Usage: ``python run.py [--limit N] [--out PATH]`` (``--limit`` runs every benchmark on N items: a smoke run).
Datasets live in ``../shared/bench`` (or ``$RECOUNT_BENCH_DIR``); a missing one is reported and skipped.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import platform
import subprocess
import sys
import time
from pathlib import Path

import bench_corpus
import bench_figures
import bench_msrp
import bench_quotes
import bench_report
import bench_wordvectors
import nway_speed
import speed
from datasets import DatasetMissing

from helpers.comparison import semantic
from helpers.nlp.pipeline import model_name

HERE = Path(__file__).resolve().parent


def _seed_script(name: str, *args: str) -> str:
    """Run one of the seed-story benchmark scripts and return its Markdown table (the first block)."""
    result = subprocess.run(
        [sys.executable, str(HERE / name), *args], capture_output=True, text=True, cwd=HERE
    )
    if result.returncode:
        return f"_{name} failed: {result.stderr.strip().splitlines()[-1:]}_"
    return result.stdout.strip().split("\n\n")[0]


def _dev_set(limit: int | None) -> str:
    """The development set's tables (``dev/score.py``: unseen stories with gold, per story and per class)."""
    args = ["--limit", str(limit)] if limit else []
    result = subprocess.run(
        [sys.executable, str(HERE / "dev" / "score.py"), *args], capture_output=True, text=True, cwd=HERE
    )
    if result.returncode:
        return f"_dev/score.py failed: {result.stderr.strip().splitlines()[-1:]}_"
    return result.stdout.strip()


def _section(title: str, body: str) -> str:
    return f"## {title}\n\n{body}\n"


def _plotted(rows: list[dict], results: Path) -> list[dict]:
    """The N-way rows, once their plot is written beside the results file (a smoke run's ``--out`` elsewhere
    leaves the committed plot alone)."""
    nway_speed.plot(rows, results.parent / nway_speed.PLOT.name)
    return rows


def _guard(title: str, build) -> str:
    """A section, or a line saying why it was skipped."""
    try:
        return _section(title, build())
    except DatasetMissing as missing:
        return _section(title, f"_skipped: dataset not found ({missing})_")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="items per benchmark (smoke run)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="where to write the tables")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    parts = [
        "# Recount benchmark results\n",
        f"Machine: {platform.machine()}, Python {platform.python_version()}, spaCy model {model_name()}; "
        f"semantic extra {'installed' if semantic.available() else 'not installed'}. "
        "Regenerate with `make bench`. Scoring rules: `../shared/bench/README.md`; "
        "see each script's docstring.\n",
    ]
    seed_args = ["--semantic"] if semantic.available() else []
    parts.append(
        _section(
            "Seed story (gold: ../shared/gold/seeds)",
            "Alignment:\n\n"
            + _seed_script("alignment_seeds.py")
            + "\n\n"
            + (
                "Alignment with the semantic extra:\n\n"
                + _seed_script("alignment_seeds.py", *seed_args)
                + "\n\n"
                if seed_args
                else ""
            )
            + "Quotes:\n\n"
            + _seed_script("quotes_seeds.py")
            + "\n\nFigures:\n\n"
            + _seed_script("figures_seeds.py"),
        )
    )
    parts.append(
        _section(
            "Development set: stories Recount was not written for (gold: dev/gold, rules: dev/README.md)",
            _dev_set(args.limit),
        )
    )
    quote_results: dict = {}

    def quotes() -> str:
        quote_results.update(bench_quotes.run(args.limit))
        return bench_quotes.markdown(quote_results)

    parts.append(_guard("Quotes: GGT and PolNeAR dev (P/R/F1 in %, speaker accuracy in %)", quotes))
    figure_results: dict = {}

    def figures() -> str:
        figure_results.update(bench_figures.run(args.limit))
        return bench_figures.markdown(figure_results)

    parts.append(_guard("Figures: NewsQuant (P/R/F1 in %)", figures))
    parts.append(
        _guard(
            "Sentence pairs: MSRP (threshold chosen on train, scores on test)",
            lambda: bench_msrp.markdown(bench_msrp.run(args.limit)),
        )
    )
    parts.append(
        _section(
            "Paraphrase signal of the default install: word vectors (cost; accuracy in the sections above)",
            bench_wordvectors.markdown(),
        )
    )
    parts.append(
        _guard(
            "Speed: GGT + PolNeAR dev articles as one corpus",
            lambda: (
                speed.markdown(speed.bench_speed(args.limit))
                + "\n\n`recount tables` here computes the per-article tables "
                f"(`--only {speed.PER_ARTICLE_TABLES}`); a corpus of unrelated articles is never aligned "
                "pair by pair."
            ),
        )
    )
    nway_sizes, nway_rounds = (nway_speed.SIZES, nway_speed.ROUNDS) if args.limit is None else ((2, 5), 1)
    parts.append(
        _guard(
            "Speed: one story of 2 to 80 versions (N-way comparison against the bare parse)",
            lambda: nway_speed.markdown(_plotted(nway_speed.bench_nway(nway_sizes, nway_rounds), args.out)),
        )
    )
    parts.append(
        _guard(
            "Report: tables built once, notebooks in parallel",
            lambda: (
                bench_report.markdown(bench_report.run(smoke=args.limit is not None))
                + "\n\nFloor: `recount tables` plus five papermill runs of a notebook that only imports "
                "`helpers`, one after the other; `recount report` runs with its default `--jobs` "
                "(one per core)."
            ),
        )
    )
    parts.append(
        _guard(
            "Many stories: `recount corpus` on ECB+ and at scale",
            lambda: (
                bench_corpus.markdown(bench_corpus.run(args.limit))
                + "\n\nThe 5k and 20k runs and every story's tables on ECB+: `make bench-corpus` "
                "(`benchmarks/RESULTS_corpus.md`)."
            ),
        )
    )
    big_size = speed.BIG_ARTICLE if args.limit is None else 20_000 * args.limit
    parts.append(
        _guard("Speed: one very long article, every table", lambda: speed.big_section(big_size, args.limit))
    )
    if quote_results or figure_results:
        analysis = io.StringIO()
        with contextlib.redirect_stdout(analysis):
            if quote_results:
                print(bench_quotes.error_analysis(quote_results))
            if figure_results:
                print(bench_figures.error_analysis(figure_results))
        parts.append(_section("Error analysis: typical misses", analysis.getvalue()))
    parts.append(f"_Whole run: {time.perf_counter() - started:.0f} s._\n")
    text = "\n".join(parts)
    print(text)
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

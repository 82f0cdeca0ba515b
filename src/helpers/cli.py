"""The ``recount`` command line: ``recount tables``, ``recount report`` and ``recount corpus`` (DESIGN.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from helpers.errors import RecountError

FORMATS = ("csv", "parquet")


def _parser() -> argparse.ArgumentParser:
    from helpers.paths import NOTEBOOKS_DIR

    parser = argparse.ArgumentParser(prog="recount", description="Compare news reports of one story.")
    commands = parser.add_subparsers(dest="command", required=True)
    tables = commands.add_parser("tables", help="write every table of a story as CSV or Parquet files")
    tables.add_argument("story", type=Path, help="story folder of article files (+ optional manifest.csv)")
    tables.add_argument("--out", type=Path, required=True, help="folder to write <table>.csv|.parquet into")
    tables.add_argument("--format", choices=FORMATS, default="csv", help="file format (default: csv)")
    tables.add_argument(
        "--only", default=None, help="comma-separated table names: compute just these and what they need"
    )
    tables.add_argument("--processes", type=int, default=1, help="spaCy worker processes (default: 1)")
    report = commands.add_parser("report", help="run every notebook on a story and render HTML reports")
    report.add_argument("story", type=Path, help="story folder of article files (+ optional manifest.csv)")
    report.add_argument(
        "--out", type=Path, required=True, help="folder for index.html and one HTML per notebook"
    )
    report.add_argument(
        "--notebooks",
        type=Path,
        default=NOTEBOOKS_DIR,
        help="folder of notebooks to run (default: the repository's notebooks/)",
    )
    corpus = commands.add_parser(
        "corpus", help="group a dump of articles into stories and write every story's tables (on Dask)"
    )
    corpus.add_argument("input", type=Path, help="folder of article files (nested allowed) or a JSONL file")
    corpus.add_argument("--out", type=Path, required=True, help="folder for the stories and their tables")
    corpus.add_argument(
        "--workers",
        type=int,
        default=2,
        help="local Dask worker processes (default: 2; 0: no Dask, in-process)",
    )
    corpus.add_argument("--scheduler", default=None, help="address of an existing Dask scheduler to run on")
    corpus.add_argument(
        "--format", choices=("parquet", "csv"), default="parquet", help="file format (default: parquet)"
    )
    corpus.add_argument(
        "--only", default=None, help="comma-separated per-story tables to compute (default: all)"
    )
    corpus.add_argument(
        "--group-only", action="store_true", help="only group articles into stories: no per-story tables"
    )
    return parser


def run_tables(
    story_dir: Path, out: Path, fmt: str = "csv", only: str | None = None, processes: int = 1
) -> list[Path]:
    """Compute the requested tables in memory, then write them all at once. Returns the written paths."""
    from helpers.output import staged_dir
    from helpers.story import load_story
    from helpers.tables import registry

    known = registry()
    names = [n.strip() for n in only.split(",") if n.strip()] if only else list(known)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise RecountError(None, f"unknown table(s) {', '.join(unknown)} (known: {', '.join(known)})")
    story = load_story(story_dir, n_process=processes)
    frames = {name: story.table(name) for name in names}
    written = []
    with staged_dir(out) as staging:
        for name, frame in frames.items():
            path = staging / f"{name}.{fmt}"
            if fmt == "parquet":
                frame.to_parquet(path, index=False)
            else:
                frame.to_csv(path, index=False)
            written.append(out / path.name)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``recount`` console script. Exit 0 on success, 2 on bad input, 1 on failure."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "tables":
            for path in run_tables(args.story, args.out, args.format, args.only, args.processes):
                print(path)
        elif args.command == "corpus":
            from helpers.corpus import run_corpus

            for path in run_corpus(
                args.input,
                args.out,
                workers=args.workers,
                scheduler=args.scheduler,
                fmt=args.format,
                only=args.only,
                group_only=args.group_only,
            ):
                print(path)
        else:
            from helpers.report.run import render_report
            from helpers.verdict import summary

            index = render_report(
                args.story, args.out, notebooks_dir=args.notebooks, index_section=summary.index_section
            )
            print(index)
    except RecountError as error:
        print(f"recount: error: {error}", file=sys.stderr)
        return error.exit_code
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

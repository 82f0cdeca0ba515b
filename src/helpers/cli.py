"""The ``recount`` command line: ``recount tables`` and ``recount report`` (see DESIGN.md)."""

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
        else:
            from helpers.report.run import render_report
            from helpers.report.verdict_html import index_section

            index = render_report(
                args.story, args.out, notebooks_dir=args.notebooks, index_section=index_section
            )
            print(index)
    except RecountError as error:
        print(f"recount: error: {error}", file=sys.stderr)
        return error.exit_code
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

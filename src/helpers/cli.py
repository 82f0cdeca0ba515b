"""The ``recount`` command line: ``recount tables``, ``recount report`` and ``recount corpus`` (DESIGN.md)."""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NoReturn

from helpers.errors import Interrupted, RecountError

# The tables' numeric work is many small matrix products (a few dozen sentences or words a side, once per
# article pair); OpenBLAS's worker threads spin between them, which multiplies the CPU time for no gain in
# speed. One BLAS thread, unless the user set it: read when NumPy loads, so before anything imports it
# (``helpers`` itself loads NumPy only on first use).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

FORMATS = ("csv", "parquet")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (``recount: error: ...``) and exit 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"recount: error: {' '.join(message.split())} (see: {self.prog} --help)\n")


def _processes(value: str) -> int:
    """``--processes``: a whole number of at least 1."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {value!r}")
    return number


def _table_names(only: str | None, known: Sequence[str]) -> list[str]:
    """The tables ``--only`` asks for (every table without it); no name or an unknown one is bad input."""
    if only is None:
        return list(known)
    names = list(dict.fromkeys(n.strip() for n in only.split(",") if n.strip()))
    if not names:
        raise RecountError(None, f"--only names no table (known: {', '.join(known)})")
    unknown = [n for n in names if n not in known]
    if unknown:
        raise RecountError(None, f"unknown table(s) {', '.join(unknown)} (known: {', '.join(known)})")
    return names


def _parser() -> argparse.ArgumentParser:
    from helpers.paths import NOTEBOOKS_DIR

    parser = _Parser(prog="recount", description="Compare news reports of one story.")
    commands = parser.add_subparsers(dest="command", required=True)
    tables = commands.add_parser("tables", help="write every table of a story as CSV or Parquet files")
    tables.add_argument("story", type=Path, help="story folder of article files (+ optional manifest.csv)")
    tables.add_argument("--out", type=Path, required=True, help="folder to write <table>.csv|.parquet into")
    tables.add_argument("--format", choices=FORMATS, default="csv", help="file format (default: csv)")
    tables.add_argument(
        "--only", default=None, help="comma-separated table names: compute just these and what they need"
    )
    tables.add_argument(
        "--processes", type=_processes, default=1, help="spaCy worker processes, at least 1 (default: 1)"
    )
    report = commands.add_parser("report", help="run every notebook on a story and render HTML reports")
    report.add_argument(
        "story",
        type=Path,
        help="story folder of article files (+ optional manifest.csv); with --story: a corpus run's --out",
    )
    report.add_argument(
        "--story",
        dest="story_id",
        default=None,
        help="render this story (its story_id in stories.parquet) of the corpus run given as STORY",
    )
    report.add_argument(
        "--out", type=Path, required=True, help="folder for index.html and one HTML per notebook"
    )
    report.add_argument(
        "--notebooks",
        type=Path,
        default=NOTEBOOKS_DIR,
        help="folder of notebooks to run (default: the repository's notebooks/)",
    )
    report.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="notebooks run at once (default: the number of cores, at most one per notebook)",
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
    """Compute the requested tables and write them all at once. Returns the written paths.

    ``out`` is checked before anything is computed (see :mod:`helpers.output`); a full run replaces the
    tables of an earlier run, an ``--only`` run adds its tables to them.
    """
    from helpers.output import staged_dir, write_table
    from helpers.story import load_story
    from helpers.tables import registry

    names = _table_names(only, list(registry()))
    story = load_story(story_dir, n_process=processes)
    written = []
    try:
        with staged_dir(out, replace=only is None, kind="tables", story=story.folder) as staging:
            for name in names:
                frame = story.table(name)
                # what is built so far (the parses, the model, the tables) lives to the end of the run: the
                # garbage collector's full passes need not walk it again
                gc.freeze()
                written.append(out / write_table(frame, staging, name, fmt).name)
    finally:
        gc.unfreeze()  # a caller that goes on (a test, a notebook) gets every object collectable again
    return written


@contextlib.contextmanager
def _interruptible() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Interrupted`, so that every ``finally`` runs (staging folders and
    kernels are cleaned up); a second signal is ignored while that cleanup runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.getsignal(signum) for signum in signals}

    def stop(signum: int, _frame: object) -> None:
        for other in signals:
            signal.signal(other, signal.SIG_IGN)
        raise Interrupted(signum)

    for signum in signals:
        signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def skip_unused_iri_grammar() -> bool:
    """Keep jsonschema from importing ``rfc3987_syntax``, if jsonschema is not imported yet; say if it worked.

    nbformat validates notebooks with jsonschema, whose format checkers import ``rfc3987_syntax`` when it is
    installed; that module builds its Lark grammars at import, 1.5-3 s of every ``recount report`` spent
    before the first notebook starts (python-jsonschema/jsonschema#1428). No notebook schema uses the
    ``iri`` formats it checks, so the CLI process goes without it: jsonschema treats a module mapped to
    ``None`` as not installed.
    """
    if "jsonschema" in sys.modules:
        return "rfc3987_syntax" not in sys.modules or sys.modules["rfc3987_syntax"] is None
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    return sys.modules["rfc3987_syntax"] is None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``recount`` console script. Exit 0 on success, 2 on bad input, 1 on failure,
    128 + the signal's number when interrupted (130 for Ctrl-C, 143 for SIGTERM)."""
    skip_unused_iri_grammar()
    args = _parser().parse_args(argv)
    try:
        with _interruptible():
            return _run(args)
    except RecountError as error:
        print(f"recount: error: {error}", file=sys.stderr)
        return error.exit_code
    except Interrupted as stop:
        name = signal.Signals(stop.signum).name
        print(f"recount: interrupted by {name}: nothing was written", file=sys.stderr)
        return stop.exit_code


def _run(args: argparse.Namespace) -> int:
    if args.command == "tables":
        for path in run_tables(args.story, args.out, args.format, args.only, args.processes):
            print(path)
        return 0
    if args.command == "corpus":
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
        return 0
    from helpers.report.run import render_corpus_report, render_report
    from helpers.report.verdict_html import index_section

    options = {"notebooks_dir": args.notebooks, "index_section": index_section, "jobs": args.jobs}
    if args.story_id is not None:
        index = render_corpus_report(args.story, args.story_id, args.out, **options)
    else:
        index = render_report(args.story, args.out, **options)
    print(index)
    return 0


def console() -> None:
    """The ``recount`` console script: :func:`main`, then exit. The process ends here, so what the run built
    is frozen first: the garbage collector's pass at exit need not walk the parses and tables again."""
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    console()

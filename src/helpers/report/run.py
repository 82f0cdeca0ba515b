"""``recount report``: run every notebook on a story with papermill and render each to a safe HTML page.

Every table is built once, here, and saved to a scratch folder that the notebooks read (see
:mod:`helpers.table_store`); the notebooks run in parallel kernels (see :mod:`helpers.report.execute`); their
outputs are cleaned (see :mod:`helpers.report.page`) and rendered without code. Pages and ``index.html`` are
staged and replace the previous report only when every notebook succeeded, so a failing or interrupted run
leaves the last good report in place.
"""

from __future__ import annotations

import html
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import nbformat

from helpers.display import clip
from helpers.errors import RecountError
from helpers.output import check_out, confined, staged_dir
from helpers.paths import NOTEBOOKS_DIR
from helpers.report.execute import Notebook, default_jobs, read_notebooks, run_notebooks
from helpers.report.page import page
from helpers.report.side_by_side import article_titles, side_by_side_body
from helpers.report.words import compare_page
from helpers.story import Story, load_story

#: Output types a report keeps; anything active (JavaScript, widgets, SVG) is dropped.
_KEPT_MIMETYPES = ("text/html", "image/png", "image/jpeg", "text/plain")

#: Builds extra HTML for the index page from the story (the summary notebook's verdict table plugs in here).
IndexSection = Callable[[Story], str]


def _clean_outputs(nb: nbformat.NotebookNode) -> None:
    """Keep only passive outputs, without their metadata (nbconvert turns it into attributes, iframes)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.output_type == "stream":
                if output.name == "stdout":
                    kept.append(output)
                continue
            if output.output_type in ("display_data", "execute_result"):
                data = output.get("data", {})
                if "text/markdown" in data and "text/plain" not in data:
                    data["text/plain"] = data["text/markdown"]
                output.data = {k: v for k, v in data.items() if k in _KEPT_MIMETYPES}
                output.metadata = {}
                if output.data:
                    kept.append(output)
        cell.outputs = kept


def render_notebook_html(executed: nbformat.NotebookNode) -> str:
    """Body HTML of an executed notebook: Markdown and outputs, no code, no prompts (cleaned by ``page``)."""
    from nbconvert import HTMLExporter

    _clean_outputs(executed)
    for i, cell in enumerate(executed.cells):  # papermill's injected cell has a random id: reruns must match
        cell.id = f"cell-{i}"
    exporter = HTMLExporter(
        template_name="basic", exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
    )
    body, _ = exporter.from_notebook_node(executed)
    return body


def _index_body(story: Story, pages: list[tuple[str, str]], extra: str) -> str:
    esc = html.escape
    articles = story.table("articles")
    sentences = story.table("sentences")
    body = (
        sentences[sentences["kind"] == "body"].drop_duplicates("article_id").set_index("article_id")["text"]
    )
    rows = "\n".join(
        f"<tr><td>{esc(str(r.article_id))}</td><td>{esc(str(r.title or ''))}</td>"
        f"<td>{esc(str(r.source or ''))}</td><td>{esc(str(r.role or ''))}</td><td>{r.n_sentences}</td>"
        f"<td>{esc(clip(str(body.get(r.article_id, '')), 110))}</td></tr>"
        for r in articles.itertuples()
    )
    links = "\n".join(f'<li><a href="{esc(href)}">{esc(title)}</a></li>' for href, title in pages)
    return (
        f"<h1>Recount: {esc(story.name)}</h1>\n{extra}\n<h2>Articles</h2>\n"
        "<table><thead><tr><th>article</th><th>title</th><th>source</th><th>role</th><th>sentences</th>"
        "<th>opening</th></tr>"
        f"</thead>\n<tbody>\n{rows}\n</tbody></table>\n<h2>Reports</h2>\n<ul>\n{links}\n</ul>"
    )


def write_side_by_side(story: Story, folder: Path) -> list[tuple[str, str]]:
    """Write one side-by-side page per derived article of the verdict into ``folder``; (file, title) each."""
    verdicts = story.table("verdicts")
    titles = article_titles(story)
    written = []
    for row in verdicts.itertuples():
        source, derived = str(row.source_article), str(row.derived_article)
        name = compare_page(derived)
        title = f"Side by side: {titles[derived]}"
        crumbs = f'<a href="index.html">{html.escape(story.name)}</a> › {html.escape(title)}'
        body = side_by_side_body(story, source, derived, titles)
        confined(folder, name).write_text(
            page(f"{title} · {story.name}", body, crumbs=crumbs), encoding="utf-8"
        )
        written.append((name, title))
    return written


def _while_notebooks_run(story: Story, folder: Path) -> list[tuple[str, str]]:
    """What the calling thread does while the first notebooks run: the side-by-side pages (they need the
    tables only), and nbconvert's first render (its templates compile once), so that neither waits at the
    end for the last notebook's page."""
    render_notebook_html(nbformat.v4.new_notebook())
    return write_side_by_side(story, folder)


def _check_replaceable(out: Path, story_folder: Path | None = None) -> None:
    """Refuse, before any notebook runs, an ``--out`` Recount may not replace (see ``check_out``)."""
    check_out(out, kind="report", story=story_folder)


def render_report(
    story_dir: str | Path,
    out: str | Path,
    *,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    progress: TextIO | None = None,
    index_section: IndexSection | None = None,
    jobs: int | None = None,
) -> Path:
    """Execute every numbered notebook on the story; write one HTML page each plus ``out/index.html``.

    Everything that can be bad input is checked before any notebook runs: the notebooks are read, the story
    is read. Every table is then built once, here, while the kernels start and the first notebooks run
    (they read the tables from a scratch folder, waiting for those still to come, instead of parsing and
    analysing the story again). Notebooks run ``jobs`` at a time (default: one per core).

    Raises:
        RecountError: bad input (exit 2), or a notebook that failed (exit 1), naming it and the reason.
    """
    from helpers import table_store
    from helpers.tables import registry

    out = Path(out)
    notebooks = read_notebooks(Path(notebooks_dir))
    jobs = _jobs(jobs, notebooks)
    story = load_story(story_dir)
    _check_replaceable(out, story.folder)
    with _scratch() as scratch:
        tables_dir = scratch / "tables"
        return _render(
            story,
            out,
            notebooks,
            parameters={"story_dir": str(story.folder), "tables_dir": str(tables_dir)},
            prepare=lambda: table_store.save(story, tables_dir, registry()),
            early_tables=lambda: per_article_tables(registry()),
            guarded=story.folder,
            scratch=scratch,
            jobs=jobs,
            progress=progress or sys.stderr,
            index_section=index_section,
        )


def render_corpus_report(
    corpus_dir: str | Path,
    story_id: str,
    out: str | Path,
    *,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    progress: TextIO | None = None,
    index_section: IndexSection | None = None,
    jobs: int | None = None,
) -> Path:
    """The report of one story of a ``recount corpus`` run, from the tables that run wrote (nothing is
    recomputed; a table the run did not write, with ``--only``, is built in the notebooks that need it).

    The story's articles are written to a scratch story folder (one JSON Lines file with their ids, texts
    and metadata, and a manifest keeping the run's article order), so the notebooks read it as they read any
    story folder, with the run's tables as its table store.

    Raises:
        RecountError: ``corpus_dir`` is not a corpus run or has no such story, was written as CSV, ``out``
            is inside it, or the articles cannot be rebuilt exactly (exit 2); a notebook that failed (exit 1).
    """
    from helpers import table_store
    from helpers.corpus import load_corpus_story
    from helpers.corpus.tasks import TEXTS_TABLE
    from helpers.tables import registry

    out = Path(out)
    notebooks = read_notebooks(Path(notebooks_dir))
    jobs = _jobs(jobs, notebooks)
    corpus_story = load_corpus_story(corpus_dir, story_id)
    if any(corpus_story.path(name).suffix == ".csv" for name in corpus_story.available()):
        raise RecountError(
            Path(corpus_dir),
            "a corpus run written as CSV cannot be rendered exactly (CSV loses the tables' types): "
            "run `recount corpus` again with --format parquet (the default)",
        )
    _check_replaceable(out, Path(corpus_dir))
    known = registry()
    frames = {name: corpus_story.table(name) for name in known if name in corpus_story.available()}
    with _scratch() as scratch:
        folder = _story_folder(corpus_story.to_story(), scratch / _folder_name(story_id))
        story = load_story(folder)
        for article_id in story.article_ids:
            if story.text(article_id) != corpus_story.text(article_id):
                raise RecountError(Path(corpus_dir), f"article '{article_id}' cannot be rebuilt exactly")
        tables_dir = scratch / "tables"
        table_store.save_frames(story, tables_dir, {k: v for k, v in frames.items() if k != TEXTS_TABLE})
        return _render(
            load_story(folder, tables_dir=tables_dir),
            out,
            notebooks,
            parameters={"story_dir": str(folder), "tables_dir": str(tables_dir)},
            prepare=None,
            early_tables=lambda: set(known),
            guarded=Path(corpus_dir),
            scratch=scratch,
            jobs=jobs,
            progress=progress or sys.stderr,
            index_section=index_section,
        )


def per_article_tables(specs: Mapping[str, Any]) -> set[str]:
    """The tables the registry lists before its first comparison of articles (a table with a
    ``left_article`` or ``source_article`` column): they are written first and fast, so a notebook that reads
    only these runs while the comparisons are built."""
    early = set()
    for name, spec in specs.items():
        if {"left_article", "source_article"} & set(spec.columns):
            break
        early.add(name)
    return early


def _folder_name(story_id: str) -> str:
    """A story id as a folder name (the report's title): word characters, dots and dashes kept."""
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in story_id).strip(".") or "story"


def _story_folder(story: Story, folder: Path) -> Path:
    """Write a story's articles as a story folder: ``articles.jsonl`` (id, text, metadata) and a manifest
    of the ids in the story's order."""
    import csv
    import json

    folder.mkdir(parents=True)
    with (folder / "articles.jsonl").open("w", encoding="utf-8") as handle:
        for article in story.articles:
            meta = {k: v for k, v in article.meta.items() if v is not None}
            handle.write(json.dumps({"id": article.article_id, "text": article.text, **meta}) + "\n")
    with (folder / "manifest.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id"])
        writer.writerows([article.article_id] for article in story.articles)
    return folder


def _jobs(jobs: int | None, notebooks: list[Notebook]) -> int:
    jobs = default_jobs(len(notebooks)) if jobs is None else jobs
    if jobs < 1:
        raise RecountError(None, f"--jobs must be at least 1 (got {jobs})")
    return jobs


@contextmanager
def _scratch() -> Iterator[Path]:
    scratch = Path(tempfile.mkdtemp(prefix="recount-run-"))
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _render(
    story: Story,
    out: Path,
    notebooks: list[Notebook],
    *,
    parameters: dict[str, str],
    prepare: Callable[[], None] | None,
    early_tables: Callable[[], set[str]],
    guarded: Path,
    scratch: Path,
    jobs: int,
    progress: TextIO,
    index_section: IndexSection | None,
) -> Path:
    """Run the notebooks (see :func:`run_notebooks`), write their pages, the side-by-side pages and the
    index into a staging folder, and replace ``out`` with it once all of them succeeded."""
    pages: dict[Path, tuple[str, str]] = {}
    built = scratch / "pages"
    built.mkdir()

    def write_page(notebook: Notebook, executed: nbformat.NotebookNode) -> None:
        body = render_notebook_html(executed)
        crumbs = f'<a href="index.html">{html.escape(story.name)}</a> › {html.escape(notebook.title)}'
        target = confined(built, f"{notebook.path.stem}.html")
        target.write_text(page(f"{notebook.title} · {story.name}", body, crumbs=crumbs), encoding="utf-8")
        pages[notebook.path] = (target.name, notebook.title)

    side_by_side: list[tuple[str, str]] = []
    run_notebooks(
        notebooks,
        parameters=parameters,
        prepare=prepare,
        early_tables=early_tables,
        meanwhile=lambda: side_by_side.extend(_while_notebooks_run(story, built)),
        scratch=scratch,
        jobs=jobs,
        progress=progress,
        on_done=write_page,
    )
    extra = index_section(story) if index_section else ""
    links = [pages[notebook.path] for notebook in notebooks] + side_by_side
    index = page(f"Recount: {story.name}", _index_body(story, links, extra))
    with staged_dir(out, replace=True, kind="report", story=guarded) as staging:
        for name, _ in links:
            shutil.move(built / name, confined(staging, name))
        (staging / "index.html").write_text(index, encoding="utf-8")
    return out / "index.html"

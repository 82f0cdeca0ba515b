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
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

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
    is read and every table is built (once, here, while the first kernels start: the notebooks read them from
    a scratch folder instead of parsing and analysing the story again). Notebooks then run ``jobs`` at a time
    (default: one per core).

    Raises:
        RecountError: bad input (exit 2), or a notebook that failed (exit 1), naming it and the reason.
    """
    from helpers import table_store
    from helpers.tables import registry

    progress = progress or sys.stderr
    out = Path(out)
    notebooks = read_notebooks(Path(notebooks_dir))
    jobs = default_jobs(len(notebooks)) if jobs is None else jobs
    if jobs < 1:
        raise RecountError(None, f"--jobs must be at least 1 (got {jobs})")
    story = load_story(story_dir)
    _check_replaceable(out, story.folder)
    pages: dict[Path, tuple[str, str]] = {}
    scratch = Path(tempfile.mkdtemp(prefix="recount-run-"))
    try:
        tables_dir = scratch / "tables"

        def build_tables() -> dict[str, str]:
            table_store.save(story, tables_dir, registry())
            return {"story_dir": str(story.folder), "tables_dir": str(tables_dir)}

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
            prepare=build_tables,
            meanwhile=lambda: side_by_side.extend(_while_notebooks_run(story, built)),
            scratch=scratch,
            jobs=jobs,
            progress=progress,
            on_done=write_page,
        )
        extra = index_section(story) if index_section else ""
        links = [pages[notebook.path] for notebook in notebooks] + side_by_side
        index = page(f"Recount: {story.name}", _index_body(story, links, extra))
        with staged_dir(out, replace=True, kind="report", story=story.folder) as staging:
            for name, _ in links:
                shutil.move(built / name, confined(staging, name))
            (staging / "index.html").write_text(index, encoding="utf-8")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return out / "index.html"

"""``recount report``: run every notebook on a story with papermill and render each to HTML."""

from __future__ import annotations

import html
import sys
from pathlib import Path
from typing import TextIO

from helpers.errors import RecountError
from helpers.output import confined, staged_dir
from helpers.paths import NOTEBOOKS_DIR
from helpers.story import load_story

KERNEL = "python3"


def _title(notebook: Path) -> str:
    """The notebook's first Markdown heading, else its file name."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return notebook.stem


def _render_html(executed: Path) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    body, _ = exporter.from_filename(str(executed))
    return body


def _index_page(story_name: str, articles: list[tuple[str, str]], pages: list[tuple[str, str]]) -> str:
    """The report's front page. Every piece of article-derived text is escaped."""
    esc = html.escape
    article_rows = "\n".join(f"<tr><td>{esc(aid)}</td><td>{esc(title)}</td></tr>" for aid, title in articles)
    links = "\n".join(f'<li><a href="{esc(href)}">{esc(title)}</a></li>' for href, title in pages)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Recount: {esc(story_name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; }}
table {{ border-collapse: collapse; }}
td, th {{ border-bottom: 1px solid #ddd; padding: .3rem .8rem; text-align: left; }}
</style></head>
<body>
<h1>Recount: {esc(story_name)}</h1>
<h2>Articles</h2>
<table><thead><tr><th>article</th><th>title</th></tr></thead>
<tbody>
{article_rows}
</tbody></table>
<h2>Reports</h2>
<ul>
{links}
</ul>
</body></html>
"""


def render_report(
    story_dir: str | Path,
    out: str | Path,
    *,
    notebooks_dir: Path = NOTEBOOKS_DIR,
    progress: TextIO | None = None,
) -> Path:
    """Execute every notebook of ``notebooks_dir`` on the story and write ``out/index.html`` plus one HTML
    page per notebook. The story is read (and checked) first; pages appear in ``out`` only if all succeed.

    Raises:
        RecountError: bad input (exit 2), or a notebook that failed (exit 1), naming it and the reason.
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    progress = progress or sys.stderr
    out = Path(out)
    story = load_story(story_dir)
    notebooks = sorted(Path(notebooks_dir).glob("[0-9]*.ipynb"))
    if not notebooks:
        raise RecountError(notebooks_dir, "no notebooks to run")
    articles = story.table("articles")
    article_list = [(row.article_id, row.title or "") for row in articles.itertuples()]
    pages = []
    with staged_dir(out) as staging:
        executed_dir = staging / "executed"
        executed_dir.mkdir()
        for i, notebook in enumerate(notebooks, 1):
            print(f"recount report: [{i}/{len(notebooks)}] {notebook.name}", file=progress, flush=True)
            executed = executed_dir / notebook.name
            try:
                papermill.execute_notebook(
                    str(notebook),
                    str(executed),
                    parameters={"story_dir": str(story.folder)},
                    kernel_name=KERNEL,
                    cwd=str(notebook.parent),
                    progress_bar=False,
                    log_output=False,
                )
            except PapermillExecutionError as exc:
                raise RecountError(
                    notebook, f"notebook failed: {exc.ename}: {exc.evalue}", exit_code=1
                ) from None
            page = confined(staging, f"{notebook.stem}.html")
            page.write_text(_render_html(executed), encoding="utf-8")
            pages.append((page.name, _title(notebook)))
        (staging / "index.html").write_text(_index_page(story.name, article_list, pages), encoding="utf-8")
    return out / "index.html"

"""Issue 10, output side: ``--out`` never loses a user's file, every page is clean, options fail in one line.

One parametrized table per class of case; each row is named after the case of the issue it pins down.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import lxml.html
import nbformat
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from helpers.cli import main
from helpers.errors import RecountError
from helpers.output import MANIFEST, staged_dir
from helpers.report.clean import clean_html
from helpers.report.page import page
from helpers.report.run import render_notebook_html, render_report

from .conftest import FLOOD_STORY

ARTICLES = {
    "wire.txt": 'The river rose by 2 metres on Monday, officials said.\n\nMayor Lee said: "We are ready."\n',
    "rewrite.txt": "The river rose 2 metres on Monday, the mayor said.\n",
}
#: A 1x1 PNG, the kind of image a notebook output embeds.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
    )
).decode()


def _story(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under ``root``: kind, and bytes and mtime for files, target for symlinks."""
    entries: dict[str, tuple] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                entries[key] = ("link", os.readlink(path))
            elif path.is_dir():
                entries[key] = ("dir",)
            else:
                entries[key] = ("file", path.read_bytes(), path.stat().st_mtime_ns)
    return entries


def _run(argv: list[str]) -> int:
    """``recount ARGV`` in this process: its exit status (argparse's SystemExit included)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            return main(argv)
    except SystemExit as stop:
        return int(stop.code)


def _manifest(folder: Path, kind: str, files: list[str]) -> None:
    text = json.dumps({"format": 1, "generator": "recount", "kind": kind, "files": files})
    (folder / MANIFEST).write_text(text, encoding="utf-8")


# --- (1-3, 7) refusals: one line, exit 2, nothing anywhere changed ---------------------------------------


def _story_inside_out(base: Path, command: str) -> list[str]:
    _story(base / "R" / "story")
    (base / "R" / "NOTES.md").write_text("my notes")
    return [command, str(base / "R" / "story"), "--out", str(base / "R")]


def _old_report_with_notes(base: Path) -> list[str]:
    (base / "R").mkdir()
    (base / "R" / "index.html").write_text('<meta name="generator" content="recount">')
    (base / "R" / "NOTES.md").write_text("my notes")
    return ["report", str(_story(base / "s")), "--out", str(base / "R")]


def _old_report_alone(base: Path) -> list[str]:
    (base / "R").mkdir()
    (base / "R" / "index.html").write_text('<meta name="generator" content="recount"><p>old</p>')
    (base / "R" / "01_overview.html").write_text("<p>old</p>")
    return ["report", str(_story(base / "s")), "--out", str(base / "R")]


def _report_beside_user_file(base: Path) -> list[str]:
    (base / "R").mkdir()
    (base / "R" / "index.html").write_text("<p>by recount</p>")
    (base / "R" / "NOTES.md").write_text("my notes")
    _manifest(base / "R", "report", ["index.html"])
    return ["report", str(_story(base / "s")), "--out", str(base / "R")]


def _tables_out_is_story(base: Path) -> list[str]:
    return ["tables", str(_story(base / "s")), "--out", str(base / "s")]


def _tables_out_inside_story(base: Path) -> list[str]:
    return ["tables", str(_story(base / "s")), "--out", str(base / "s" / "tables")]


def _tables_out_through_symlink_to_story(base: Path) -> list[str]:
    _story(base / "s")
    (base / "link").symlink_to(base / "s", target_is_directory=True)
    return ["tables", str(base / "s"), "--out", str(base / "link" / "t")]


def _tables_story_through_symlink(base: Path) -> list[str]:
    _story(base / "s")
    (base / "link").symlink_to(base / "s", target_is_directory=True)
    return ["tables", str(base / "link"), "--out", str(base / "s")]


def _tables_out_is_cwd(base: Path) -> list[str]:
    (base / "work").mkdir()
    (base / "work" / "articles.csv").write_text("my own articles table\n")
    os.chdir(base / "work")
    return ["tables", str(_story(base / "s")), "--out", "."]


def _tables_same_named_user_file(base: Path) -> list[str]:
    (base / "o").mkdir()
    (base / "o" / "articles.csv").write_text("hand-made\n")
    return ["tables", str(_story(base / "s")), "--out", str(base / "o"), "--only", "articles"]


def _tables_into_report(base: Path) -> list[str]:
    (base / "R").mkdir()
    (base / "R" / "index.html").write_text("<p>by recount</p>")
    _manifest(base / "R", "report", ["index.html"])
    return ["tables", str(_story(base / "s")), "--out", str(base / "R")]


def _manifest_escaping_its_folder(base: Path) -> list[str]:
    (base / "precious.txt").write_text("keep")
    (base / "o").mkdir()
    _manifest(base / "o", "tables", ["../precious.txt"])
    return ["tables", str(_story(base / "s")), "--out", str(base / "o")]


def _manifest_from_the_future(base: Path) -> list[str]:
    (base / "o").mkdir()
    (base / "o" / MANIFEST).write_text('{"format": 99, "kind": "tables", "files": []}')
    return ["tables", str(_story(base / "s")), "--out", str(base / "o")]


def _out_under_a_file(base: Path) -> list[str]:
    (base / "file.txt").write_text("a file")
    return ["tables", str(_story(base / "s")), "--out", str(base / "file.txt" / "sub")]


def _out_is_a_file(base: Path) -> list[str]:
    (base / "file.txt").write_text("a file")
    return ["report", str(_story(base / "s")), "--out", str(base / "file.txt")]


def _out_where_no_folder_can_be_made(base: Path) -> list[str]:
    if not Path("/proc/self").is_dir():  # pragma: no cover - every Linux has /proc
        pytest.skip("no /proc")
    return ["tables", str(_story(base / "s")), "--out", "/proc/recount-out"]


def _out_in_a_read_only_folder(base: Path) -> list[str]:
    if os.geteuid() == 0:
        pytest.skip("root writes into read-only folders")
    (base / "ro").mkdir()
    (base / "ro").chmod(0o555)
    return ["tables", str(_story(base / "s")), "--out", str(base / "ro" / "o")]


def _options(*extra: str) -> Callable[[Path], list[str]]:
    return lambda base: ["tables", str(_story(base / "s")), "--out", str(base / "o"), *extra]


REFUSALS = [
    ("1 story inside --out (report)", lambda b: _story_inside_out(b, "report"), "contains the story folder"),
    ("1 story inside --out (tables)", lambda b: _story_inside_out(b, "tables"), "contains the story folder"),
    ("2 content=recount is no pass", _old_report_with_notes, f"no {MANIFEST}"),
    ("2 report of an older Recount", _old_report_alone, "delete it or choose another folder"),
    ("1 user file beside a report", _report_beside_user_file, "did not write (NOTES.md)"),
    ("3 tables --out STORY", _tables_out_is_story, "is the story folder itself"),
    ("3 tables --out inside STORY", _tables_out_inside_story, "inside the story folder"),
    ("3 --out through a symlink", _tables_out_through_symlink_to_story, "inside the story folder"),
    ("3 story through a symlink", _tables_story_through_symlink, "is the story folder itself"),
    ("3 tables --out . (not empty)", _tables_out_is_cwd, "articles.csv"),
    ("3 same-named user file", _tables_same_named_user_file, "articles.csv"),
    ("3 tables into a report", _tables_into_report, "another kind (report, not tables)"),
    ("1 manifest escaping its folder", _manifest_escaping_its_folder, "cannot read"),
    ("1 manifest of a newer Recount", _manifest_from_the_future, "newer Recount"),
    ("7 --out under a regular file", _out_under_a_file, "which is a file"),
    ("7 --out is a regular file", _out_is_a_file, "exists and is not a folder"),
    ("7 --out where no folder can be made", _out_where_no_folder_can_be_made, "no folder can be made"),
    ("7 --out in a read-only folder", _out_in_a_read_only_folder, "no folder can be made"),
    ("7 --processes 0", _options("--processes", "0"), "--processes: must be a whole number of at least 1"),
    ("7 --processes negative", _options("--processes", "-2"), "at least 1, not '-2'"),
    ("7 --only ' , '", _options("--only", " , "), "--only names no table"),
    ("7 --only ''", _options("--only", ""), "--only names no table"),
    ("7 --only unknown", _options("--only", "articles,nope"), "unknown table(s) nope"),
    ("7 argparse error", _options("--format", "xml"), "argument --format: invalid choice"),
]


@pytest.mark.parametrize(("case", "layout", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusal_is_one_line_exit_2_and_touches_nothing(
    tmp_path: Path, monkeypatch, capsys, case: str, layout, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    base = tmp_path / "base"
    base.mkdir()
    argv = layout(base)
    capsys.readouterr()
    before = _snapshot(base)
    assert _run(argv) == 2, case
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("recount: error: "), lines
    assert message in lines[0]
    assert _snapshot(base) == before  # no file removed or changed, nothing left behind


# --- (1-3) what Recount may replace, it replaces; what it adds, it records ---------------------------------


def test_only_runs_add_to_the_manifest_and_a_full_run_replaces_it(tmp_path: Path) -> None:
    story, out = _story(tmp_path / "s"), tmp_path / "o"
    assert _run(["tables", str(story), "--out", str(out), "--only", "paragraphs"]) == 0
    assert _run(["tables", str(story), "--out", str(out), "--only", "articles", "--format", "parquet"]) == 0
    listed = json.loads((out / MANIFEST).read_text())
    assert listed["kind"] == "tables" and listed["files"] == ["articles.parquet", "paragraphs.csv"]
    assert (out / "paragraphs.csv").read_text().startswith("article_id,para_idx,kind,text,start,end")
    assert _run(["tables", str(story), "--out", str(out)]) == 0
    files = json.loads((out / MANIFEST).read_text())["files"]
    assert "articles.parquet" not in files and "quotes.csv" in files  # its own stale file is replaced
    assert sorted(p.name for p in out.iterdir()) == sorted([MANIFEST, *files])
    assert "We are ready." in (out / "quotes.csv").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o", "s"]  # no staging folder left beside it


def test_an_empty_working_folder_stays_the_same_folder(tmp_path: Path, monkeypatch) -> None:
    story = _story(tmp_path / "s")
    work = tmp_path / "work"
    work.mkdir()
    inode = work.stat().st_ino
    monkeypatch.chdir(work)
    assert _run(["tables", str(story), "--out", ".", "--only", "paragraphs"]) == 0
    assert work.stat().st_ino == inode  # moved into, not replaced: a shell sitting in it keeps working
    assert sorted(p.name for p in work.iterdir()) == [MANIFEST, "paragraphs.csv"]


def test_a_report_replaces_its_own_pages_only(tmp_path: Path) -> None:
    out = tmp_path / "R"
    out.mkdir()
    (out / "index.html").write_text("old index")
    (out / "05_gone.html").write_text("a page of an earlier run")
    _manifest(out, "report", ["05_gone.html", "index.html"])
    with staged_dir(out, replace=True, kind="report", story=FLOOD_STORY) as staging:
        (staging / "index.html").write_text("new index")
        (staging / "01_overview.html").write_text("new page")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "01_overview.html", "index.html"]
    assert (out / "index.html").read_text() == "new index"
    assert json.loads((out / MANIFEST).read_text())["files"] == ["01_overview.html", "index.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["R"]  # no staging folder left beside it


def test_a_failed_run_leaves_the_folder_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "R"
    out.mkdir()
    (out / "index.html").write_text("old index")
    _manifest(out, "report", ["index.html"])
    before = _snapshot(tmp_path)
    with pytest.raises(RecountError), staged_dir(out, replace=True, kind="report") as staging:
        (staging / "index.html").write_text("half")
        raise RecountError("nb.ipynb", "notebook failed", exit_code=1)
    assert _snapshot(tmp_path) == before


# --- the property: no file Recount did not write is ever removed or changed --------------------------------

#: Where the story and ``--out`` lie under a scratch folder: apart, nested either way, equal, or the same.
_STORIES = st.sampled_from(["s", "a/s", "a/b/s"])
_OUTS = st.sampled_from(["o", "o", "a/o", "r/o", "o/deep", "o/deep", "=story", "=story/x", "=story/..", "."])
_USER_FILES = st.lists(
    st.tuples(
        st.sampled_from(["base", "story_parent", "story_parent", "out"]),
        st.sampled_from(["NOTES.md", "articles.csv"]),
    ),
    max_size=2,
)


def _place(base: Path, layout: dict) -> tuple[Path, str]:
    """Build one drawn layout under ``base``; return the story folder and the ``--out`` argument."""
    story = _story(base / layout["story"])
    relative = layout["out"].replace("=story", layout["story"])
    out_real = Path(os.path.normpath(base / relative))
    out_arg = str(out_real)
    if layout["symlink"] == "out" and out_real != base:
        out_real.parent.mkdir(parents=True, exist_ok=True)
        (base / "L").symlink_to(out_real.parent, target_is_directory=True)
        out_arg = str(base / "L" / out_real.name)
    elif layout["symlink"] == "story":  # --out reached through a link to the story
        (base / "L").symlink_to(story, target_is_directory=True)
        out_arg = str(base / "L" / ("x" if layout["out"].startswith("=story/") else ""))
    kind = "report" if layout["action"] == "report" else "tables"
    prior = {"same": kind, "other": {"report": "tables", "tables": "report"}[kind]}.get(layout["prior"])
    if layout["prior"] is not None:
        out_real.mkdir(parents=True, exist_ok=True)
        if not any(out_real.iterdir()):
            (out_real / "stale.csv").write_text("written by an earlier run\n")
            (out_real / "index.html").write_text('<meta name="generator" content="recount">')
            if prior is not None:
                _manifest(out_real, prior, ["index.html", "stale.csv"])
    for where, name in layout["user_files"]:
        folder = {"out": out_real, "base": base, "story_parent": story.parent}[where]
        folder.mkdir(parents=True, exist_ok=True)
        if not (folder / name).exists() and folder != story:
            (folder / name).write_text(f"the user's {name}\n")
    return story, out_arg


def _recount_files(base: Path, out_arg: str) -> set[str]:
    """Files under ``base`` that a valid manifest at ``--out`` lists: Recount wrote them, may replace them."""
    real = Path(os.path.realpath(out_arg))
    try:
        listed = json.loads((real / MANIFEST).read_text())["files"]
    except (OSError, ValueError, KeyError):
        return set()
    if not real.is_relative_to(base.resolve()):
        return set()
    prefix = real.relative_to(base.resolve())
    return {(prefix / name).as_posix() for name in listed} | {(prefix / MANIFEST).as_posix()}


def _layout(story="s", out="o", symlink=None, prior=None, user_files=(), action="tables") -> dict:
    return {"story": story, "out": out, "symlink": symlink, "prior": prior, "user_files": list(user_files),
            "action": action}  # fmt: skip


@example(layout=_layout(prior="same", action="tables"))  # a full run replaces its earlier tables
@example(layout=_layout(prior="same", action="report", user_files=[("base", "NOTES.md")]))
@example(
    layout=_layout(out="o/deep", symlink="out", action="tables --only", user_files=[("base", "NOTES.md")])
)
@example(layout=_layout(story="a/b/s", out="a/o", prior="same", user_files=[("story_parent", "NOTES.md")]))
@example(
    layout=_layout(story="a/s", out="=story/..", prior="same", user_files=[("out", "NOTES.md")])
)  # case 1
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    layout=st.fixed_dictionaries(
        {
            "story": _STORIES,
            "out": _OUTS,
            "symlink": st.sampled_from([None, None, None, "out", "story"]),
            "prior": st.sampled_from([None, "same", "same", "other", "old"]),
            "user_files": _USER_FILES,
            "action": st.sampled_from(["tables --only", "tables", "report"]),
        }
    )
)
def test_no_file_recount_did_not_write_is_ever_removed_or_changed(tmp_path_factory, layout: dict) -> None:
    base = tmp_path_factory.mktemp("layout").resolve()
    story, out_arg = _place(base, layout)
    before = _snapshot(base)
    theirs = {key: value for key, value in before.items() if key not in _recount_files(base, out_arg)}
    if layout["action"] == "report":  # the report's replacement, without running notebooks
        try:
            with staged_dir(out_arg, replace=True, kind="report", story=story) as staging:
                (staging / "index.html").write_text("new report")
            status = 0
        except RecountError as error:
            status = error.exit_code
    else:
        only = ["--only", "paragraphs"] if layout["action"] == "tables --only" else []
        status = _run(["tables", str(story), "--out", out_arg, *only])
    after = _snapshot(base)
    event(f"{layout['action']}: exit {status}")  # shown by --hypothesis-show-statistics
    assert status in (0, 2)
    for key, value in theirs.items():
        assert after.get(key) == value, f"{key} was removed or changed ({layout})"
    if status == 2:
        assert after == before  # refused: nothing written, nothing left behind
    else:
        real = Path(os.path.realpath(out_arg))
        listed = set(json.loads((real / MANIFEST).read_text())["files"])
        assert {p.relative_to(real).as_posix() for p in real.rglob("*")} == listed | {MANIFEST}
        assert not [key for key in after if Path(key).name.startswith(".") and Path(key).name != MANIFEST]


# --- (4-5) every fragment of every page goes through the allow-list cleaner --------------------------------

HOSTILE_FRAGMENTS = [
    ("4 markdown <script>", "<script>alert(1)</script><p>kept</p>"),
    ("4 <iframe> to a remote host", '<iframe src="https://evil.example/frame"></iframe><p>kept</p>'),
    ("4 event handler", '<img src="x" onerror="alert(1)"><p onclick="alert(2)">kept</p>'),
    ("4 svg onload", "<svg onload=alert(4)><circle r=1 /></svg><p>kept</p>"),
    ("5 style url()", '<p style="background:url(https://evil.example/x.png)">kept</p>'),
    ("5 <style> element", "<style>body{background:url(https://evil.example/x.png)}</style><p>kept</p>"),
    ("5 https:\\\\host", '<img src="https:\\\\evil.example/x.png"><p>kept</p>'),
    ("5 protocol-relative", '<img src="//evil.example/x.png"><a href="//evil.example">kept</a>'),
    ("5 remote link", '<a href="https://evil.example/">kept</a>'),
    ("5 javascript: link", '<a href="javascript:alert(1)">kept</a><a href="JaVaScRiPt&colon;alert(1)">x</a>'),
    ("5 data: html link", '<a href="data:text/html,<script>alert(1)</script>">kept</a>'),
    ("5 data: svg image", '<img src="data:image/svg+xml;base64,PHN2Zz4="><p>kept</p>'),
    ("5 srcset and poster", '<img srcset="https://evil.example/a.png 2x"><video poster="https://e.x/p">kept'),
    ("5 form, meta, base, link", '<form action="https://e.x"><input></form><base href="https://e.x/">kept'),
    ("5 object and embed", '<object data="https://e.x/a"></object><embed src="https://e.x/b">kept'),
    ("5 entity-encoded scheme", '<img src="&#104;ttps://evil.example/x.png"><p>kept</p>'),
]


def _hazards(document: str) -> list[str]:
    """Everything live or remote in a page: tags, handlers, style attributes, URLs leaving the report."""
    tree = lxml.html.fromstring(document)
    found = [
        f"<{el.tag}>"
        for el in tree.iter(
            "script", "iframe", "object", "embed", "svg", "link", "base", "form", "meta", "video"
        )
        if not (el.tag == "meta" and el.get("http-equiv") in (None, "Content-Security-Policy"))
    ]
    found += ["<style> in body" for _ in tree.iter("style") if _.getparent().tag != "head"]
    for element in tree.iter():
        for name, value in element.attrib.items():
            lowered = value.strip().lower()
            if name.lower().startswith("on") or name.lower() in ("style", "srcset", "poster", "action"):
                found.append(f"{element.tag}@{name}")
            if name.lower() == "src" and not lowered.startswith(("data:image/png;", "data:image/jpeg;")):
                found.append(f"{element.tag}@src={value}")
            if name.lower() == "href" and (":" in lowered or lowered.startswith("//") or "\\" in lowered):
                found.append(f"{element.tag}@href={value}")
    return found


@pytest.mark.parametrize(("case", "fragment"), HOSTILE_FRAGMENTS, ids=[c for c, _ in HOSTILE_FRAGMENTS])
def test_page_body_is_cleaned(case: str, fragment: str) -> None:
    document = page("A <title>", fragment, crumbs='<a href="https://evil.example">story</a>')
    assert _hazards(document) == [], case
    body = document.split("<body>", 1)[1]
    assert "<script" not in body.lower() and "evil.example" not in body and "e.x" not in body
    assert "kept" in body  # text stays, as text
    assert "<title>A &lt;title&gt;</title>" in document


def test_cleaner_keeps_what_reports_use() -> None:
    fragment = (
        '<h2 id="Quotes">Quotes<a class="anchor-link" href="#Quotes">¶</a></h2>'
        '<p>See <a href="03_quotes.html#Who-is-quoted">who</a> and <a href="index.html">the index</a>.</p>'
        '<table class="dataframe"><thead><tr style="text-align: right;"><th>a</th></tr></thead>'
        '<tbody><tr><td colspan="2"><del class="del">old</del> <ins class="ins">new</ins></td></tr></tbody>'
        f'</table><img alt="plot" src="data:image/png;base64,{PNG}"><ul><li><b>one</b></li></ul>'
    )
    cleaned = clean_html(fragment)
    for kept in (
        '<h2 id="Quotes">',
        '<a class="anchor-link" href="#Quotes">',
        '<a href="03_quotes.html#Who-is-quoted">who</a>',
        '<a href="index.html">',
        '<table class="dataframe">',
        '<td colspan="2"><del class="del">old</del> <ins class="ins">new</ins></td>',
        f'<img alt="plot" src="data:image/png;base64,{PNG}">',
        "<ul><li><b>one</b></li></ul>",
    ):
        assert kept in cleaned, kept
    assert "style=" not in cleaned  # pandas' inline alignment: the stylesheet aligns headers


def _hostile_notebook() -> nbformat.NotebookNode:
    """A custom notebook with hostile Markdown and hostile outputs, as ``--notebooks DIR`` may hold."""
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('story_dir: str = "data/raw/aleppo"  # folder of articles')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# Hostile\n\n<script>alert(1)</script>\n\n<iframe src=https://evil.example/frame></iframe>\n\n"
            '<p style="background:url(https://evil.example/x.png)">styled</p>\n\n'
            "![remote](https://evil.example/pixel.png) [away](https://evil.example/) [home](index.html)\n"
        ),
        params,
        nbformat.v4.new_code_cell(
            "from IPython.display import HTML, display\n"
            f'display({{"image/png": "{PNG}"}}, raw=True, metadata={{"image/png": '
            '{"width": \'1" onerror="alert(1)\', "height": "2 onload=alert(2)"}})\n'
            "display(HTML('<img src=x onerror=alert(3)><a href=\"https://evil.example\">x</a>'), "
            'metadata={"isolated": True})\n'
            "display({'image/svg+xml': '<svg onload=alert(4)></svg>', 'text/plain': 'svg'}, raw=True)\n"
            "print('<script>alert(5)</script>')\n"
        ),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def test_hostile_notebook_outputs_and_markdown_are_cleaned_without_a_kernel() -> None:
    nb = _hostile_notebook()
    image_meta = {"image/png": {"width": '1" onerror="alert(1)', "height": "2 onload=alert(2)"}}
    nb.cells[2].outputs = [
        nbformat.v4.new_output("display_data", data={"image/png": PNG}, metadata=image_meta),
        nbformat.v4.new_output(
            "display_data",
            data={"text/html": '<img src=x onerror=alert(3)><a href="https://evil.example">x</a>'},
            metadata={"isolated": True},
        ),
        nbformat.v4.new_output("stream", name="stdout", text="<script>alert(5)</script>\n"),
    ]
    document = page("Hostile", render_notebook_html(nb))
    assert _hazards(document) == []
    assert "onerror" not in document and "evil.example" not in document and "<iframe" not in document
    assert f"data:image/png;base64,{PNG}" in document  # the image itself stays
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in document  # printed markup shows as text


def test_hostile_notebooks_and_index_fragments_end_to_end(tmp_path: Path) -> None:
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nbformat.write(_hostile_notebook(), notebooks / "01_hostile.ipynb")
    out = tmp_path / "report"
    render_report(
        _story(tmp_path / "story"),
        out,
        notebooks_dir=notebooks,
        progress=io.StringIO(),
        index_section=lambda story: '<script>alert(6)</script><a href="https://evil.example">verdict</a>',
    )
    for name in ("index.html", "01_hostile.html"):
        document = (out / name).read_text(encoding="utf-8")
        assert _hazards(document) == [], name
        assert "<script" not in document.lower() and "evil.example" not in document, name
        assert "Content-Security-Policy" in document
    hostile = (out / "01_hostile.html").read_text(encoding="utf-8")
    assert "styled" in hostile and '<a href="index.html">home</a>' in hostile
    files = json.loads((out / MANIFEST).read_text())["files"]  # and one side-by-side page per derived one
    assert [f for f in files if not f.startswith("compare-")] == ["01_hostile.html", "index.html"]
    for name in (f for f in files if f.startswith("compare-")):
        assert _hazards((out / name).read_text(encoding="utf-8")) == [], name


# --- (12) make lab ------------------------------------------------------------------------------------------


def test_make_lab_runs_as_root_and_takes_lab_args() -> None:
    if shutil.which("make") is None:  # pragma: no cover
        pytest.skip("no make")
    import subprocess

    from helpers.paths import REPO_ROOT

    dry = subprocess.run(
        ["make", "-n", "-o", ".venv/bin/.installed", "lab", "LAB_ARGS=--no-browser --port 8899"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "lab notebooks/" in dry and "--no-browser --port 8899" in dry
    assert ("--allow-root" in dry) == (os.geteuid() == 0)

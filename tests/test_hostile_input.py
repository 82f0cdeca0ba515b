"""Hostile story folders (issue 10, input side): every case ends in one stderr line and exit 2, or is read
correctly with its tables asserted. Never a traceback, never a hang, never anything written to ``--out``.

Each case builds its story in ``tmp_path`` and runs ``recount tables`` the way a user would.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from helpers.cli import main

#: A plain English news paragraph (long enough for language detection to be sure).
ENGLISH = (
    "The river burst its banks on Monday night, flooding the lower town. Officials said two hundred homes "
    "were evacuated and the main bridge was closed until further notice."
)
FRENCH = (
    "Le fleuve est sorti de son lit lundi soir et a inondé la ville basse. Selon les autorités, deux cents "
    "maisons ont été évacuées et le pont principal restera fermé jusqu'à nouvel ordre."
)


def _story(tmp_path: Path, files: dict[str, str | bytes] | None = None) -> Path:
    """A story folder with one good article plus ``files``."""
    story = tmp_path / "story"
    story.mkdir()
    (story / "a.txt").write_text(ENGLISH, encoding="utf-8")
    for name, content in (files or {}).items():
        path = story / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return story


def _manifest(tmp_path: Path, manifest: str, files: dict[str, str | bytes] | None = None) -> Path:
    return _story(
        tmp_path, {"b.txt": ENGLISH.replace("Monday", "Tuesday"), **(files or {}), "manifest.csv": manifest}
    )


# --- builders: each makes a hostile story and returns it -----------------------------------------------


def symlink_outside(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:secret line that must never reach a table\n")
    story = _story(tmp_path)
    (story / "p.txt").symlink_to(secret)
    return story


def symlink_inside(tmp_path: Path) -> Path:
    story = _story(tmp_path)
    (story / "p.txt").symlink_to("a.txt")
    return story


def symlink_to_folder(tmp_path: Path) -> Path:
    story = _story(tmp_path)
    (story / "p.txt").symlink_to(tmp_path)
    return story


def fifo(tmp_path: Path) -> Path:
    story = _story(tmp_path)
    os.mkfifo(story / "p.txt")
    return story


def unix_socket(tmp_path: Path) -> Path:
    story = _story(tmp_path)
    cwd = Path.cwd()
    os.chdir(story)  # a relative name keeps the socket path under the 108-byte limit
    try:
        with socket.socket(socket.AF_UNIX) as sock:
            sock.bind("p.txt")
    finally:
        os.chdir(cwd)
    return story


def device(tmp_path: Path) -> Path:
    story = _story(tmp_path)
    try:
        os.mknod(story / "p.txt", 0o600 | 0o020000, os.makedev(1, 3))  # a character device, like /dev/null
    except (PermissionError, AttributeError):
        pytest.skip("cannot make a device node here")
    return story


def manifest_symlink(tmp_path: Path) -> Path:
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_text("file,role\na.txt,source\n")
    story = _story(tmp_path)
    (story / "manifest.csv").symlink_to(elsewhere)
    return story


def manifest_parent_path(tmp_path: Path) -> Path:
    (tmp_path / "x.txt").write_text(ENGLISH)
    return _manifest(tmp_path, "file,role\na.txt,source\n../x.txt,derivative\n")


def manifest_absolute_path(tmp_path: Path) -> Path:
    (tmp_path / "x.txt").write_text(ENGLISH)
    return _manifest(tmp_path, f"file,role\na.txt,source\n{tmp_path / 'x.txt'},derivative\n")


def manifest_subfolder_path(tmp_path: Path) -> Path:
    return _manifest(tmp_path, "file,role\na.txt,source\nsub/c.txt,derivative\n", {"sub/c.txt": ENGLISH})


def manifest_hidden_symlink(tmp_path: Path) -> Path:
    story = _manifest(tmp_path, "file,role\na.txt,source\n.p.txt,derivative\n")
    (story / ".p.txt").symlink_to(tmp_path)
    return story


def manifest_empty_file(tmp_path: Path) -> Path:
    return _manifest(tmp_path, "file,role\na.txt,source\n,derivative\n")


def manifest_duplicate_row(tmp_path: Path) -> Path:
    return _manifest(tmp_path, "file,role\na.txt,source\nb.txt,derivative\na.txt,derivative\n")


def manifest_duplicate_id(tmp_path: Path) -> Path:
    return _manifest(tmp_path, "id,role\na,source\nb,derivative\n\nb,derivative\n")


def manifest_same_article_by_file_and_id(tmp_path: Path) -> Path:
    return _manifest(tmp_path, "file,id,role\na.txt,,source\n,a,derivative\n")


def manifest_two_sources(tmp_path: Path) -> Path:
    return _manifest(tmp_path, "file,role\na.txt,source\nb.txt,Source\n")


def manifest_duplicate_column(tmp_path: Path) -> Path:
    return _manifest(tmp_path, "file,title,Title\na.txt,One,Two\n")


def manifest_value_under_no_column(tmp_path: Path) -> Path:
    return _manifest(tmp_path, "file,role\na.txt,source,extra\n")


def manifest_malformed_csv(tmp_path: Path) -> Path:
    return _manifest(tmp_path, "file,title\na.txt," + "x" * 200_000 + "\n")


def json_deep(tmp_path: Path) -> Path:
    depth = 200_000
    return _story(tmp_path, {"deep.json": '{"text": "x", "n": ' + "[" * depth + "]" * depth + "}"})


def json_long_integer(tmp_path: Path) -> Path:
    return _story(tmp_path, {"big.json": '{"text": "' + ENGLISH + '", "n": ' + "9" * 5000 + "}"})


def json_list_field(tmp_path: Path) -> Path:
    return _story(tmp_path, {"meta.json": json.dumps({"text": ENGLISH, "title": ["a", "b"]})})


def json_bad_role(tmp_path: Path) -> Path:
    return _story(tmp_path, {"role.jsonl": json.dumps({"text": ENGLISH, "role": "boss"}) + "\n"})


def json_two_sources(tmp_path: Path) -> Path:
    items = [{"id": "w", "text": ENGLISH, "role": "source"}, {"id": "v", "text": ENGLISH, "role": "source"}]
    return _story(tmp_path, {"both.json": json.dumps(items)})


#: case → (builder, culprit named in the message, reason in the message)
REFUSED: dict[str, tuple[Callable[[Path], Path], str, str]] = {
    "symlink to a file outside": (symlink_outside, "p.txt", "a symbolic link, not a regular file"),
    "symlink to a file inside": (symlink_inside, "p.txt", "a symbolic link, not a regular file"),
    "symlink to a folder": (symlink_to_folder, "p.txt", "a symbolic link, not a regular file"),
    "fifo": (fifo, "p.txt", "a named pipe (FIFO), not a regular file"),
    "socket": (unix_socket, "p.txt", "a socket, not a regular file"),
    "device": (device, "p.txt", "a device, not a regular file"),
    "manifest is a symlink": (manifest_symlink, "manifest.csv", "a symbolic link, not a regular file"),
    "manifest path ../": (
        manifest_parent_path,
        "manifest.csv",
        "line 3: '../x.txt' is a path: 'file' must name a file directly in",
    ),
    "manifest absolute path": (manifest_absolute_path, "manifest.csv", "x.txt' is a path"),
    "manifest path into a subfolder": (
        manifest_subfolder_path,
        "manifest.csv",
        "line 3: 'sub/c.txt' is a path",
    ),
    "manifest names a hidden symlink": (
        manifest_hidden_symlink,
        "manifest.csv",
        "line 3: '.p.txt' is not an article file",
    ),
    "manifest row with empty file": (manifest_empty_file, "manifest.csv", "line 3: empty 'file' and 'id'"),
    "manifest duplicated row": (
        manifest_duplicate_row,
        "manifest.csv",
        "line 4 lists 'a.txt' again (already listed on line 2)",
    ),
    "manifest duplicated id": (
        manifest_duplicate_id,
        "manifest.csv",
        "line 5 lists 'b' again (already listed on line 3)",
    ),
    "manifest lists an article by file and by id": (
        manifest_same_article_by_file_and_id,
        "manifest.csv",
        "line 3 lists 'a' again (already listed on line 2)",
    ),
    "manifest two sources": (
        manifest_two_sources,
        "manifest.csv",
        "line 3: a second 'source' row (line 2 is the source)",
    ),
    "manifest duplicated column": (manifest_duplicate_column, "manifest.csv", "column 'title' appears twice"),
    "manifest value under no column": (
        manifest_value_under_no_column,
        "manifest.csv",
        "line 2: value 'extra' is under no named column",
    ),
    "manifest malformed csv": (manifest_malformed_csv, "manifest.csv", "line 2: malformed CSV (field larger"),
    "json nested 200,000 deep": (json_deep, "deep.json", "JSON nested too deeply"),
    "json 5,000-digit integer": (json_long_integer, "big.json", "a JSON number of 5000 digits"),
    "json field that is a list": (json_list_field, "meta.json", "'title' must be a string or a number"),
    "json bad role": (json_bad_role, "role.jsonl", "line 1: role 'boss' is not one of source, derivative"),
    "json two sources": (json_two_sources, "both.json", "article 'w' is a second 'source' (after 'v')"),
}

#: Cases that could hang or blow the stack if they regressed run in a subprocess with a time limit.
IN_SUBPROCESS = {"fifo", "json nested 200,000 deep"}


def _run(story: Path, out: Path, capsys, *, subprocess_run: bool = False, only: str = "") -> tuple[int, str]:
    argv = ["tables", str(story), "--out", str(out), *(["--only", only] if only else [])]
    if subprocess_run:
        result = subprocess.run(
            [sys.executable, "-m", "helpers.cli", *argv], capture_output=True, text=True, timeout=120
        )
        return result.returncode, result.stderr
    code = main(argv)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_hostile_input_is_refused_in_one_line(case: str, tmp_path: Path, capsys) -> None:
    build, culprit, reason = REFUSED[case]
    story = build(tmp_path)
    out = tmp_path / "out"
    code, err = _run(story, out, capsys, subprocess_run=case in IN_SUBPROCESS)
    assert code == 2, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("recount: error: ")
    assert culprit in lines[0] and reason in lines[0], lines[0]
    assert "Traceback" not in err
    assert not out.exists()


# --- read correctly, with warnings: the tables say what happened ------------------------------------


def _tables(tmp_path: Path, story: Path, capsys, only: str = "articles,paragraphs") -> tuple[dict, list[str]]:
    out = tmp_path / "out"
    code, err = _run(story, out, capsys, only=only)
    assert code == 0, err
    assert "Traceback" not in err
    frames = {name: pd.read_csv(out / f"{name}.csv", keep_default_na=False) for name in only.split(",")}
    return frames, err.splitlines()


def test_control_characters_from_json_escapes_are_removed(tmp_path: Path, capsys) -> None:
    text = "Police said the\u0000 suspect\u001b fled on foot.\fA witness\u0085saw him\u0007 run."
    story = _story(tmp_path, {"esc.json": json.dumps({"text": text, "title": "Bad\u0000 title"})})
    tables, warnings = _tables(tmp_path, story, capsys)
    paragraphs = tables["paragraphs"]
    assert paragraphs[paragraphs["article_id"] == "esc"]["text"].tolist() == [
        "Police said the suspect fled on foot.",
        "A witness",
        "saw him run.",
    ]
    articles = tables["articles"].set_index("article_id")
    assert articles.loc["esc", "title"] == "Bad title"
    assert warnings == [
        f"recount: warning: {story / 'esc.json'}: removed 6 control character(s) "
        "(a line-breaking one becomes a newline) in its JSON strings"
    ]


def test_lone_surrogate_is_replaced_and_named_against_the_file(tmp_path: Path, capsys) -> None:
    story = _story(tmp_path, {"sur.json": '{"text": "Officials said the bridge \\ud800 was closed."}'})
    tables, warnings = _tables(tmp_path, story, capsys)
    paragraphs = tables["paragraphs"]
    assert paragraphs[paragraphs["article_id"] == "sur"]["text"].tolist() == [
        "Officials said the bridge \ufffd was closed."
    ]
    assert len(warnings) == 1
    assert "sur.json" in warnings[0] and "replaced 1 unpaired surrogate(s) with U+FFFD" in warnings[0]


@pytest.mark.parametrize("raw_id", [None, "", "   "], ids=["null", "empty", "blank"])
def test_null_or_blank_json_id_takes_the_default_id(raw_id, tmp_path: Path, capsys) -> None:
    items = [{"id": raw_id, "text": ENGLISH}, {"id": "named", "text": ENGLISH}]
    story = _story(
        tmp_path, {"one.json": json.dumps({"id": raw_id, "text": ENGLISH}), "two.json": json.dumps(items)}
    )
    tables, warnings = _tables(tmp_path, story, capsys)
    assert tables["articles"]["article_id"].tolist() == ["a", "named", "one", "two-1"]
    assert warnings == []


def test_utf8_with_one_stray_byte_stays_utf8(tmp_path: Path, capsys) -> None:
    text = "Café owners in Zürich said “no” to the new fee. " * 3
    data = text.encode() + b"\xff" + " Naïve résumés were filed.".encode()
    story = _story(tmp_path, {"stray.txt": data})
    tables, warnings = _tables(tmp_path, story, capsys)
    paragraphs = tables["paragraphs"]
    body = paragraphs[paragraphs["article_id"] == "stray"]["text"].iloc[0]
    assert body == (text + "\ufffd Naïve résumés were filed.").strip()
    assert "Ã" not in body
    assert warnings == [
        f"recount: warning: {story / 'stray.txt'}: not valid UTF-8 at byte {len(text.encode())} "
        "(1 invalid sequence(s) in all): read as UTF-8 with U+FFFD in their place"
    ]


def test_windows_1252_file_is_still_windows_1252(tmp_path: Path, capsys) -> None:
    story = _story(tmp_path, {"old.txt": "Café owners said “no” to the € 5 fee.".encode("cp1252")})
    tables, warnings = _tables(tmp_path, story, capsys)
    paragraphs = tables["paragraphs"]
    assert paragraphs[paragraphs["article_id"] == "old"]["text"].tolist() == [
        "Café owners said “no” to the € 5 fee."
    ]
    assert warnings == []


def test_article_not_in_english_warns_once_and_says_its_language(tmp_path: Path, capsys) -> None:
    story = _story(tmp_path, {"fr.txt": FRENCH, "short.txt": "Fine."})
    tables, warnings = _tables(tmp_path, story, capsys, only="articles")
    articles = tables["articles"].set_index("article_id")
    assert articles.loc["a", "language"] == "en"
    assert articles.loc["fr", "language"] == "fr"
    assert float(articles.loc["fr", "language_score"]) > 0.9
    assert articles.loc["short", "language"] == ""  # too short to tell: no guess, no warning
    assert len(warnings) == 1
    assert warnings[0].startswith(f"recount: warning: {story / 'fr.txt'}: article 'fr' reads as French (fr,")
    assert "not English" in warnings[0]


def test_languages_detected_together_equal_each_detected_alone() -> None:
    """The story's articles go to lingua in one parallel call; each keeps the language and confidence it
    gets alone, and a text too short to tell stays unknown wherever it stands in the batch."""
    from helpers.nlp.language import detect_language, detect_languages

    texts = [ENGLISH, "Fine.", FRENCH, ENGLISH + " " + FRENCH]
    together = detect_languages(texts)
    assert together == [detect_language(text) for text in texts]
    assert [code for code, _ in together] == ["en", None, "fr", "en"]
    assert detect_languages([]) == []


def test_warnings_are_dropped_when_the_story_is_refused(tmp_path: Path, capsys) -> None:
    stray = ENGLISH.replace("Monday", "Montag \u00e9t\u00e9").encode("utf-8") + b" \xff"
    story = _manifest(tmp_path, "file,role\na.txt,source\na.txt,derivative\n", {"stray.txt": stray})
    code, err = _run(story, tmp_path / "out", capsys)
    assert code == 2
    assert err.splitlines() == [
        f"recount: error: {story / 'manifest.csv'}: line 3 lists 'a.txt' again (already listed on line 2): "
        "each article may have one row"
    ]


def test_a_file_name_with_a_newline_still_gives_one_line(tmp_path: Path, capsys) -> None:
    story = _story(tmp_path)
    (story / "evil\nname.txt").symlink_to("a.txt")
    code, err = _run(story, tmp_path / "out", capsys)
    assert code == 2
    assert len(err.splitlines()) == 1 and "evil\\nname.txt" in err

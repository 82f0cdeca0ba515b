"""Reading story folders: formats, manifest, encodings, exact offsets, and every kind of bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import RecountError, load_story
from helpers.ingest.readers import read_txt
from helpers.ingest.story_folder import read_story

from .conftest import FLOOD_STORY, SEED_LEFT, SEED_RIGHT


def test_seed_sentence_counts(seeds) -> None:
    sentences = seeds.table("sentences")
    left = sentences[sentences["article_id"] == SEED_LEFT]
    right = sentences[sentences["article_id"] == SEED_RIGHT]
    assert (left["kind"] == "heading").sum() == 4
    assert (left["kind"] == "body").sum() == 21
    assert len(right) == 25


def test_headings_are_not_glued_to_the_next_sentence(seeds) -> None:
    sentences = seeds.table("sentences")
    headings = sentences[sentences["kind"] == "heading"]["text"].tolist()
    assert headings == [
        "Key Developments",
        "Humanitarian Crisis",
        "Strategic Gains",
        "Government and International Response",
    ]
    assert "The offensive began Wednesday, coinciding" in sentences.iloc[3]["text"]


@pytest.mark.parametrize("story_name", ["seeds", "flood"])
def test_every_offset_is_exact(story_name: str, request) -> None:
    story = request.getfixturevalue(story_name)
    for table in ("paragraphs", "sentences"):
        for row in story.table(table).itertuples():
            assert story.text(row.article_id)[row.start : row.end] == row.text
    for row in story.table("entities").itertuples():
        assert story.text(row.article_id)[row.start : row.end] == row.text


def test_txt_text_is_the_file_content(seeds) -> None:
    path = Path(seeds.folder) / f"{SEED_LEFT}.txt"
    assert seeds.text(SEED_LEFT) == path.read_text(encoding="utf-8")


def test_manifest_orders_and_annotates(flood) -> None:
    articles = flood.table("articles")
    assert articles["article_id"].tolist() == ["wire", "gazette", "page"]
    assert articles["role"].tolist() == ["source", "derivative", "derivative"]
    assert articles.loc[0, "title"] == "River Senn floods Marlow valley"
    assert articles.loc[1, "source"] == "Valley Gazette"


def test_html_main_text_headings_and_title(flood) -> None:
    paragraphs = flood.table("paragraphs")
    page = paragraphs[paragraphs["article_id"] == "page"]
    assert page["kind"].tolist() == ["heading", "body", "heading", "body", "body"]
    assert "Home" not in flood.text("page")  # navigation dropped
    assert "©" not in flood.text("page")  # footer dropped
    assert flood.table("articles").loc[2, "title"] == "Floods hit Marlow"


def test_source_article_comes_first_even_if_listed_later(make_story) -> None:
    folder = make_story(
        {
            "a.txt": "A first article about the vote.",
            "b.txt": "The original report of the vote.",
            "manifest.csv": "file,role\na.txt,derivative\nb.txt,source\n",
        }
    )
    assert [a.article_id for a in read_story(folder)] == ["b", "a"]


def test_sorted_by_id_without_manifest(make_story) -> None:
    folder = make_story({"zeta.txt": "Last one.", "alpha.txt": "First one."})
    assert [a.article_id for a in read_story(folder)] == ["alpha", "zeta"]


def test_json_list_and_jsonl(make_story) -> None:
    folder = make_story(
        {
            "batch.json": json.dumps(
                [{"id": "x1", "text": "One story."}, {"text": "Two story.", "title": "T"}]
            ),
            "more.jsonl": (
                '{"id": "y", "text": "Line story.", "url": "https://example.org/y"}\n\n{"text": "Another."}\n'
            ),
        }
    )
    articles = {a.article_id: a for a in read_story(folder)}
    assert set(articles) == {"x1", "batch-2", "y", "more-3"}
    assert articles["batch-2"].meta["title"] == "T"
    assert articles["y"].meta["url"] == "https://example.org/y"


def test_windows_1252_is_decoded(make_story) -> None:
    folder = make_story({"old.txt": b"Caf\xe9 owners said \x93no\x94 to the \x80 5 fee."})
    text = read_story(folder)[0].text
    assert text == "Café owners said “no” to the € 5 fee."


def test_jsonl_lines_end_at_newline_only_and_numbers_are_written_out(make_story) -> None:
    line = json.dumps(
        {"text": "One line\u2028still the same article.", "published": 2024}, ensure_ascii=False
    )
    folder = make_story({"feed.jsonl": line + "\n"})
    article = read_story(folder)[0]
    assert article.article_id == "feed"
    assert article.text == "One line\u2028still the same article."
    assert article.meta["published"] == "2024"


def test_utf8_bom_with_a_stray_byte_is_utf8_with_a_warning(make_story, capsys) -> None:
    folder = make_story({"bom.txt": b"\xef\xbb\xbfSa\xefd the mayor: \xe2\x80\x9cno.\xe2\x80\x9d"})
    assert read_story(folder)[0].text == "Sa\ufffdd the mayor: \u201cno.\u201d"
    assert "bom.txt: not valid UTF-8 at byte 5" in capsys.readouterr().err


def test_utf8_bom_is_dropped_and_nothing_else_changes(make_story) -> None:
    folder = make_story({"bom.txt": "\ufeffLine one.\r\nLine two.\r\n".encode()})
    article = read_txt(folder / "bom.txt")[0]
    assert article.text == "Line one.\r\nLine two.\r\n"


def test_utf16_with_bom_is_decoded(make_story) -> None:
    folder = make_story({"wide.txt": "\ufeffA report in UTF-16.".encode("utf-16-le")})
    assert read_story(folder)[0].text == "A report in UTF-16."


BAD_INPUTS = {
    "empty file": ({"a.txt": "", "b.txt": "Fine."}, "a.txt", "empty"),
    "blank file": ({"a.txt": "  \n\n \t"}, "a.txt", "empty"),
    "binary with NUL": ({"a.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}, "a.txt", "binary"),
    "control characters": ({"a.txt": bytes(range(1, 32)) * 20}, "a.txt", "binary"),
    "malformed json": ({"a.json": '{"text": "unterminated'}, "a.json", "malformed JSON"),
    "malformed jsonl line": ({"a.jsonl": '{"text": "ok"}\n{"text": oops}\n'}, "a.jsonl", "line 2"),
    "json without text": ({"a.json": '{"title": "no text"}'}, "a.json", "'text'"),
    "unknown format": ({"a.docx": b"PK\x03\x04", "b.txt": "Fine."}, "a.docx", "unknown format"),
    "manifest names missing file": (
        {"a.txt": "Fine.", "manifest.csv": "file,role\na.txt,source\ngone.txt,derivative\n"},
        "manifest.csv",
        "missing file 'gone.txt'",
    ),
    "manifest bad role": (
        {"a.txt": "Fine.", "manifest.csv": "file,role\na.txt,boss\n"},
        "manifest.csv",
        "role",
    ),
    "manifest without file or id": (
        {"a.txt": "Fine.", "manifest.csv": "title\nx\n"},
        "manifest.csv",
        "'file' or an 'id'",
    ),
    "undecodable": ({"a.txt": b"abc \x81\x8d\x8f\x90\x9d def"}, "a.txt", "undecodable"),
    "duplicate ids": ({"a.txt": "One.", "b.json": '{"id": "a", "text": "Two."}'}, "b.json", "duplicate"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_names_file_and_reason(case: str, make_story) -> None:
    files, culprit, reason = BAD_INPUTS[case]
    folder = make_story(files)
    with pytest.raises(RecountError) as info:
        read_story(folder)
    message = str(info.value)
    assert culprit in message and reason in message
    assert "\n" not in message


def test_missing_folder_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(RecountError, match="no such story folder"):
        read_story(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / ".hidden").write_text("x")
    with pytest.raises(RecountError, match="no articles"):
        read_story(tmp_path / "empty")


def test_relative_story_resolves_from_repository(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # like nbval running in notebooks/, papermill anywhere
    story = load_story("data/raw/aleppo")
    assert story.article_ids == [SEED_LEFT, SEED_RIGHT]
    assert load_story(FLOOD_STORY).article_ids == ["wire", "gazette", "page"]


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=400,
).filter(
    lambda s: (
        s.removeprefix("\ufeff").strip()
        and sum(ord(c) < 32 and c not in "\t\n\r\f\v" for c in s) / len(s) <= 0.05
    )
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_arbitrary_text_never_crashes_and_offsets_stay_exact(text: str, tmp_path_factory) -> None:
    folder = tmp_path_factory.mktemp("prop")
    (folder / "a.txt").write_bytes(text.encode("utf-8"))
    story = load_story(folder)
    assert story.text("a") == text.removeprefix("\ufeff")
    for table in ("paragraphs", "sentences"):
        frame = story.table(table)
        for row in frame.itertuples():
            assert story.text("a")[row.start : row.end] == row.text
            assert row.text.strip() == row.text and row.text
    sentences = story.table("sentences")
    assert list(sentences["sent_idx"]) == list(range(len(sentences)))

"""Paragraph splitting and heading detection on plain text."""

from __future__ import annotations

import pytest

from helpers.ingest.paragraphs import looks_like_heading, split_paragraphs


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Key Developments", True),
        ("Government and International Response", True),
        ("The offensive began Wednesday.", False),
        ("Who is to blame?", False),
        ("A line that is far too long to be a heading even without any final punctuation at all here", False),
        ("---", False),
        ("“Quoted words”", False),
    ],
)
def test_heading_rule(line: str, expected: bool) -> None:
    assert looks_like_heading(line) is expected


def test_single_newlines_and_blank_lines_separate_paragraphs() -> None:
    text = "Title line\n\nFirst paragraph here.\nSecond paragraph here.\n\n\nThird one."
    paragraphs = split_paragraphs(text)
    assert [text[p.start : p.end] for p in paragraphs] == [
        "Title line",
        "First paragraph here.",
        "Second paragraph here.",
        "Third one.",
    ]
    assert [p.kind for p in paragraphs] == ["heading", "body", "body", "body"]


def test_crlf_and_surrounding_spaces_keep_exact_offsets() -> None:
    text = "  Section one \r\nBody sentence one.  \r\n\r\n\tBody two.\r\n"
    paragraphs = split_paragraphs(text)
    assert [text[p.start : p.end] for p in paragraphs] == ["Section one", "Body sentence one.", "Body two."]


def test_hard_wrapped_lines_stay_one_paragraph() -> None:
    text = (
        "The council met on Monday to discuss the budget for the coming year and\n"
        "agreed to cut spending on roads by a tenth.\n\nA second paragraph."
    )
    paragraphs = split_paragraphs(text)
    assert len(paragraphs) == 2
    assert text[paragraphs[0].start : paragraphs[0].end].endswith("by a tenth.")


def test_last_paragraph_is_never_a_heading() -> None:
    assert [p.kind for p in split_paragraphs("Just a short note")] == ["body"]

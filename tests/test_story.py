"""The Story API: lazy tables, spans, and many unrelated articles parsed in one batch."""

from __future__ import annotations

from helpers.story import stories_from_texts

from .conftest import SEED_LEFT


def test_stories_from_texts_keep_entities_apart() -> None:
    first, second = stories_from_texts(
        {"a": "John Smith said it rained.", "b": "Mary Jones met Smith in Oslo."}
    )
    assert first.article_ids == ["a"] and second.article_ids == ["b"]
    # "Smith" in b is not merged with a's John Smith: each text is its own story.
    assert set(second.table("entities")["canonical"]) == {"Mary Jones", "Smith", "Oslo"}


def test_sentence_spans_match_the_sentences_table(seeds) -> None:
    spans = seeds.sentence_spans(SEED_LEFT)
    sentences = seeds.table("sentences")
    left = sentences[sentences["article_id"] == SEED_LEFT]
    assert [s.text for s in spans] == left["text"].tolist()


def test_tables_are_copies(seeds) -> None:
    frame = seeds.table("articles")
    frame.loc[0, "title"] = "changed"
    assert seeds.table("articles").loc[0, "title"] != "changed"


def test_clip_cuts_at_a_word_boundary() -> None:
    from helpers.display import clip

    assert clip("Jihadists and their Turkish-backed allies launched a lightning assault", 40) == (
        "Jihadists and their Turkish-backed …"
    )
    assert clip("short text", 40) == "short text"

"""The one-page verdict: source choice, shares kept / reworded / dropped, quote and figure changes."""

from __future__ import annotations

from helpers import load_story
from helpers.verdict import summary

from .conftest import SEED_LEFT, SEED_RIGHT


def test_source_is_judged_from_reuse_without_a_manifest(seeds) -> None:
    choice = summary.choose_source(seeds)
    assert choice.article_id == SEED_RIGHT
    assert "no manifest" in choice.reason


def test_manifest_source_wins(flood) -> None:
    assert summary.choose_source(flood) == summary.SourceChoice("wire", "the manifest marks it as the source")


def test_seed_verdict_names_the_changes(seeds) -> None:
    pair = summary.summarise_pair(seeds, SEED_RIGHT, SEED_LEFT)
    dropped = set(pair.figure_changes.loc[pair.figure_changes["status"] == "dropped", "in source"])
    assert {"277", "23", "since 2020"} <= dropped
    quotes = pair.quote_changes.set_index("speaker")
    assert quotes.loc["Dmitry Peskov", "status"].iloc[0] == "paraphrased, direct → reported"
    assert quotes.loc["Nasser Hamdo", "status"] == "kept without speaker"
    assert quotes.loc["Nasser Hamdo", "in derived"].startswith("Others worry about blocked roads")
    assert any(s.startswith("The situation marks a dangerous turning point") for s in pair.additions)
    assert pair.kept + pair.reworded + pair.dropped == pair.n_source_sentences


def test_verdict_table_and_html_escape(make_story) -> None:
    folder = make_story(
        {
            "a.txt": "The mayor said the bridge will reopen in May. Officials counted 300 cars a day.",
            "b.txt": "The mayor said the bridge will reopen in May. <script>alert(1)</script> was on it.",
            "manifest.csv": "file,role\na.txt,source\nb.txt,derivative\n",
        }
    )
    story = load_story(folder)
    table = summary.verdict_table(story)
    assert table.loc[0, "derived"] == "b" and table.loc[0, "kept"] == "50%"
    assert table.loc[0, "dropped figures"] == 1
    html = summary.evidence_html(summary.summarise_pair(story, "a", "b"))
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_single_article_story(make_story) -> None:
    story = load_story(make_story({"a.txt": "Only one report of the flood."}))
    assert summary.verdict_table(story).empty
    assert "nothing to compare" in summary.index_section(story)

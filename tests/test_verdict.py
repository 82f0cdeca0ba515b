"""The verdict as tables: source choice, shares kept / reworded / dropped, quote and figure changes, and the
HTML rendered from those tables alone."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers import load_story
from helpers.report import verdict_html
from helpers.tables import registry
from helpers.verdict import pairs
from helpers.verdict import tables as verdict_tables

from .conftest import SEED_LEFT, SEED_RIGHT
from .test_cli import DESIGN_COLUMNS

DESIGN_VERDICTS = DESIGN_COLUMNS["verdicts"]
DESIGN_ITEMS = DESIGN_COLUMNS["verdict_items"]


def test_verdict_tables_are_registered_with_design_columns(seeds) -> None:
    assert registry()["verdicts"].columns == tuple(DESIGN_VERDICTS)
    assert list(seeds.table("verdicts").columns[:8]) == DESIGN_VERDICTS
    assert list(seeds.table("verdict_items").columns[:8]) == DESIGN_ITEMS
    assert set(pairs.QUOTE_STATUSES) == set(verdict_tables.QUOTE_COUNT_ORDER)


def test_source_is_inferred_from_reuse_without_a_manifest(seeds) -> None:
    verdicts = seeds.table("verdicts")
    assert verdicts[["source_article", "derived_article", "source_basis"]].values.tolist() == [
        [SEED_RIGHT, SEED_LEFT, "inferred"]
    ]
    confidence = float(verdicts.loc[0, "source_confidence"])
    # a heavy rewrite with no date and no word-for-word copy: the right guess, stated as a guess
    assert 0 < confidence < 0.5
    note = verdict_html.source_note_html(verdicts)
    assert "no manifest" in note and "not sure" in note and "role" in note


def test_manifest_source_has_full_confidence(flood) -> None:
    verdicts = flood.table("verdicts")
    assert set(verdicts["source_article"]) == {"wire"}
    assert set(verdicts["source_basis"]) == {"manifest"} and set(verdicts["source_confidence"]) == {1.0}
    assert sorted(verdicts["derived_article"]) == sorted(a for a in flood.article_ids if a != "wire")
    assert "the manifest marks it as the source" in verdict_html.source_note_html(verdicts)


def test_seed_verdict_names_the_changes(seeds) -> None:
    items = seeds.table("verdict_items")
    figures = items[items["kind"] == "figure"]
    assert {"277", "23", "since 2020"} <= set(figures.loc[figures["status"] == "dropped", "source_text"])
    quotes = items[items["kind"] == "quote"].set_index("speaker")
    peskov = quotes.loc[["Dmitry Peskov"]]
    assert "to_reported" in set(peskov["status"])
    hamdo = quotes.loc["Nasser Hamdo"]
    assert hamdo["status"] == "speaker_dropped"
    assert hamdo["derived_text"].startswith("Others worry about blocked roads")
    assert pd.isna(hamdo["derived_ref"]) and not pd.isna(hamdo["derived_sent"])  # a sentence, not a quote
    sentences = items[items["kind"] == "sentence"]
    added = sentences[sentences["status"] == "added"]
    assert any(t.startswith("The situation marks a dangerous turning point") for t in added["derived_text"])
    assert added["source_ref"].isna().all() and added["derived_ref"].notna().all()
    verdict = seeds.table("verdicts").iloc[0]
    assert verdict["kept"] + verdict["reworded"] + verdict["dropped"] == pytest.approx(1.0)
    dropped = sentences[sentences["status"] == "dropped"]
    assert verdict["dropped"] == pytest.approx(len(dropped) / verdict["n_source_sentences"], abs=1e-4)
    assert verdict["added"] == len(added) and verdict["quotes_speaker_dropped"] == 2
    assert verdict["figures_dropped"] == int((figures["status"] == "dropped").sum())


def test_item_refs_point_at_the_item_on_each_side(seeds) -> None:
    items = seeds.table("verdict_items")
    quotes = seeds.table("quotes").set_index(["article_id", "quote_id"])["text"]
    for row in items[(items["kind"] == "quote") & items["source_ref"].notna()].itertuples():
        assert quotes[(row.source_article, row.source_ref)] == row.source_text
    sentences = seeds.table("sentences").set_index(["article_id", "sent_idx"])["text"]
    for row in items[(items["kind"] == "sentence") & items["derived_ref"].notna()].itertuples():
        assert sentences[(row.derived_article, row.derived_ref)] == row.derived_text


def test_verdict_sentence_and_html_escape(make_story) -> None:
    folder = make_story(
        {
            "a.txt": "The mayor said the bridge will reopen in May. Officials counted 300 cars a day.",
            "b.txt": "The mayor said the bridge will reopen in May. <script>alert(1)</script> was on it.",
            "manifest.csv": "file,role\na.txt,source\nb.txt,derivative\n",
        }
    )
    story = load_story(folder)
    verdicts = story.table("verdicts")
    assert verdicts.loc[0, "derived_article"] == "b" and verdicts.loc[0, "kept"] == 0.5
    assert verdicts.loc[0, "figures_dropped"] == 1
    sentence = verdict_html.verdict_sentence(verdicts.iloc[0])
    assert sentence.startswith("b keeps 50% of a nearly word for word") and "1 dropped" in sentence
    html = verdict_html.evidence_html(verdicts.iloc[0], story.table("verdict_items"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<script>" not in verdict_html.index_section(story)


def test_single_article_story(make_story) -> None:
    story = load_story(make_story({"a.txt": "Only one report of the flood."}))
    assert story.table("verdicts").empty and story.table("verdict_items").empty
    assert list(story.table("verdicts").columns[:8]) == DESIGN_VERDICTS
    assert "nothing to compare" in verdict_html.index_section(story)


def _write(folder, texts: dict[str, str], manifest: str | None = None):
    folder.mkdir()
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    if manifest is not None:
        (folder / "manifest.csv").write_text(manifest, encoding="utf-8")
    return folder


WIRE = (
    "Flood waters forced 3,000 residents from their homes in the river town of Marlow on Monday, "
    "officials said.\n\n"
    "The river rose two metres overnight after 120 mm of rain fell in 24 hours, the Environment "
    "Agency said.\n\n"
    '"We have never seen the water come up this fast," said the mayor, Jane Holloway.\n\n'
    "Three schools stayed closed and 40 roads were shut across the county.\n\n"
    "Forecasters expect the river to peak on Wednesday before falling slowly.\n"
)
TRIM = (
    "Flood waters forced 3,000 residents from their homes in the river town of Marlow on Monday, "
    "officials said.\n\n"
    "The river rose two metres overnight after 120 mm of rain fell in 24 hours, the Environment "
    "Agency said.\n\n"
    "Three schools stayed closed.\n"
)
RETOLD = (
    "Thousands of people left Marlow as the river burst its banks at the start of the week.\n\n"
    "Heavy rain overnight pushed the water up sharply, and the town's mayor said she had never seen anything "
    "like it.\n\n"
    "Schools and many roads were closed, and the water is expected to keep rising for two more days.\n"
)


def test_a_word_for_word_copy_names_the_source_with_confidence(tmp_path) -> None:
    from helpers import load_story

    story = load_story(
        _write(tmp_path / "s", {"a_trim.txt": TRIM, "b_retold.txt": RETOLD, "c_wire.txt": WIRE})
    )
    verdicts = story.table("verdicts")
    assert set(verdicts["source_article"]) == {"c_wire"}
    assert verdicts["source_confidence"].min() >= 0.5
    assert "copy" in verdicts.loc[0, "source_evidence"]


def test_publication_times_name_the_source(tmp_path) -> None:
    from helpers import load_story

    manifest = "file,published\nretold.txt,2025-03-11T17:20\nwire.txt,2025-03-11T11:05\n"
    story = load_story(_write(tmp_path / "s", {"retold.txt": RETOLD, "wire.txt": WIRE}, manifest))
    verdict = story.table("verdicts").iloc[0]
    assert verdict["source_article"] == "wire" and verdict["source_basis"] == "inferred"
    assert verdict["source_confidence"] >= 0.5 and "published first" in verdict["source_evidence"]


def test_text_alone_never_gives_a_confident_source(tmp_path) -> None:
    """Two reports with no date and no copy: Recount guesses, and says it is unsure."""
    from helpers import load_story

    story = load_story(_write(tmp_path / "s", {"retold.txt": RETOLD, "wire.txt": WIRE}))
    verdict = story.table("verdicts").iloc[0]
    assert verdict["source_confidence"] < 0.5


def test_quotation_marks_inside_a_statement_or_round_a_term_are_not_lost_quotes(seeds) -> None:
    """The default story's source quotes “half of the city of Aleppo” inside a reported statement and singles
    out “extremist”: neither is a quote of its own, so neither is counted lost when the rewrite drops it."""
    from helpers.verdict.pairs import incidental_quotes

    quotes = seeds.table("quotes")
    incidental = incidental_quotes(quotes)
    texts = {quotes.set_index(["article_id", "quote_id"]).loc[key, "text"] for key in incidental}
    assert {"half of the city of Aleppo", "extremist"} <= texts
    items = seeds.table("verdict_items")
    lost = items[(items["kind"] == "quote") & (items["status"] == "lost")]
    assert lost.shape[0] > 0
    assert (
        not {(str(a), int(q)) for a, q in zip(lost["source_article"], lost["source_ref"], strict=True)}
        & incidental
    )
    verdicts = seeds.table("verdicts")
    assert int(verdicts["quotes_lost"].iloc[0]) == len(lost)


def test_a_figure_stated_twice_is_not_dropped_when_the_rewrite_states_it_once(seeds, make_story) -> None:
    """The default story's source says the fighters took “half of the city of Aleppo”, then “half of
    Aleppo”; the rewrite says it once, so no “half” is dropped. A second figure of the same value that
    counts something else (half of the schools) is still dropped when the rewrite leaves it out."""
    items = seeds.table("verdict_items")
    figures = items[items["kind"] == "figure"]
    assert "half" not in set(figures.loc[figures["status"].isin(["dropped", "new"]), "source_text"])
    assert "half" not in set(figures.loc[figures["status"].isin(["dropped", "new"]), "derived_text"])

    folder = make_story(
        {
            "manifest.csv": "file,role\nwire.txt,source\nrewrite.txt,derivative\n",
            "wire.txt": "Rebels took half of the city of Tarsk on Monday, the army said.\n\n"
            "The army said the rebels captured half of Tarsk without a fight.\n\n"
            "Officials said half of the schools in the region were closed.",
            "rewrite.txt": "Rebels seized half of the city of Tarsk on Monday, according to the army.",
        }
    )
    items = load_story(folder).table("verdict_items")
    dropped = items[(items["kind"] == "figure") & (items["status"] == "dropped")]
    assert len(dropped) == 1 and dropped["source_sent"].item() == 2  # the schools, not the city again


def test_repeats_need_the_same_value_unit_and_thing_counted() -> None:
    from helpers.verdict.repeats import repeats

    text = "They took half of the city of Tarsk. Then half of Tarsk fell. And half of the schools shut."
    starts = [m.start() for m in re.finditer("half", text)]

    def half(k: int, referent: str) -> dict:
        return {"figure_id": k, "value": 0.5, "unit": "fraction", "referent": referent}

    city, tarsk, schools = half(0, "city"), half(1, "Tarsk"), half(2, "schools")
    for figure, start in zip((city, tarsk, schools), starts, strict=True):
        figure.update(start=start, end=start + 4)
    assert repeats(tarsk, city, text) and repeats(city, tarsk, text)
    assert not repeats(schools, city, text) and not repeats(schools, tarsk, text)
    assert not repeats({**tarsk, "value": 0.25}, city, text)


def test_per_story_lookups_equal_the_table_filters(seeds) -> None:
    sentences, quotes = seeds.table("sentences"), seeds.table("quotes")
    alignments = seeds.table("alignments")
    for article in seeds.article_ids:
        mine = sentences[(sentences["article_id"] == article) & (sentences["kind"] != "heading")]
        expected = [
            (int(i), int(s), int(e), t) for i, s, e, t in mine[["sent_idx", "start", "end", "text"]].values
        ]
        assert pairs.body_rows(seeds, article) == expected and expected
        assert list(pairs.body_texts(seeds, article)) == [row[0] for row in expected]
        said = quotes[(quotes["article_id"] == article) & quotes["speaker"].fillna("").ne("")]
        assert pairs.attributed_sentences(seeds, article) == {int(i) for i in said["sent_idx"]}
    assert pairs.body_rows(seeds, "no such article") == []
    for source, derived in ((SEED_LEFT, SEED_RIGHT), (SEED_RIGHT, SEED_LEFT)):
        linked = alignments[alignments["relation"] != "unique"]
        src, der = (
            ("left_sent", "right_sent")
            if linked["left_article"].iloc[0] == source
            else ("right_sent", "left_sent")
        )
        expected = [
            (int(a), int(b), float(score), rel)
            for a, b, score, rel in linked[[src, der, "score", "relation"]].values
        ]
        assert pairs.linked_sentences(seeds, source, derived) == expected and expected

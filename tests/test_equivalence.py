"""The same-meaning model: is a link the same statement reworded, or only part of it?"""

from __future__ import annotations

import pytest

from helpers.comparison import equivalence, wordvectors
from helpers.comparison.align import relation_of
from helpers.comparison.similarity import Features, features, pair_score
from helpers.nlp.pipeline import parse


def _pair(a: str, b: str) -> tuple[Features, Features, float]:
    doc_a, doc_b = parse([(a, [0]), (b, [0])])
    return features(doc_a[:]), features(doc_b[:]), pair_score(doc_a[:], doc_b[:])


def test_a_reordered_statement_is_the_same_and_a_clause_added_is_not() -> None:
    same = _pair(
        "The company said its profit rose 5 percent in the third quarter.",
        "Its third-quarter profit rose 5 percent, the company said.",
    )
    extended = _pair(
        "The minister resigned on Friday.",
        "The minister resigned on Friday after weeks of protests over a corruption scandal involving his "
        "brother's construction firm.",
    )
    assert equivalence.same_meaning(*same)
    assert not equivalence.same_meaning(*extended)
    assert relation_of(*same) == "paraphrase"
    assert relation_of(*extended) == "partial"


def test_a_one_sided_negation_and_a_changed_figure_count_against_the_pair() -> None:
    base = _pair("The court accepted the appeal on Monday.", "The court upheld the appeal on Monday.")
    negated = _pair(
        "The court accepted the appeal on Monday.", "The court did not accept the appeal on Monday."
    )
    assert dict(zip(equivalence.SIGNALS, equivalence.signals(*negated), strict=True))["negation"] == 1.0
    kept = _pair("12 people died in the fire, police said.", "Police said 12 people died in the blaze.")
    changed = _pair("12 people died in the fire, police said.", "Police said 15 people died in the blaze.")
    signals = dict(zip(equivalence.SIGNALS, equivalence.signals(*changed), strict=True))
    assert signals["numbers_differ"] == 1.0 and signals["numbers_one_sided"] == 0.0
    assert equivalence.WEIGHTS["negation"] < 0 and equivalence.WEIGHTS["numbers_differ"] < 0
    # the same words with the figure changed: only the figure signal differs, and it lowers the probability
    same_words = dict(zip(equivalence.SIGNALS, equivalence.signals(*kept), strict=True))
    assert {k for k in signals if signals[k] != same_words[k]} >= {"numbers_differ"}
    assert equivalence.probability(*changed) < equivalence.probability(*kept)
    assert equivalence.probability(*negated) < 1.0 and equivalence.probability(*base) > 0.5


def test_synonyms_raise_the_word_vector_coverage() -> None:
    table = wordvectors.vectors(["storm", "hit", "hurricane", "minister", "coast"])
    close = wordvectors.coverage({"storm", "hit", "coast"}, {"hurricane", "hit", "coast"}, table)
    far = wordvectors.coverage({"storm", "hit", "coast"}, {"minister", "hit", "coast"}, table)
    assert close[0] > far[0] > 0.0 and close[1] > far[1]
    assert wordvectors.coverage({"zqxwv"}, {"zqxwv"}, {}) == (1.0, 1.0)
    assert wordvectors.coverage(set(), {"talk"}, table) == (0.0, 0.0)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [((), (), 0), (("a", "b", "c"), ("a", "x", "c", "d"), 2), (("the", "cat"), (), 2), (("x",), ("x",), 0)],
)
def test_edit_distance_counts_words_inserted_deleted_or_replaced(a, b, distance) -> None:
    assert equivalence.edit_distance(a, b) == distance == equivalence.edit_distance(b, a)


def test_negated_reads_contractions_and_negative_words() -> None:
    assert equivalence.negated(("they", "didn't", "agree"))
    assert equivalence.negated(("no", "one", "came"))
    assert not equivalence.negated(("they", "agreed", "at", "noon"))


def test_a_story_passes_its_word_vectors_and_gets_the_same_relations(seeds) -> None:
    """``align_story`` hands the story's vectors to the model; looking them up per pair gives the same."""
    from helpers.comparison.align import pair_signals, sentence_features

    alignments = seeds.table("alignments")
    linked = alignments[alignments["relation"].isin(["paraphrase", "partial"])]
    assert len(linked) and set(linked["relation"]) == {"paraphrase", "partial"}
    for row in linked.head(8).itertuples():
        a = sentence_features(seeds, row.left_article)[int(row.left_sent)]
        b = sentence_features(seeds, row.right_article)[int(row.right_sent)]
        shown = pair_signals(seeds, row.left_article, row.right_article)[0]
        assert relation_of(a, b, float(shown[int(row.left_sent), int(row.right_sent)])) == row.relation


def test_weights_cover_every_signal() -> None:
    assert set(equivalence.WEIGHTS) == set(equivalence.SIGNALS)
    assert 0.0 < equivalence.SAME_MEANING < 1.0

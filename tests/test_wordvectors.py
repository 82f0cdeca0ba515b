"""The default install's paraphrase signal: soft word matching with shipped GloVe vectors."""

from __future__ import annotations

import numpy as np

from helpers import load_story
from helpers.comparison import wordvectors


def test_synonyms_and_capitals_score_above_unrelated_words() -> None:
    synonyms = wordvectors.pair_score(["storm", "coast"], ["hurricane", "shore"])
    capitals = wordvectors.pair_score(
        ["paris", "berlin", "reject", "plan"], ["france", "germany", "reject", "plan"]
    )
    unrelated = wordvectors.pair_score(["river", "flood", "village"], ["minister", "resign", "scandal"])
    assert synonyms > 0.5 and capitals > 0.65
    assert unrelated == 0.0


def test_a_word_always_matches_itself_even_without_a_vector() -> None:
    assert wordvectors.pair_score(["zqxwv", "harbour"], ["zqxwv", "harbour"]) == 1.0
    assert wordvectors.pair_score([], ["harbour"]) == 0.0


def test_soft_scores_match_the_one_pair_score() -> None:
    left = [["paris", "berlin"], [], ["storm", "coast"]]
    right = [["france", "germany"], ["hurricane", "shore"]]
    idf = wordvectors.idf_weights(left + right)
    table = wordvectors.vectors(w for s in left + right for w in s)
    matrix = wordvectors.soft_scores(left, right, idf, table)
    assert matrix.shape == (3, 2) and not matrix[1].any()
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            assert np.isclose(matrix[i, j], wordvectors.pair_score(a, b, idf))
    assert matrix[0, 0] > matrix[0, 1] and matrix[2, 1] > matrix[2, 0]


def test_paraphrase_with_few_shared_words_is_linked(make_story) -> None:
    """Synonyms and capitals for countries: the lexical signals alone leave these sentences apart."""
    left = (
        "The harbour flooded on Monday. "
        "Paris and Berlin rejected the proposal after the talks collapsed. "
        "Schools will reopen next week."
    )
    right = (
        "The harbour flooded on Monday. "
        "France and Germany turned down the plan once negotiations fell apart. "
        "Schools will reopen next week."
    )
    story = load_story(make_story({"a.txt": left, "b.txt": right}))
    links = story.table("alignments")
    linked = links[links["relation"] != "unique"]
    assert ((linked["left_sent"] == 1) & (linked["right_sent"] == 1)).any()


def test_vectors_are_the_rows_a_lookup_of_each_word_finds() -> None:
    """The vocabulary is scanned for the words asked (not hashed on every call): each known word gets the
    unit vector of the row a plain lookup finds, in any case; unknown and empty words get nothing."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from helpers.comparison.wordvectors import _table, vectors

    index, table = _table()
    asked = ["The", "house", "Paris", "earthquake", "3.5", "qqqzzzxq", ""]
    found = vectors(asked)
    assert sorted(found) == ["3.5", "earthquake", "house", "paris", "the"]
    known = sorted(found)
    rows = pc.index_in(pa.array(known), value_set=index).to_pylist()
    for word, row in zip(known, rows, strict=True):
        expected = np.asarray(table[row], dtype=np.float64)
        np.testing.assert_allclose(found[word], expected / np.linalg.norm(expected))

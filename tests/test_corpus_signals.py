"""Grouping's who / where / when signals: people, places and years apart from the words.

Two invented events of one kind (a paper mill burns down) in two cities, years apart, each told by three
short reports written for these tests: the reports of one event share their people, places and year; the two
events share almost all of their words.
"""

from __future__ import annotations

import pytest

from helpers.corpus.features import parse_for_grouping
from helpers.corpus.grouping import group_articles
from helpers.corpus.similarity import BOTH, SIGNALS, PairScorer

TULSA = [
    "Fire destroys paper mill in Tulsa\nA fire destroyed a paper mill in Tulsa, Oklahoma, on March 3, 2011, "
    "fire chief Dana Whitfield said. Two workers were hurt and 40 people lost their jobs. "
    "Firefighters fought the blaze for six hours before it was under control.",
    "Tulsa mill burns, two hurt\nTwo workers were injured when a blaze tore through a paper mill in Tulsa on "
    "Thursday, March 3, 2011. Fire chief Dana Whitfield said the fire started in a storage shed. "
    "Crews battled the flames through the night.",
    "Blaze guts Oklahoma paper mill\nWhitfield, the Tulsa fire chief, said the paper mill fire of March 3, "
    "2011 was the worst in the city for a decade. Two workers were taken to hospital. "
    "The cause of the blaze is under investigation.",
]
DULUTH = [
    "Fire destroys paper mill in Duluth\nA fire destroyed a paper mill in Duluth, Minnesota, on October 14, "
    "2015, fire chief Marcus Oyelaran said. Three workers were hurt and 25 people lost their jobs. "
    "Firefighters fought the blaze for eight hours before it was under control.",
    "Duluth mill burns, three hurt\nThree workers were injured when a blaze tore through a paper mill "
    "in Duluth on Wednesday, October 14, 2015. Fire chief Marcus Oyelaran said the fire started in a "
    "boiler room. "
    "Crews battled the flames through the night.",
    "Blaze guts Minnesota paper mill\nOyelaran, the Duluth fire chief, said the paper mill fire of "
    "October 14, 2015 was the worst in the city for years. Three workers were taken to hospital. "
    "The cause of the blaze is under investigation.",
]
#: The first Duluth report told of Tulsa: the same words, the other event's who, where and when.
DULUTH_AS_TULSA = (
    DULUTH[0]
    .replace("Duluth", "Tulsa")
    .replace("Minnesota", "Oklahoma")
    .replace("Marcus Oyelaran", "Dana Whitfield")
    .replace("October 14, 2015", "March 3, 2011")
)


@pytest.fixture(scope="module")
def features():
    return parse_for_grouping([*TULSA, *DULUTH, DULUTH_AS_TULSA])


def test_people_places_and_years_are_their_own_evidence(features) -> None:
    first = features[0]
    assert {"dana whitfield", "whitfield"} <= set(first.persons)
    assert {"tulsa", "oklahoma"} <= set(first.places)
    assert first.years == {"2011": 1}
    assert not set(first.persons) & set(first.places)
    assert set(first.persons) | set(first.places) <= set(first.names)
    assert features[3].years == {"2015": 1}


def test_two_events_of_one_kind_in_two_places_and_years_stay_apart(features) -> None:
    ids = [f"tulsa-{i}" for i in range(3)] + [f"duluth-{i}" for i in range(3)]
    grouping = group_articles(ids, features[:6], ids)
    groups = {frozenset(frame["article_id"]) for _, frame in grouping.stories.groupby("story_id")}
    assert groups == {frozenset(ids[:3]), frozenset(ids[3:])}
    assert {"persons", "places", "years"} <= set(grouping.pairs.columns)
    assert list(grouping.pairs.columns[3 : 3 + len(SIGNALS)]) == list(SIGNALS)


def test_agreeing_on_who_where_and_when_scores_higher(features) -> None:
    scorer = PairScorer(features)
    other_event, same_event = scorer.pair(0, 3), scorer.pair(0, 6)
    for name in ("persons", "places", "years"):
        assert other_event[0][name] == 0.0 < same_event[0][name]
    assert other_event[1] < same_event[1]


def test_evidence_both_carry_counts_against_them_when_it_disagrees() -> None:
    signals = dict.fromkeys(SIGNALS, 0.3) | {"years": 0.0}
    assert PairScorer.combine(signals, {"years"}) < PairScorer.combine(signals) < 1.0
    assert all(BOTH[name] < 0 for name in ("dates", "numbers", "persons", "years"))


def test_story_pairs_hold_each_pairs_own_signals_and_score() -> None:
    """The signals are kept packed by row while pairs are scored; each ``story_pairs`` row must still carry
    its own pair's values (rounded as written), in the table's pair order."""
    texts = TULSA + DULUTH
    features = parse_for_grouping(texts)
    ids = [f"a{k}" for k in range(len(texts))]
    grouping = group_articles(ids, features, ["d"] * len(texts))
    scorer = PairScorer(features)
    assert len(grouping.pairs) == grouping.n_scored > 0
    for row in grouping.pairs.itertuples(index=False):
        values, value = scorer.pair(ids.index(row.left_article), ids.index(row.right_article))
        assert [getattr(row, name) for name in SIGNALS] == [round(values[name], 4) for name in SIGNALS]
        assert row.score == round(value, 4)


def test_one_article_scores_no_pair_and_keeps_the_columns() -> None:
    grouping = group_articles(["only"], parse_for_grouping(TULSA[:1]), ["d"])
    assert grouping.pairs.empty and list(grouping.pairs.columns)[-2:] == ["score", "decision"]
    assert len(grouping.stories) == 1

"""The development set (benchmarks/dev): its gold holds against the texts, the set keeps the shape issue 13
asks for, the scoring rules judge as documented, and the scorer runs end to end on one story.

The figures themselves come from ``make bench`` (benchmarks/RESULTS.md), never from a test.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pandas as pd
import pytest

from helpers.paths import REPO_ROOT

BENCH = REPO_ROOT / "benchmarks"
sys.path[:0] = [str(BENCH / "dev"), str(BENCH)]

import gold  # noqa: E402
import rules  # noqa: E402


@pytest.fixture(scope="module")
def golds() -> list[gold.StoryGold]:
    return [gold.load(name) for name in gold.story_names()]


def test_every_gold_row_points_at_one_place_in_its_article(golds) -> None:
    problems = [p for g in golds for p in gold.check(g)]
    assert problems == []


def test_the_set_has_the_shape_issue_13_asks_for(golds) -> None:
    assert len(golds) >= 10
    assert sum(len(g.texts) >= 3 for g in golds) >= 4
    assert sum(not g.has_manifest for g in golds) * 2 >= len(golds)
    assert sum(g.source == gold.UNSURE for g in golds) >= 2
    stories_per_class = Counter(
        c
        for g in golds
        for c in {c for rows in g.rows.values() for row in rows for c in gold.classes_of(row)}
    )
    assert set(stories_per_class) == set(gold.known_classes())
    assert min(stories_per_class.values()) >= 2, stories_per_class.most_common()[-3:]


@pytest.mark.parametrize(
    ("predicted", "speaker", "aliases", "expected"),
    [
        ("Rita Cordeiro", "Rita Cordeiro", "Cordeiro|mayor", True),
        ("Cordeiro", "Rita Cordeiro", "", True),  # a surname
        ("Simon Hale KC", "Simon Hale", "Hale|Prosecutor", True),  # a suffix added
        ("police spokesman", "Bart Claes", "Claes|police spokesman|police", True),
        ("she", "Rita Cordeiro", "Cordeiro|mayor", False),  # an unresolved pronoun
        ("Teresa Lobo", "Luís Tavares", "Tavares|Prime Minister", False),  # the nearest person, wrongly
        ("Across Wales", "Public Health Wales", "agency", False),  # a shared word is not a name
        ("Stephen Ward", "he", "", False),  # substrings never count
        ("", "Haile Gebru", "Gebru", False),
    ],
)
def test_speaker_rule(predicted: str, speaker: str, aliases: str, expected: bool) -> None:
    assert rules.speaker_right(predicted, speaker, aliases) is expected


def test_pairwise_rows_are_read_in_the_golds_orientation() -> None:
    table = pd.DataFrame(
        {
            "left_article": ["rewrite", "rewrite"],
            "right_article": ["source", "source"],
            "left_figure": [3, 4],
            "right_figure": [7, None],
            "status": ["agree", "only_left"],
        }
    )
    turned = rules.oriented(table, "source", "rewrite")
    assert turned[["left_article", "right_article"]].drop_duplicates().values.tolist() == [
        ["source", "rewrite"]
    ]
    assert turned["left_figure"].tolist()[0] == 7 and turned["right_figure"].tolist() == [3, 4]
    assert turned["status"].tolist() == ["agree", "only_right"]


def test_scorer_runs_on_one_story() -> None:
    result = subprocess.run(
        [sys.executable, "dev/score.py", "--story", "rotterdam_marathon", "--details"],
        cwd=BENCH,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "| rotterdam_marathon | 2 | no |" in out
    assert "| **pooled** | 2 | 0 of 1 |" in out
    assert "| stories with no source in a manifest |" in out
    assert "| speakers | speaker-after |" in out
    assert "| rotterdam_marathon | tribune_sport |" in out  # the paraphrase level of the other report
    assert "### rotterdam_marathon:" in out

"""The benchmark scorer follows ``../shared/bench/README.md`` to the letter (issue 13).

Speaker accuracy on GGT: the gold ``reference``'s surname (its last word) must be a *word* of the predicted
speaker. An unresolved pronoun is wrong even where the annotators' speaker span is that pronoun, and a
substring is not a word ("he" is in "Stephen", but is not a word of it).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from bench_quotes import Predicted, score  # noqa: E402
from datasets import GoldQuote, QuoteArticle, _quote_span  # noqa: E402
from scoring import is_pronoun, match_spans, same_speaker, surname  # noqa: E402

SPEAKER_CASES = [
    # (predicted speaker, gold reference, right?)
    ("Stephen Gillis", "Stephen Gillis", True),
    ("Gillis", "Stephen Gillis", True),  # the surname alone is enough
    ("Mr. Gillis", "Stephen Gillis", True),
    ("GILLIS", "Stephen Gillis", True),  # case-insensitive
    ("Stephen", "Stephen Gillis", False),  # a given name is not the surname
    ("he", "Stephen Gillis", False),  # "he" is a substring of "Stephen", not a word
    ("He", "Stephen Gillis", False),
    ("she", "Darian Lonechild", False),  # an unresolved pronoun is always wrong
    ("I", "Larry Ellison", False),
    ("Kim", "Kim Jong-un", False),  # the surname is the last word, taken literally
    ("Kim Jong-un", "Kim Jong-un", True),
    ("Raybould", "Jody Wilson-Raybould", False),  # a hyphenated surname is one word
    ("Wilson-Raybould", "Jody Wilson-Raybould", True),
    ("Seamus O’Regan", "Seamus O'Regan", True),  # curly and straight apostrophes are one
    ("Tore Sohlberg", "Tore Sohlberg and Lehla Abreder", False),  # last word of a pair: Abreder
    ("city", "the City of Surrey", False),
    ("the commission", "the commission", True),  # a description as reference: its head noun
    ("Another member", "Another member of the public", False),
    ("Trudeau's office", "Justin Trudeau", False),  # a possessive is not the person
    ("Samsung", "Samsung Electronics Co.", False),  # the literal last word is "Co."
    ("the president", "the minister", False),
    ("Doug McCallum", "", False),  # nothing to resolve to
]


@pytest.mark.parametrize(("predicted", "reference", "right"), SPEAKER_CASES)
def test_speaker_right_only_when_the_surname_is_a_word(predicted: str, reference: str, right: bool) -> None:
    assert same_speaker(predicted, reference) is right


@pytest.mark.parametrize(
    ("reference", "last"),
    [
        ("Darian Lonechild", "lonechild"),
        ("The U.S.", "u.s"),
        ("Na'moks", "na'moks"),
        (" An expert", "expert"),
    ],
)
def test_surname_is_the_last_word(reference: str, last: str) -> None:
    assert surname(reference) == last


@pytest.mark.parametrize(
    ("span", "pronoun"), [("she", True), ("He", True), ("who", True), ("US", False), ("Hera", False)]
)
def test_pronoun_spans_name_no_one(span: str, pronoun: bool) -> None:
    assert is_pronoun(span) is pronoun


def _article() -> QuoteArticle:
    text = (
        "Stephen Gillis spoke at the hearing. "
        '"We were never told," he said. '
        '"The plan failed," said Ada Moss. '
        "Moss said the budget was cut."
    )

    def span(fragment: str) -> tuple[int, int]:
        start = text.index(fragment)
        return start, start + len(fragment)

    quotes = [
        GoldQuote([span("We were never told")], "he", "Stephen Gillis", True),
        GoldQuote([span("The plan failed")], "Ada Moss", "Ada Moss", True),
        GoldQuote([span("the budget was cut")], "Moss", "", False),  # no reference: not scored
    ]
    return QuoteArticle("a", text, quotes)


def test_score_counts_an_unresolved_pronoun_as_wrong_even_when_the_span_is_that_pronoun() -> None:
    article = _article()
    spans = [q.spans for q in article.quotes]
    predicted = [
        Predicted(spans[0], "he", True),  # unresolved: the gold span is "he", still wrong
        Predicted(spans[1], "Ada Moss", True),
        Predicted(spans[2], "Moss", False),
    ]
    scores = score([article], [predicted])
    assert (scores.speaker_right, scores.speaker_total) == (1, 2)
    assert scores.speaker_accuracy == 50.0
    assert "predicted 'he' for 'Stephen Gillis'" in scores.wrong_speakers[0]


def test_spans_match_at_the_share_of_the_longer_span() -> None:
    assert match_spans([[(0, 10)]], [[(0, 4)]], 0.3) == [(0, 0)]
    assert match_spans([[(0, 10)]], [[(0, 2)]], 0.3) == []


def test_gold_quote_without_a_span_still_counts() -> None:
    """A gold quote whose ``quote_span`` is missing is not dropped (that would shrink the recall's
    denominator): it sits where its text occurs once, else on an empty span nothing can match."""
    text = "The river rose fast, officials said. The river rose fast again."
    assert _quote_span(text, {"quote_span": [0, 9]}) == (0, 9)
    assert _quote_span(text, {"quote_span": None, "quote": "officials said"}) == (21, 35)
    assert _quote_span(text, {"quote_span": None, "quote": "The river rose fast"}) == (0, 0)  # twice
    gold = GoldQuote([(0, 0)], "", "", False)
    article = QuoteArticle("a", text, [gold])
    scores = score([article], [[Predicted([(0, 19)], "officials", False)]])
    assert scores.prf[("all", 0.3)].recall == 0.0 and scores.prf[("all", 0.3)].precision == 0.0

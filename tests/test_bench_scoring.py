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


# NewsQuant (bench README): "a predicted quantity matches a gold one when the values are equal;
# value+unit also needs the unit to agree".
from bench_figures import Quantity, _gold_unit_ok, _gold_values  # noqa: E402
from bench_figures import score as score_figures  # noqa: E402
from datasets import QuantSentence  # noqa: E402


@pytest.mark.parametrize(
    ("raw", "values"),
    [
        ("6.0", (6.0,)),
        ("-1.4", (-1.4,)),
        ("1.99E-29", (1.99e-29,)),  # not 1.99 and -29
        ("252.0-287.0", (252.0, 287.0)),  # not 252 and -287
        ("36040.0-34935.0", (34935.0, 36040.0)),
        ("3.0 - 4.0", (3.0, 4.0)),
        ("1,200", (1200.0,)),
    ],
)
def test_newsquant_gold_values_parse_whole(raw: str, values: tuple[float, ...]) -> None:
    assert _gold_values(raw) == pytest.approx(values)


def _gold(value: str, unit: str = "-", change: str = "=") -> dict[str, str]:
    return {"value": value, "unit": unit, "normalized_unit": unit, "change": change, "referred_concepts": "-"}


def test_newsquant_one_end_of_a_range_is_not_the_range() -> None:
    golds = [_gold("252.0-287.0", "mile"), _gold("12", "people"), _gold("5-10", "%")]
    sentence = QuantSentence("text", golds)
    preds = [
        Quantity(252.0, {"mile"}, "="),  # one end of the gold range
        Quantity(12.0, {"count", "people"}, "=", value_max=120.0),  # a range whose low end is the gold
        Quantity(5.0, {"percentage"}, "=", value_max=10.0),  # the same range: equal
    ]
    scores = score_figures([sentence], [preds])
    assert (scores.value.tp_gold, scores.value.tp_pred) == (1, 1)


@pytest.mark.parametrize(
    ("gold_unit", "pred_unit", "agree"),
    [
        ("european country", {"count", "-", "unit", "country"}, True),  # a counted noun by its head
        ("square metre", {"metre"}, False),  # a measurement unit only by its own name
        ("dollar per share", {"count", "-", "unit", "share"}, False),
        ("year of age", {"count", "-", "unit", "age"}, False),
        ("metric ton", {"tonne", "ton", "metric ton"}, True),
        ("% condo", {"%", "-", "count"}, True),  # a share with Recount's fraction
        ("dollar", {"count", "-", "unit", "dollar"}, True),
        ("people", {"percentage"}, False),
    ],
)
def test_newsquant_units_agree_only_by_name_or_counted_head(
    gold_unit: str, pred_unit: set[str], agree: bool
) -> None:
    assert _gold_unit_ok(_gold("1", gold_unit), Quantity(1.0, pred_unit, "=")) is agree


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


def test_newsquant_from_to_is_one_pair_in_the_bench() -> None:
    """NewsQuant writes "from X to Y" as one pair value; Recount's two levels are predicted as that pair,
    but only for a from-to (not "to Y from X", not two figures that merely stand near each other)."""
    from bench_figures import recount_quantities

    texts = [
        "The ferry fare was cut from 40 euros to 32 euros in March.",
        "Output climbed from 120 to 150 tonnes, the mine said.",
        "Sales rose to $9 million from $7 million a year earlier.",
        "The club has 40 members and plans to grow to 60 by June.",
    ]
    found = recount_quantities([QuantSentence(t, []) for t in texts])
    assert [(q.values, q.change) for q in found[0]] == [((32.0, 40.0), "=")]
    assert "euro" in found[0][0].unit
    assert [q.values for q in found[1]] == [(120.0, 150.0)]
    assert "tonne" in found[1][0].unit  # the bare low end takes the high end's unit
    assert sorted(q.values for q in found[2]) == [(7e6,), (9e6,)]
    assert sorted(q.values for q in found[3]) == [(40.0,), (60.0,)]


def test_msrp_threshold_is_chosen_on_train_by_accuracy() -> None:
    """``best_threshold`` picks the cut with the best accuracy on the scores it is given (train's)."""
    import numpy as np
    from bench_msrp import best_threshold

    scores = np.array([0.1, 0.2, 0.4, 0.6, 0.7, 0.9])
    labels = np.array([False, False, True, False, True, True])
    assert best_threshold(scores, labels) == 0.4  # 5 of 6 right; 0.7 also gives 5, the first best is kept


def test_equivalence_fit_folds_standardised_weights_back_to_raw_units() -> None:
    """The refit of the same-meaning model: raw-unit weights give the probabilities of the standardised fit,
    and a signal that decides the label is learnt with the right sign and held out in cross-validation."""
    import numpy as np
    from fit_equivalence import cross_validated, fit_raw, probabilities

    rng = np.random.default_rng(0)
    x = np.c_[rng.normal(5.0, 2.0, 600), rng.normal(0.0, 0.01, 600)]  # a signal far from 0, and a tiny one
    y = x[:, 0] + rng.normal(0.0, 1.0, 600) > 5.0
    weights, bias = fit_raw(x, y)
    assert weights[0] > 0
    p = probabilities(x, weights, bias)
    assert ((p >= 0.5) == y).mean() > 0.8
    assert cross_validated(x, y, folds=5) > 0.8

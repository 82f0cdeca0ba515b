"""Rates: what a figure is counted per. "$3,500 a month", "$58 per barrel", "63 cents per share", "almost
five percent a year", "40 to 50 hours a week", "15,000 tests a day".

The ``per`` column holds the unit code when the denominator is a unit ("month", "gal", "m2") and the noun's
lemma otherwise ("share", "barrel" is a unit: ``bbl``); matching compares rates only with the same ``per``.
"""

from __future__ import annotations

from spacy.tokens import Doc

from helpers.figures.numbers import UNITS, dimension

#: Words after a figure that mean "per": "per", "a", "an", "/".
PER_WORDS = frozenset({"per", "a", "an", "/"})
#: Words after "a year" that make it a point in time, not a rate: "5 a year ago".
_NOT_RATE_AFTER = frozenset({"ago", "earlier", "before", "later", "after", "on", "since"})
#: Adverbs of frequency that name the period: "rises 3% annually".
PER_ADVERBS = {
    "annually": "year_span",
    "yearly": "year_span",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "hourly": "hour",
}


def _unit_phrase(doc: Doc, start: int) -> tuple[str, int] | None:
    """A unit phrase of one or two words at ``start`` ("month", "square foot", "sq m")."""
    for n in (2, 1):
        if start + n > len(doc):
            continue
        tokens = doc[start : start + n]
        words = [t.lower_.rstrip(".") if k == n - 1 else t.lower_ for k, t in enumerate(tokens)]
        phrase = " ".join(words)
        singular = phrase[:-1] if phrase.endswith("s") else phrase
        for candidate in (phrase, singular):
            if candidate in UNITS:
                return UNITS[candidate].code, n
    return None


def rate_after(doc: Doc, end: int, unit: str) -> tuple[str, int]:
    """The denominator of a rate written right after token ``end`` and how many tokens it takes, or
    ("", 0). "a"/"an" take only a unit of time, or any noun after an amount of money ("$52 a barrel")."""
    if end >= len(doc):
        return "", 0
    word = doc[end].lower_
    if word in PER_ADVERBS:
        return PER_ADVERBS[word], 1
    if word == "per" and end + 1 < len(doc) and doc[end + 1].lower_ in {"annum", "year"}:
        return "year_span", 2
    if word == "-" and end + 1 < len(doc) and doc[end + 1].lower_ == "a-year":
        return "year_span", 2
    if word not in PER_WORDS or end + 1 >= len(doc):
        return "", 0
    found = _unit_phrase(doc, end + 1)
    if found:
        code, n = found
        if end + 1 + n < len(doc) and doc[end + 1 + n].lower_ in _NOT_RATE_AFTER:
            return "", 0
        if word in {"a", "an"} and dimension(code) != "time" and dimension(unit) != "money":
            return "", 0
        return code, n + 1
    noun = doc[end + 1]
    if noun.pos_ == "NOUN" and noun.is_alpha and (word not in {"a", "an"} or dimension(unit) == "money"):
        return noun.lemma_.lower(), 2
    return "", 0

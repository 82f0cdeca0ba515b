"""Number forms beyond a run of digits and number words: plural magnitudes ("thousands of", "tens of millions
of"), shares written as "one in four" / "one out of three", a fraction of a unit ("half a mile"), and an age
given between commas after a name or said with "be" of a person."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from helpers.figures.numbers import NUMBER_WORDS, UNITS, parse_number
from helpers.figures.referents import as_written
from helpers.figures.spans import unit_after

_YEAR = re.compile(r"^(1[5-9]\d\d|2[01]\d\d)$")


def appositive_age(number: Token) -> bool:
    """ "Maddon, 66, has ...": a whole number between commas right after a person's name is an age."""
    doc = number.doc
    return (
        number.dep_ == "appos"
        and number.text.isdigit()
        and 0 < int(number.text) < 120
        and number.i > 0
        and number.i + 1 < len(doc)
        and doc[number.i - 1].text == ","
        and doc[number.i + 1].text == ","
        and number.head.pos_ == "PROPN"
    )


#: Subjects that name a person: a number said of them with "be" alone is an age ("He will be 35").
PERSON_SUBJECTS = frozenset({"i", "you", "he", "she", "we", "they", "who"})


def predicate_age(number: Token) -> bool:
    """ "He will be 35", "his daughter, who was 10": a bare whole number that is all a person is said to be
    is an age."""
    head = number.head
    if number.dep_ not in {"attr", "acomp"} or head.lemma_ != "be" or not number.text.isdigit():
        return False
    if list(number.children) or not 0 < int(number.text) < 120:
        return False
    subjects = [c for c in head.children if c.dep_ == "nsubj"]
    return bool(subjects) and (subjects[0].lower_ in PERSON_SUBJECTS or subjects[0].ent_type_ == "PERSON")


def share_of_unit(doc: Doc, end: int) -> tuple[str, int] | None:
    """ "half a mile", "a quarter of an hour", "1/16 of a US pint": a fraction of one unit measures in that
    unit. The unit's code and how many tokens after the fraction (``end``) the phrase takes; up to two
    modifiers may stand before the unit ("a US fluid ounce")."""
    i = end + 1 if end < len(doc) and doc[end].lower_ == "of" else end
    if i >= len(doc) or doc[i].lower_ not in {"a", "an"}:
        return None
    for j in range(i + 1, min(i + 4, len(doc))):
        found = unit_after(doc, j)
        if found:
            return found[0], j + found[1] - end
        if not (doc[j].is_alpha and doc[j].dep_ in {"compound", "amod", "nmod"}):
            return None
    return None


def one_in(
    doc: Doc, groups: list[tuple[int, int]], index: int, value: float, unit: str, last: int
) -> tuple[float, str, int, int] | None:
    """ "one in four", "one out of three": a share, as (value, "fraction", end token, end of the group)."""
    if unit != "count" or index + 1 >= len(groups) or value != int(value) or value < 1:
        return None
    nxt_start, nxt_end = groups[index + 1]
    if [t.lower_ for t in doc[last:nxt_start]] not in (["in"], ["out", "of"]):
        return None
    upper = parse_number([as_written(t) for t in doc[nxt_start:nxt_end]])
    if upper is None or not value < upper <= 1000 or _YEAR.match(doc[nxt_start].text):
        return None
    return value / upper, "fraction", nxt_end, nxt_end


def magnitudes(doc: Doc) -> list[tuple[int, int, float, str, Token]]:
    """Plural magnitudes: "thousands of job cuts" (1,000 to 10,000), "tens of millions of dollars",
    "hundreds of miles", "dozens of people" (12 to 120): (start, end, low end, unit, the scale token); the
    high end is ten times the low."""
    found = []
    i = 0
    while i < len(doc):
        token = doc[i]
        base, kind = NUMBER_WORDS.get(token.lower_, (0.0, ""))
        if kind != "plural" or (i > 0 and doc[i - 1].like_num):
            i += 1
            continue
        end, scale_token = i + 1, token
        if (
            i + 2 < len(doc)
            and doc[i + 1].lower_ == "of"
            and NUMBER_WORDS.get(doc[i + 2].lower_, ("", ""))[1] == "plural"
            and doc[i + 2].lower_ not in {"tens", "dozens"}
        ):
            base *= NUMBER_WORDS[doc[i + 2].lower_][0]  # "tens of thousands"
            end, scale_token = i + 3, doc[i + 2]
        elif token.lower_ == "tens":
            i += 1
            continue
        if end >= len(doc) or doc[end].lower_ != "of":
            i = end
            continue
        obj = next((c for c in doc[end].children if c.dep_ == "pobj"), None)
        unit = UNITS[obj.lower_].code if obj is not None and obj.lower_ in UNITS else "count"
        found.append((i, end, base, unit, scale_token))
        i = end
    return found

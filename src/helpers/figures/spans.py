"""Where the numbers of a parsed article are, and which number spans are not figures.

A number is a group of tokens (digits and number words with their scales: "2.5 million", "twenty-one");
a group is skipped when spaCy's entities or the words around it make it a year, a date, a clock time, a
rank, a name or an address rather than an amount. Also the unit and the age that follow a number.
:mod:`helpers.figures.extract` builds figures from what is left.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from helpers.figures.nonfigures import (
    is_address,
    is_clock_time,
    is_label,
    is_model_name,
    is_period,
    is_pronoun_one,
)
from helpers.figures.numbers import (
    MAX_UNIT_WORDS,
    NUMBER_WORDS,
    TRANSLITERATED_SIGNS,
    UNITS,
    is_number_word,
    is_unit_word,
    slash_fraction,
    split_token,
    unprefix,
)
from helpers.figures.referents import as_written, bare, is_scale

SKIP_ENTITIES = frozenset({"ORDINAL", "PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "FAC"})
#: Words that make a DATE or TIME entity a calendar date or a clock time rather than an amount.
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday today "
    "yesterday tomorrow tonight a.m. p.m. am pm noon midnight o'clock".split()
)
#: Prepositions that make a four-digit number a year. Not "of": "the summer of 1969" is a date entity
#: already, while "an average of 1500" and "a total of 2000" are amounts.
YEAR_PREPOSITIONS = frozenset({"in", "since", "by", "until", "till", "from", "before", "after", "during"})
#: Words that join the two ends of a range.
RANGE_JOINERS = frozenset({"to", "and", "-", "–", "—"})
_AGE = re.compile(r"^(?:year|years)$")
#: A four-digit year, 1500 to 2199 ("by 2120" in a climate projection).
_DECIMAL = re.compile(r"^\d+\.\d+$")
YEAR = re.compile(r"^(1[5-9]\d\d|2[01]\d\d)$")


def number_groups(doc: Doc) -> list[tuple[int, int]]:
    """Runs of number tokens: "two million", "14,000", "a dozen", "two-thirds"."""
    groups, i = [], 0
    while i < len(doc):
        token = doc[i]
        if is_suspended(token):  # a number of its own: "five-" in "five- and six-cylinder"
            groups.append((i, i + 1))
            i += 1
        elif _is_number_token(token):
            j = i + 1
            while j < len(doc) and (
                (_is_number_token(doc[j]) and _joins(doc[i:j], doc[j]))
                or (doc[j].lower_ in {"-", "and"} and j + 1 < len(doc) and _continues(doc[j + 1]))
            ):
                j += 1
            start = i - 1 if i > 0 and doc[i - 1].lower_ in {"a", "an"} and _fraction_or_scale(token) else i
            groups.append((start, j))
            i = j
        else:
            i += 1
    return groups


def has_digit(token: Token) -> bool:
    return any(c.isdigit() for c in token.text)


def _joins(group: Span, token: Token) -> bool:
    """Whether ``token`` goes on the number ``group``: digits take only a scale after them ("2.5 million",
    "1.2m") and words only words ("twenty-eight thousand six hundred"); "Mar 9 2018" or "one 52,000" are two.
    """
    if has_digit(token):
        return False
    if any(has_digit(t) for t in group):
        return is_scale(token)
    return True


def _is_number_token(token: Token) -> bool:
    text = bare(token)
    if len(text) == 1 and not text.isdigit():
        # "1.2m", "4.2 b": a one-letter scale right after digits.
        if not (is_scale(token) and token.i > 0 and has_digit(token.nbor(-1))):
            return False
        return not token.nbor(-1).whitespace_ and _is_number_token(token.nbor(-1))
    if text in NUMBER_WORDS and NUMBER_WORDS[text][1] == "plural":
        return False  # "thousands of", "dozens": see _magnitudes
    if text in NUMBER_WORDS and NUMBER_WORDS[text][1] == "fraction":
        return _fraction_is_figure(token)
    if unprefix(text)[0]:  # "~80", "minus-260", "sub-300"
        return is_number_word(text)
    if is_suspended(token):  # "a 7- or 8-inch screen", "four-, five- and six-cylinder engines"
        return True
    if slash_fraction(text) is not None:  # "3/4 of the staff", "1/2 pound"; not a date ("9/11")
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return nxt is not None and (nxt.lower_ == "of" or nxt.lower_ in UNITS)
    return is_number_word(token.text) and (
        token.like_num or text in NUMBER_WORDS or split_token(token.text) is not None
    )


#: Words after a suspended hyphen ("7- or 8-inch", "four-, five- and six-cylinder", "10- to 15-minute").
SUSPENDED_BEFORE = frozenset({"or", "and", "to", ","})


def is_suspended(token: Token) -> bool:
    """A number whose compound is left to a later one: "7-" in "a 7- or 8-inch screen"."""
    text = token.text
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (
        len(text) > 1
        and text.endswith("-")
        and nxt is not None
        and nxt.lower_ in SUSPENDED_BEFORE
        and text[:-1].lower() != "one"
        and (text[:-1].replace(",", "").replace(".", "").isdigit() or text[:-1].lower() in NUMBER_WORDS)
    )


def _continues(token: Token) -> bool:
    """A word after "-" or "and" that goes on the same number ("twenty-five", "two hundred and fifty")."""
    return (
        token.lower_ in NUMBER_WORDS
        and NUMBER_WORDS[token.lower_][0] < 100
        and not token.lower_[:1].isdigit()
    )


def _fraction_or_scale(token: Token) -> bool:
    kind = NUMBER_WORDS.get(token.lower_, (0, ""))[1]
    return kind in {"fraction", "scale"} or token.lower_ in {"dozen"}


def _fraction_is_figure(token: Token) -> bool:
    """ "half of them", "a third", "two-thirds", "three quarters": a share. Not a period ("the second half",
    "the fourth quarter", "a first-quarter loss", see :mod:`helpers.figures.nonfigures`), not "quarter-final",
    and a rank-like word ("third", "fourth") only with a count before it."""
    if is_period(token):
        return False
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.text == "-":
        return False
    if token.lower_ in {"half", "quarter"} or token.lower_.endswith("s"):
        return True
    previous = token.nbor(-1) if token.i > 0 else None
    if previous is not None and previous.text == "-" and token.i > 1:
        previous = token.nbor(-2)  # "two-thirds"
    return previous is not None and (
        previous.lower_ in {"a", "an", "one"}
        or previous.like_num
        or NUMBER_WORDS.get(previous.lower_, (0, ""))[1] == "cardinal"
    )


def _is_share(token: Token) -> bool:
    """A fraction word that spaCy tags as a rank but that names a share: "a third of the houses",
    "two thirds". A rank has no count before it and no "of" after it ("a third time", "third place")."""
    if NUMBER_WORDS.get(token.lower_, (0, ""))[1] != "fraction" or not _fraction_is_figure(token):
        return False
    previous = token.nbor(-1) if token.i > 0 else None
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    counted = previous is not None and (
        previous.lower_ in {"a", "an", "one", "-"}
        or NUMBER_WORDS.get(previous.lower_, (0, ""))[1] == "cardinal"
    )
    return counted and (nxt is not None and nxt.lower_ == "of" or previous.lower_ not in {"a", "an"})


def entity_of(doc: Doc) -> dict[int, Span]:
    """The entity each token of a DATE or TIME entity belongs to, by token index."""
    return {i: ent for ent in doc.ents if ent.label_ in {"DATE", "TIME"} for i in range(ent.start, ent.end)}


def skip_span(doc: Doc, start: int, end: int, dates: dict[int, Span] | None = None) -> bool:
    """Numbers that are not figures: ranks, names ("G7", "5G", "COVID-19", "S23"), calendar dates, clock
    times ("9 p.m."), the pronoun "one" ("each one").

    ``dates`` is :func:`entity_of` the doc (computed here when not given).
    """
    glued = split_token(doc[start].text) or ("", "", "")
    if glued[0] and glued[0] not in UNITS and not (start > 0 and doc[start - 1].text == "$"):
        return True  # "S23", "A2": a letter that is a currency only after "$" ("$A82,615,680")
    signed = any(doc[start].text.startswith(sign) for sign in TRANSLITERATED_SIGNS)
    if signed and end - start == 1 and len(glued[1]) == 1 and not glued[2]:
        return True  # "PS5" is a games console; "PS6m" ("PS6" "m") and "PS450" are pounds
    if is_clock_time(doc, end) or (end - start == 1 and is_pronoun_one(doc[start])):
        return True
    if is_address(doc, end) or is_model_name(doc, start, end) or is_label(doc, start, end):
        return True  # "49 Zorro Ranch Road", "iPhone 14 Pro", "a category 4 hurricane"
    if doc[start].lower_ == "score" and doc[start].pos_ == "VERB":
        return True  # "diamonds score between 50 and 70"
    unit_follows = unit_after(doc, end) is not None  # "MacBook Pro 16 inch", "a 570 sq m space"
    for token in doc[start:end]:
        if (
            token.ent_type_ in SKIP_ENTITIES
            and not (glued[0] or glued[2])
            and not _is_share(token)
            and not unit_follows  # "MacBook Pro 16 inch"
            and "," not in token.text  # "to 3,005.47": a name has no thousands separator
            and not (token.ent_type_ == "ORDINAL" and _DECIMAL.match(token.text))  # a rank has no decimals
        ):
            return True
        if token.ent_type_ in {"DATE", "TIME"}:
            ent = (dates if dates is not None else entity_of(doc)).get(token.i)
            if ent is not None and any(t.lower_.strip(".") in CALENDAR_WORDS or ":" in t.text for t in ent):
                return True
            if ent is not None and ent.start > 0 and doc[ent.start - 1].lower_.strip(".") in CALENDAR_WORDS:
                return True  # "Mar 9 2018" where the month is left out of the date entity
    first, last = doc[start], doc[end - 1]
    if end - start == 1 and first.text.isdigit() and first.i > 0 and _named_with(doc[first.i - 1], first):
        return True  # a model or an index named with a number: "iPhone 11", "S&P 500", "Boeing 737 Max"
    if not last.whitespace_ and last.i + 1 < len(doc):
        nxt = doc[last.i + 1]
        if nxt.is_alpha and not is_unit_word(nxt.text) and nxt.lower_ not in NUMBER_WORDS:
            return True  # "5G", "3D"
    if first.i > 0 and not doc[first.i - 1].whitespace_ and not unprefix(first.text)[0]:
        previous = doc[first.i - 1]
        if previous.is_alpha or (
            previous.text == "-"
            and previous.i > 0
            and doc[previous.i - 1].is_alpha
            and not doc[previous.i - 1].whitespace_
        ):
            return True  # "G7", "COVID-19"
    return False


def _named_with(name: Token, number: Token) -> bool:
    """Whether a bare number right after a proper noun is part of that name: it modifies the name ("S&P
    500"), or both modify the same noun ("the Stoxx 600 index", "this iPhone 12 deal") and no unit follows."""
    if name.pos_ != "PROPN":
        return False
    if number.head.pos_ == "PROPN" and number.dep_ in {"nummod", "compound", "appos"}:
        return True
    return (
        name.ent_type_ not in {"DATE", "TIME", "MONEY"}
        and name.lower_ not in UNITS
        and unit_after(number.doc, number.i + 1) is None  # "MacBook Pro 16 inch", "Energy's 550 megawatt"
        and name.dep_ in {"nmod", "compound"}
        and name.head.i == number.head.i
        and number.dep_ == "nummod"
        and any(c.isupper() for c in name.text)
    )


def match_phrase(words: list[str], table: dict[str, str], max_words: int) -> tuple[str, int] | None:
    """Longest phrase of ``table`` that ends at the end of ``words`` (qualifiers before a number)."""
    for n in range(min(max_words, len(words)), 0, -1):
        phrase = " ".join(words[-n:])
        if phrase in table:
            return table[phrase], n
    return None


def unit_after(doc: Doc, end: int) -> tuple[str, int] | None:
    """Longest unit phrase starting at token ``end`` ("per cent", "miles per hour", "kilometers")."""
    tokens = list(doc[end : end + MAX_UNIT_WORDS + 2])  # + 2: hyphens split "barrel-a-day"
    written = as_written(tokens[0]) if tokens else ""
    if written != written.lower() and written in UNITS:
        return UNITS[written].code, 1  # a symbol with capitals, as written: "450 Nm"
    if written and written.lower() in UNITS and not is_unit_word(written):
        return None  # "5 G" is no gram
    for n in range(len(tokens), 0, -1):
        words = [t.lower_ for t in tokens[: n - 1]] + [bare(tokens[n - 1])]
        phrase = " ".join(words)
        glued = "".join(words) if not any(t.whitespace_ for t in tokens[: n - 1]) else ""  # "km/h"
        for candidate in (phrase, glued):
            if candidate in UNITS:
                code = UNITS[candidate].code
                if code == "lb" and tokens[n - 1].ent_type_ == "MONEY":
                    code = (
                        "GBP"  # "17.5 million pounds" is money where the tagger says so; "208 pounds" weighs
                    )
                return code, n
    return None


def unit_of_head(number: Token) -> tuple[str, int] | None:
    """The unit a number modifies past a word or two ("517 rushing yards", "3 more miles"): its code and the
    tokens after the number up to and including the unit; None when the head is no unit or is far."""
    doc, head = number.doc, number.head
    if number.dep_ != "nummod" or not number.i + 1 < head.i <= number.i + 3:
        return None
    if NUMBER_WORDS.get(number.lower_, (0, ""))[1] == "fraction" or slash_fraction(number.text) is not None:
        return None  # "half a square kilometre": a share of a unit is read elsewhere
    between = doc[number.i + 1 : head.i]
    disagrees = head.tag_ == "NN" and number.lower_ not in {"1", "one"}  # "2.1 last year": a number, a date
    if disagrees or not all(
        t.is_alpha and not t.like_num and t.pos_ not in {"CCONJ", "DET"} and number.i <= t.head.i <= head.i
        for t in between
    ):
        return None  # "eight or nine euros": two numbers, the first elided
    found = unit_after(doc, head.i)
    return (found[0], head.i + 1 - (number.i + 1)) if found and found[1] == 1 else None


def age_after(doc: Doc, end: int) -> int:
    """Tokens of "-year-old" / "years old" right after a number, else 0."""
    texts = [t.lower_ for t in doc[end : end + 4]]
    if texts[:4] == ["-", "year", "-", "old"]:
        return 4
    if len(texts) >= 2 and _AGE.match(texts[0]) and texts[1] == "old":
        return 2
    if texts[:2] == ["-", "year"] and len(texts) > 2 and texts[2] == "-old":
        return 3
    if len(texts) >= 3 and _AGE.match(texts[0]) and texts[1:3] == ["-", "old"]:
        return 3  # "a 15 year-old student"
    return 0

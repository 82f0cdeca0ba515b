"""Every numeric figure of every article: its value, unit, qualifier, what it counts, and any rise or fall.

A figure is found from the tokens (digits and number words, grouped with their scales), not only from
spaCy's number entities, so that nothing is missed; spaCy's DATE / TIME / ORDINAL entities and names
("G7", "Section 427") keep years, times and ranks apart. Around the number, the words before give the
qualifier and currency, the words after give the unit; the dependency parse gives the referent (the noun
phrase counted) and the change (a rise or fall verb governing the number).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

import pandas as pd
from spacy.tokens import Doc, Span, Token

from helpers.figures.conversions import merge_conversions
from helpers.figures.elision import fill_elided
from helpers.figures.forms import appositive_age, magnitudes, one_in
from helpers.figures.nonfigures import (
    is_address,
    is_clock_time,
    is_indefinite_one,
    is_model_name,
    is_period,
    is_pronoun_one,
)
from helpers.figures.numbers import (
    GLUED_PREFIXES,
    MAX_QUALIFIER_WORDS,
    MAX_UNIT_WORDS,
    NUMBER_WORDS,
    QUALIFIERS,
    UNITS,
    in_base,
    is_number_word,
    parse_number,
    slash_fraction,
    split_token,
    unprefix,
)
from helpers.figures.rates import rate_after
from helpers.figures.referents import bare, change_verb, is_scale, moves, referent_of
from helpers.story import Story
from helpers.tables import register

FIGURE_COLUMNS = (
    "figure_id",
    "article_id",
    "sent_idx",
    "text",
    "value",
    "unit",
    "qualifier",
    "referent",
    "start",
    "end",
)
#: Columns after the contract's: see the module docstring of each step and the README.
EXTRA_COLUMNS = (
    "change",
    "value_max",
    "referent_key",
    "referent_head",
    "value_norm",
    "per",
    "alt_value",
    "alt_unit",
    "alt_text",
    "indefinite",
)
#: Entities whose numbers are not figures of the story (a rank, a clock time, a name with a number in it).
SKIP_ENTITIES = frozenset({"ORDINAL", "PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "FAC"})
#: Words that make a DATE or TIME entity a calendar date or a clock time rather than an amount.
CALENDAR_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr "
    "jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday today "
    "yesterday tomorrow tonight a.m. p.m. am pm noon midnight o'clock".split()
)
#: Prepositions that make a four-digit number a year.
YEAR_PREPOSITIONS = frozenset(
    {"in", "since", "by", "until", "till", "from", "before", "after", "during", "of"}
)
#: Words that join the two ends of a range.
RANGE_JOINERS = frozenset({"to", "and", "-", "–", "—"})
_AGE = re.compile(r"^(?:year|years)$")
_YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d)$")


@dataclass
class Figure:
    """One figure found in a doc (token indices are into the doc)."""

    start: int  # first token (qualifier or currency included)
    end: int  # one past the last token (unit included)
    value: float
    unit: str
    qualifier: str
    referent: str
    change: str
    value_max: float | None = None
    referent_key: str = ""  # the referent's lemmas
    referent_head: str = ""  # the counted noun's lemma
    per: str = ""  # a rate's denominator: "month" in "$3,500 a month"
    alt_value: float | None = None  # a conversion in brackets: "300 km (185 miles)"
    alt_unit: str = ""
    alt_text: str = ""
    indefinite: bool = False  # "one of the ...", "one witness said"


def _number_groups(doc: Doc) -> list[tuple[int, int]]:
    """Runs of number tokens: "two million", "14,000", "a dozen", "two-thirds"."""
    groups, i = [], 0
    while i < len(doc):
        token = doc[i]
        if _is_number_token(token):
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


def _has_digit(token: Token) -> bool:
    return any(c.isdigit() for c in token.text)


def _joins(group: Span, token: Token) -> bool:
    """Whether ``token`` goes on the number ``group``: digits take only a scale after them ("2.5 million",
    "1.2m") and words only words ("twenty-eight thousand six hundred"); "Mar 9 2018" or "one 52,000" are two.
    """
    if _has_digit(token):
        return False
    if any(_has_digit(t) for t in group):
        return is_scale(token)
    return True


def _is_number_token(token: Token) -> bool:
    text = bare(token)
    if len(text) == 1 and not text.isdigit():
        # "1.2m", "4.2 b": a one-letter scale right after digits.
        if not (is_scale(token) and token.i > 0 and _has_digit(token.nbor(-1))):
            return False
        return not token.nbor(-1).whitespace_ and _is_number_token(token.nbor(-1))
    if text in NUMBER_WORDS and NUMBER_WORDS[text][1] == "plural":
        return False  # "thousands of", "dozens": see _magnitudes
    if text in NUMBER_WORDS and NUMBER_WORDS[text][1] == "fraction":
        return _fraction_is_figure(token)
    if unprefix(text)[0]:  # "~80", "minus-260", "sub-300"
        return is_number_word(text)
    if slash_fraction(text) is not None:  # "3/4 of the staff", "1/2 pound"; not a date ("9/11")
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return nxt is not None and (nxt.lower_ == "of" or nxt.lower_ in UNITS)
    return is_number_word(token.text) and (
        token.like_num or text in NUMBER_WORDS or split_token(token.text) is not None
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


def _entity_of(doc: Doc) -> dict[int, Span]:
    """The entity each token of a DATE or TIME entity belongs to, by token index."""
    return {i: ent for ent in doc.ents if ent.label_ in {"DATE", "TIME"} for i in range(ent.start, ent.end)}


def _skip(doc: Doc, start: int, end: int, dates: dict[int, Span] | None = None) -> bool:
    """Numbers that are not figures: ranks, names ("G7", "5G", "COVID-19", "S23"), calendar dates, clock
    times ("9 p.m."), the pronoun "one" ("each one").

    ``dates`` is :func:`_entity_of` the doc (computed here when not given).
    """
    glued = split_token(doc[start].text) or ("", "", "")
    if glued[0] and glued[0] not in UNITS and not (start > 0 and doc[start - 1].text == "$"):
        return True  # "S23", "A2": a letter that is a currency only after "$" ("$A82,615,680")
    if is_clock_time(doc, end) or (end - start == 1 and is_pronoun_one(doc[start])):
        return True
    if is_address(doc, end) or is_model_name(doc, start, end):
        return True  # "49 Zorro Ranch Road", "iPhone 14 Pro"
    if doc[start].lower_ == "score" and doc[start].pos_ == "VERB":
        return True  # "diamonds score between 50 and 70"
    unit_follows = _unit_after(doc, end) is not None  # "MacBook Pro 16 inch", "a 570 sq m space"
    for token in doc[start:end]:
        if (
            token.ent_type_ in SKIP_ENTITIES
            and not (glued[0] or glued[2])
            and not _is_share(token)
            and not unit_follows  # "MacBook Pro 16 inch"
            and "," not in token.text  # "to 3,005.47": a name has no thousands separator
        ):
            return True
        if token.ent_type_ in {"DATE", "TIME"}:
            ent = (dates if dates is not None else _entity_of(doc)).get(token.i)
            if ent is not None and any(t.lower_.strip(".") in CALENDAR_WORDS or ":" in t.text for t in ent):
                return True
    first, last = doc[start], doc[end - 1]
    if (
        end - start == 1
        and first.text.isdigit()
        and first.i > 0
        and doc[first.i - 1].pos_ == "PROPN"
        and first.head.pos_ == "PROPN"
        and first.dep_ in {"nummod", "compound", "appos"}
    ):
        return True  # a model or an index named with a number: "iPhone 11", "S&P 500", "Boeing 737 Max"
    if not last.whitespace_ and last.i + 1 < len(doc):
        nxt = doc[last.i + 1]
        if nxt.is_alpha and nxt.lower_ not in UNITS and nxt.lower_ not in NUMBER_WORDS:
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


def _match_phrase(words: list[str], table: dict[str, str], max_words: int) -> tuple[str, int] | None:
    """Longest phrase of ``table`` that ends at the end of ``words`` (qualifiers before a number)."""
    for n in range(min(max_words, len(words)), 0, -1):
        phrase = " ".join(words[-n:])
        if phrase in table:
            return table[phrase], n
    return None


def _unit_after(doc: Doc, end: int) -> tuple[str, int] | None:
    """Longest unit phrase starting at token ``end`` ("per cent", "miles per hour", "kilometers")."""
    tokens = list(doc[end : end + MAX_UNIT_WORDS + 2])  # + 2: hyphens split "barrel-a-day"
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


def _age_after(doc: Doc, end: int) -> int:
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


def find_figures(doc: Doc) -> list[Figure]:
    """Every figure of a parsed article, in reading order."""
    figures: list[Figure] = []
    groups = _number_groups(doc)
    dates = _entity_of(doc)
    used_until = -1
    for index, (start, end) in enumerate(groups):
        if start < used_until or _skip(doc, start, end, dates):
            continue
        words = [bare(t) for t in doc[start:end]]
        value = parse_number(words)
        if value is None:
            continue
        number = doc[end - 1]
        first, last = start, end
        # Words before: currency symbol, qualifier, "between".
        unit = "count"
        before = [t.lower_ for t in doc[max(0, first - MAX_QUALIFIER_WORDS - 2) : first]]
        prefix, _, suffix = split_token(doc[start].text) or ("", "", "")
        suffix = (split_token(doc[end - 1].text) or ("", "", ""))[2]
        if prefix:  # "RM23.50", "$US55,931,000", "USD10m"
            glued = "$" + prefix if before and before[-1] == "$" and "$" + prefix in UNITS else prefix
            unit = UNITS[glued if glued in UNITS else prefix + "$"].code
            if glued != prefix:
                first, before = first - 1, before[:-1]
        for n in (2, 1):  # "US $", "HK $", "$", "€", "INR"; not a word ("won 5 games", "euro 2020")
            phrase = " ".join(before[-n:])
            written = doc[max(first - n, 0) : first].text
            if (
                unit == "count"
                and len(before) >= n
                and phrase in UNITS
                and UNITS[phrase].dimension == "money"
                and (not phrase.replace(" ", "").isalpha() or (written.isupper() and len(written) > 1))
            ):
                unit = UNITS[phrase].code
                first, before = first - n, before[:-n]
        sign = ""
        glued_prefix = unprefix(doc[start].text)[0]
        if before and before[-1] == "minus" or glued_prefix == "minus-":
            value = -value
            if not glued_prefix:
                first, before = first - 1, before[:-1]
        elif doc[start].text[:1] in "+-" and _has_digit(doc[start]):
            sign = doc[start].text[:1]  # "-1.3%", "+0.2%": a market move
        qualifier = "exact"
        found = _match_phrase(before, QUALIFIERS, MAX_QUALIFIER_WORDS)
        if found:
            qualifier, n = found
            first -= n
        elif GLUED_PREFIXES.get(glued_prefix, "") not in {"", "minus"}:
            qualifier = GLUED_PREFIXES[glued_prefix]  # "~80%", "sub-300 sq m"
        # Words after: age, unit, range end.
        age = _age_after(doc, last)
        after_unit = None if age else _unit_after(doc, last)
        if not age and after_unit is None and doc[last - 1].text != "-" and last < len(doc) - 1:
            if doc[last].text == "-" and not doc[last - 1].whitespace_:  # "185-hp", "6.1-inch"
                hyphenated = _unit_after(doc, last + 1)
                after_unit = (hyphenated[0], hyphenated[1] + 1) if hyphenated else None
        if suffix in UNITS and not age:  # "15kHz", "256GB", "164p"
            unit = UNITS[suffix].code
        elif age:
            unit, last = "age", last + age
        elif appositive_age(number):
            unit = "age"
        elif after_unit and not (unit != "count" and UNITS.get(doc[last].lower_, None) is None):
            code, n = after_unit
            if unit == "count" or code in {"USD", "EUR", "GBP", "JPY", "CNY", "INR"}:
                unit = code
            last += n
        elif any(
            NUMBER_WORDS.get(t.lower_, (0, ""))[1] == "fraction" or slash_fraction(t.text) is not None
            for t in doc[start:end]
        ):
            unit = "fraction"
        if unit == "count" and start > 0 and doc[start - 1].lower_ == "aged":
            unit = "age"
        if (
            unit == "count"
            and _YEAR.match(doc[start].text)
            and end - start == 1
            and ((start > 0 and doc[start - 1].lower_ in YEAR_PREPOSITIONS) or doc[start].ent_type_ == "DATE")
        ):
            unit = "year"
            qualifier = "since" if start > 0 and doc[start - 1].lower_ == "since" else "exact"
            first = start - 1 if qualifier == "since" else start
        value_max, upper_token = None, None
        share = one_in(doc, groups, index, value, unit, last)
        if share is not None:  # "one in four adults", "one out of three Germans"
            value, unit, last, used_until = share
            number = doc[last - 1]
        elif index + 1 < len(groups):
            nxt_start, nxt_end = groups[index + 1]
            joiner = [t.lower_ for t in doc[last:nxt_start]]
            if len(joiner) > 1 and joiner[-1] in UNITS and UNITS[joiner[-1]].dimension == "money":
                joiner = joiner[:-1]  # "$3 billion to $5 billion"
            is_between = first > 0 and doc[first - 1].lower_ == "between"
            moved_from = first > 0 and doc[first - 1].lower_ == "from" and moves(doc[first - 1].head)
            # "increased by $43.6 billion to $419.2 billion": the amount moved, then the level reached.
            moved_by = first > 0 and doc[first - 1].lower_ == "by" and moves(doc[first - 1].head)
            # "in 2018 to 3.9 million": a calendar year ranges only to another year ("1600 and 1900").
            year_to_other = unit == "year" and not _YEAR.match(doc[nxt_start].text)
            # "rose 7% to 1.2 million units": a unit written after the low end must follow the high end too.
            own_tail = _unit_after(doc, nxt_end)
            unit_dropped = last > end and unit != "age" and (own_tail is None or own_tail[0] != unit)
            if moved_from and len(joiner) == 1 and unit == "count" and last == end and own_tail:
                unit = own_tail[0]  # "from 4.8 to 5.1 percent": the first level is in the second's unit
            if (
                len(joiner) == 1
                and joiner[0] in RANGE_JOINERS
                and (is_between or joiner[0] != "and")
                and not moved_from  # "rose from 4.8 to 5.1 percent": two levels, not a range
                and not (moved_by and unit != "count")  # "by 1 to 1.5 degrees" is a range
                and not year_to_other
                and not unit_dropped
                and not _skip(doc, nxt_start, nxt_end, dates)
            ):
                upper = parse_number([bare(t) for t in doc[nxt_start:nxt_end]])
                scale = doc[nxt_end - 1]
                if (
                    upper is not None
                    and is_scale(scale)
                    and not any(is_scale(t) for t in doc[start:end])
                    and value * NUMBER_WORDS[scale.lower_][0] <= upper
                ):
                    value *= NUMBER_WORDS[scale.lower_][0]  # "33-35 billion", "four to five thousand"
                if upper is not None and upper > value:
                    value_max, upper_token = upper, doc[nxt_end - 1]
                    if is_between:
                        first -= 1
                    last = nxt_end
                    tail = _unit_after(doc, last)
                    if tail:
                        unit = tail[0] if unit == "count" else unit
                        last += tail[1]
                    qualifier = "between" if qualifier == "exact" else qualifier
                    used_until = nxt_end
        per, n = rate_after(doc, last, unit)  # "$3,500 a month", "63 cents per share"
        last += n
        if not per and last < len(doc) and doc[last].pos_ == "NOUN" and number.head.i == last:
            per = rate_after(doc, last + 1, unit)[0]  # "3,000 tests a day", "78,000 times a minute"
        age_of = [t.lower_ for t in doc[max(first - 2, 0) : first]] == ["age", "of"]
        if unit in {"count", "year_span"} and age_of:
            unit = "age"  # "under the age of 5 years"
        previous = figures[-1] if figures else None
        if previous is not None and qualifier == "exact" and doc[previous.end : first].text.strip() == "(":
            qualifier = previous.qualifier  # "approximately 300 kilometers (185 miles)": the same hedge
        change = change_verb(number)
        adverb = doc[first - 1].lower_ if first > 0 else ""
        if sign or adverb in {"up", "down"}:  # "-1.3%", "+0.2%", "was up 19 cents", "down 9.2%"
            change = (number, "up" if sign == "+" or adverb == "up" else "down")
        referent, key, head = referent_of(doc, number, unit)
        if not referent and upper_token is not None:  # "four to five thousand people"
            referent, key, head = referent_of(doc, upper_token, unit)
        if unit == "age" and not referent:
            referent = key = head = "age"
        if unit == "year":
            referent, key, head, change = "", "", "", None
        figure = Figure(
            first, last, value, unit, qualifier, referent, change[1] if change else "none", value_max, key
        )
        figure.referent_head, figure.per = head, per
        figure.indefinite = end - start == 1 and is_indefinite_one(doc[start])
        figures.append(figure)
        used_until = max(used_until, last)  # "1200 parts per million": "million" is the unit's
    taken = {i for f in figures for i in range(f.start, f.end)}
    for start, end, value, unit, scale in magnitudes(doc):  # "thousands of", "tens of millions of"
        if not taken & set(range(start, end)):
            referent, key, head = referent_of(doc, scale, unit)
            figure = Figure(start, end, value, unit, "between", referent, "none", value * 10, key)
            figure.referent_head = head
            figures.append(figure)
    figures.sort(key=lambda f: f.start)
    return fill_elided(doc, merge_conversions(doc, figures))


def extract_figures(story: Story) -> pd.DataFrame:
    """The ``figures`` table: one row per figure, ids per article in reading order."""
    sentences = story.table("sentences")
    rows = []
    for article_id in story.article_ids:
        doc = story.docs[article_id]
        sents = sentences[sentences["article_id"] == article_id]
        starts = list(sents["start"])
        idxs = list(sents["sent_idx"])
        for n, figure in enumerate(find_figures(doc)):
            span = doc[figure.start : figure.end]
            start, end = span.start_char, span.end_char
            end -= len(span[-1].text) - len(bare(span[-1]))  # the full stop is the sentence's
            position = max(bisect.bisect_right(starts, start) - 1, 0)
            rows.append(
                {
                    "figure_id": n,
                    "article_id": article_id,
                    "sent_idx": idxs[position] if idxs else 0,
                    "text": story.text(article_id)[start:end],
                    "value": figure.value,
                    "unit": figure.unit,
                    "qualifier": figure.qualifier,
                    "referent": figure.referent,
                    "start": start,
                    "end": end,
                    "change": figure.change,
                    "value_max": figure.value_max,
                    "referent_key": figure.referent_key,
                    "referent_head": figure.referent_head,
                    "value_norm": in_base(figure.value, figure.unit),
                    "per": figure.per,
                    "alt_value": figure.alt_value,
                    "alt_unit": figure.alt_unit,
                    "alt_text": figure.alt_text,
                    "indefinite": figure.indefinite,
                }
            )
    columns = [*FIGURE_COLUMNS, *EXTRA_COLUMNS]
    return pd.DataFrame(rows, columns=columns)


register("figures", FIGURE_COLUMNS, "Every numeric figure: value, unit, qualifier, referent, change.")(
    extract_figures
)

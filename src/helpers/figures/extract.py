"""Every numeric figure of every article: its value, unit, qualifier, what it counts, and any rise or fall.

A figure is found from the tokens (digits and number words, grouped with their scales), not only from
spaCy's number entities, so that nothing is missed; spaCy's DATE / TIME / ORDINAL entities and names
("G7", "Section 427") keep years, times and ranks apart. Around the number, the words before give the
qualifier and currency, the words after give the unit; the dependency parse gives the referent (the noun
phrase counted) and the change (a rise or fall verb governing the number). Where the numbers are, and which
are not figures, is :mod:`helpers.figures.spans`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import pandas as pd
from spacy.tokens import Doc

from helpers.figures.conversions import merge_conversions
from helpers.figures.elision import fill_elided
from helpers.figures.forms import appositive_age, magnitudes, one_in, predicate_age, share_of_unit
from helpers.figures.nonfigures import (
    is_indefinite_one,
)
from helpers.figures.numbers import (
    GLUED_PREFIXES,
    MAX_QUALIFIER_WORDS,
    NUMBER_WORDS,
    QUALIFIERS,
    UNITS,
    dimension,
    in_base,
    parse_number,
    slash_fraction,
    split_token,
    unprefix,
)
from helpers.figures.rates import rate_after
from helpers.figures.referents import as_written, bare, change_verb, is_scale, moves, referent_of
from helpers.figures.spans import (
    RANGE_JOINERS,
    YEAR,
    YEAR_PREPOSITIONS,
    age_after,
    entity_of,
    has_digit,
    is_suspended,
    match_phrase,
    number_groups,
    skip_span,
    unit_after,
    unit_of_head,
)
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
#: Verbs whose particle "up" / "down" makes an idiom, not a direction: "gave up 517 yards", "women made up
#: 30% of staff", "racked up 40 points", "turned down 3 offers" ("edged up 0.2%" is a rise).
IDIOM_PARTICLE_VERBS = frozenset(
    {"give", "make", "take", "set", "sign", "pick", "rack", "put", "turn", "break", "shut", "back", "sum"}
)


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


def find_figures(doc: Doc) -> list[Figure]:
    """Every figure of a parsed article, in reading order."""
    figures: list[Figure] = []
    groups = number_groups(doc)
    dates = entity_of(doc)
    used_until = -1
    for index, (start, end) in enumerate(groups):
        if start < used_until or skip_span(doc, start, end, dates):
            continue
        words = [as_written(t) for t in doc[start:end]]
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
        elif doc[start].text[:1] in "+-" and has_digit(doc[start]):
            sign = doc[start].text[:1]  # "-1.3%", "+0.2%": a market move
        qualifier = "exact"
        found = match_phrase(before, QUALIFIERS, MAX_QUALIFIER_WORDS)
        if found:
            qualifier, n = found
            first -= n
        elif GLUED_PREFIXES.get(glued_prefix, "") not in {"", "minus"}:
            qualifier = GLUED_PREFIXES[glued_prefix]  # "~80%", "sub-300 sq m"
        # Words after: age, unit, range end.
        age = age_after(doc, last)
        after_unit = None if age else unit_after(doc, last)
        if not age and after_unit is None and doc[last - 1].text != "-" and last < len(doc) - 1:
            if doc[last].text == "-" and not doc[last - 1].whitespace_:  # "185-hp", "6.1-inch"
                hyphenated = unit_after(doc, last + 1)
                after_unit = (hyphenated[0], hyphenated[1] + 1) if hyphenated else None
        if suffix in UNITS and not age:  # "15kHz", "256GB", "164p"
            spaced = f"{suffix} {bare(doc[last])}" if last < len(doc) else ""
            if spaced in UNITS:  # "1.19deg C": the glued unit goes on past a space
                unit, last = UNITS[spaced].code, last + 1
            else:
                unit = UNITS[suffix].code
        elif age:
            unit, last = "age", last + age
        elif appositive_age(number) or predicate_age(number):
            unit = "age"
        elif after_unit and not (unit != "count" and UNITS.get(doc[last].lower_, None) is None):
            code, n = after_unit
            if unit == "count" or code in {"USD", "EUR", "GBP", "JPY", "CNY", "INR"}:
                unit = code
            last += n
        elif unit == "count" and last == end and unit_of_head(number):  # "517 rushing yards"
            unit, n = unit_of_head(number)  # type: ignore[misc]
            last += n
        elif any(
            NUMBER_WORDS.get(t.lower_, (0, ""))[1] == "fraction" or slash_fraction(t.text) is not None
            for t in doc[start:end]
        ):
            of_unit = share_of_unit(doc, last)  # "half a mile", "1/16 of a pint": a measure, not a share
            unit = of_unit[0] if of_unit else "fraction"
            last += of_unit[1] if of_unit else 0
        if unit == "count" and start > 0 and doc[start - 1].lower_ == "aged":
            unit = "age"
        if (
            unit == "count"
            and YEAR.match(doc[start].text)
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
            year_to_other = unit == "year" and not YEAR.match(doc[nxt_start].text)
            # "rose 7% to 1.2 million units": a unit written after the low end must follow the high end too.
            own_tail = unit_after(doc, nxt_end)
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
                and not doc[end - 1].lower_.endswith("fold")  # "rose tenfold to $5 million": factor, level
                and not skip_span(doc, nxt_start, nxt_end, dates)
            ):
                upper = parse_number([as_written(t) for t in doc[nxt_start:nxt_end]])
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
                    tail = unit_after(doc, last)
                    hyphen = last + 1 < len(doc) and doc[last].text == "-"
                    if tail is None and hyphen and is_suspended(doc[start]):
                        hyphened = unit_after(doc, last + 1)  # "a 10- to 15-minute walk"
                        tail = (hyphened[0], hyphened[1] + 1) if hyphened else None
                    glued_tail = (split_token(doc[nxt_end - 1].text) or ("", "", ""))[2]
                    if tail:
                        unit = tail[0] if unit == "count" else unit
                        last += tail[1]
                    elif unit == "count" and glued_tail in UNITS:  # "a 5-10W laser", "25 – 40min"
                        unit = UNITS[glued_tail].code
                    qualifier = "between" if qualifier == "exact" else qualifier
                    used_until = nxt_end
        per, n = rate_after(doc, last, unit)  # "$3,500 a month", "63 cents per share"
        last += n
        if not per and last < len(doc) and doc[last].pos_ == "NOUN" and number.head.i == last:
            per = rate_after(doc, last + 1, unit)[0]  # "3,000 tests a day", "78,000 times a minute"
        age_of = [t.lower_ for t in doc[max(first - 2, 0) : first]] == ["age", "of"]
        if unit in {"count", "year_span"} and age_of:
            unit = "age"  # "under the age of 5 years"
        if age_of and qualifier == "exact" and first >= 3 and doc[first - 3].lower_ == "the":
            words = [t.lower_ for t in doc[max(first - 3 - MAX_QUALIFIER_WORDS, 0) : first - 3]]
            hedge = match_phrase(words, QUALIFIERS, MAX_QUALIFIER_WORDS)
            qualifier = hedge[0] if hedge else qualifier  # "under the age of 5": the hedge is the age's
        previous = figures[-1] if figures else None
        if previous is not None and qualifier == "exact" and doc[previous.end : first].text.strip() == "(":
            qualifier = previous.qualifier  # "approximately 300 kilometers (185 miles)": the same hedge
        change = change_verb(number)
        if first > 0 and doc[first - 1].lower_ == "to":
            change = None  # the level reached, though parsed as the verb's object ("by $43.6bn to $419.2bn")
        adverb = doc[first - 1].lower_ if first > 0 else ""
        if first > 0 and doc[first - 1].dep_ == "prt" and doc[first - 1].head.lemma_ in IDIOM_PARTICLE_VERBS:
            adverb = ""  # "gave up 517 yards", "made up 30%": no rise or fall
        if sign == "-" and dimension(unit) not in {"share", "point"}:
            sign = ""  # "-5 yards", "-40 degrees": a level below zero, not a fall ("-1.3%" is a move)
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

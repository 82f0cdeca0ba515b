"""Elided units and referents: a bare number that leans on a figure of its sentence.

"435 homes by open sale and 187 by tender", "the highest forecast is 84.75 cents, the lowest 74.07", "rose
64.06 points to 4,577.10", "from 208 pounds to 193", "about 8 or $9": the writer names the unit or the thing
counted once. A bare number (a ``count`` with no referent) takes the unit, rate and referent of the figure it
is conjoined with in the parse, else of the figure joined to it right after by "or", "to" or a dash, else of
the nearest figure before it in the sentence (a duration only right before it: "Seven days earlier the tally
stood at 112" counts cases, not days). A rise or fall in percent gives no unit to a level ("rose 6.5%
to 164"), nor does a year, an age or a share; one side of a score ("2-2") and a factor ("sixfold") take
nothing. A number with a suspended hyphen takes all of the number that completes it ("a 7- or 8-inch
screen", "four-, five- and six-cylinder engines").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from helpers.figures.numbers import dimension

#: Words that join a bare number to the figure right after it: "about 8 or $9", "from 4.8 to 4.7 percent".
JOINERS = frozenset({"or", "to", "-", "–", "—"})


def _bare(figure) -> bool:
    return (
        figure.unit == "count" and not figure.referent and not figure.indefinite and figure.value_max is None
    )


def _donor(figure, level: bool) -> bool:
    if figure.unit in {"year", "age", "fraction"} or figure.indefinite or _bare(figure):
        return False
    if level and dimension(figure.unit) == "share" and figure.change != "none":
        return False  # "rose 6.5% to 164p": a level is not in the percent of the move
    return figure.unit != "count" or bool(figure.referent)


def _is_level(number: Token) -> bool:
    """A level reached or left ("to 164", "at 1,334.20", "from 208"), not an amount ("decreased by 1")."""
    return number.dep_ == "pobj" and number.head.lower_ in {"to", "at", "from"}


def _is_score(doc: Doc, figure) -> bool:
    """One side of a score or a tally: "2-2", "9-2", "89-89"."""
    start, end = figure.start, figure.end
    after = end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].like_num
    before = start > 1 and doc[start - 1].text == "-" and doc[start - 2].like_num
    return after or before


def _conj_donor(doc: Doc, number: Token, candidates: list):
    """The figure a bare number is conjoined with: "68400 people who ... and 95800 who ..."."""
    head = number.head
    if number.dep_ != "conj" or head is number:
        return None
    for other in candidates:
        names_head = head.pos_ == "NOUN" and other.referent_head == head.lemma_.lower()
        if other.start <= head.i < other.end or names_head:
            return other
    return None


def _suspended_donor(doc: Doc, figures: list):
    """The figure that completes a suspended one: "8-inch" for "7-" in "a 7- or 8-inch screen", "six-cylinder"
    for "four-" and "five-" in "four-, five- and six-cylinder engines" (only joiners between)."""
    for before, after in zip(figures, figures[1:], strict=False):
        between = [t.lower_ for t in doc[before.end : after.start]]
        if len(between) > 1 or not set(between) <= JOINERS | {",", "and"}:
            return None
        if not doc[after.end - 1].text.endswith("-"):
            return after if _donor(after, False) else None
    return None


def _adjacent(doc: Doc, before, figure) -> bool:
    """Only a joiner or "and" between two figures: "three days to five", "two days and three"."""
    between = [t.lower_ for t in doc[before.end : figure.start]]
    return len(between) <= 1 and all(w in JOINERS or w == "and" for w in between)


def fill_elided(doc: Doc, figures: list) -> list:
    """``figures`` (one doc, reading order) with each bare number given its neighbour's unit and referent."""
    for k, figure in enumerate(figures):
        suspended = _suspended_donor(doc, figures[k:]) if doc[figure.end - 1].text.endswith("-") else None
        if suspended is not None:  # the compound it leaves to a later number is that number's, parse or not
            _take(figure, suspended)
            continue
        if not _bare(figure) or _is_score(doc, figure) or doc[figure.end - 1].lower_.endswith("fold"):
            continue  # a factor ("grew sixfold to $3.7 billion") is in no unit
        number = doc[figure.end - 1]
        sentence = number.sent
        level = _is_level(number)
        same = [o for o in figures if o is not figure and sentence.start <= o.start < sentence.end]
        donor = _conj_donor(doc, number, [o for o in same if _donor(o, level)])
        if donor is None and k + 1 < len(figures):
            other = figures[k + 1]
            between = [t.lower_ for t in doc[figure.end : other.start]]
            joined = len(between) == 1 and between[0] in JOINERS
            if other.start < sentence.end and joined and _donor(other, level):
                donor = other  # "about 8 or $9", "eight or nine euros"
        if donor is None:
            donor = next((o for o in reversed(figures[:k]) if o in same and _donor(o, level)), None)
            if donor is not None and dimension(donor.unit) == "time" and not _adjacent(doc, donor, figure):
                donor = None  # "Seven days earlier the tally stood at 112": a time adverbial, not the unit
        if donor is not None:
            _take(figure, donor)
    return figures


def _take(figure, donor) -> None:
    """``figure`` in ``donor``'s unit, rate and referent."""
    figure.unit, figure.per = donor.unit, donor.per
    figure.referent, figure.referent_key = donor.referent, donor.referent_key
    figure.referent_head = donor.referent_head

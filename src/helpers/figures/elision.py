"""Elided units and referents: a bare number that leans on a figure of its sentence.

"435 homes by open sale and 187 by tender", "the highest forecast is 84.75 cents, the lowest 74.07", "rose
64.06 points to 4,577.10", "from 208 pounds to 193", "about 8 or $9": the writer names the unit or the thing
counted once. A bare number (a ``count`` with no referent) takes the unit, rate and referent of the nearest
figure before it in the sentence, or of the figure it is joined to right after it by "or", "to" or a dash.
A rise or fall in percent gives no unit to the level next to it ("rose 6.5% to 164"), nor does a year, an
age or a share.
"""

from __future__ import annotations

from spacy.tokens import Doc

from helpers.figures.numbers import dimension

#: Words that join a bare number to the figure right after it: "about 8 or $9", "from 4.8 to 4.7 percent".
JOINERS = frozenset({"or", "to", "-", "–", "—"})


def _bare(figure) -> bool:
    return (
        figure.unit == "count" and not figure.referent and not figure.indefinite and figure.value_max is None
    )


def _donor(figure) -> bool:
    if figure.unit in {"year", "age", "fraction"} or figure.indefinite or _bare(figure):
        return False
    if dimension(figure.unit) == "share" and figure.change != "none":
        return False  # "rose 6.5% to 164p": the level is not in percent
    return figure.unit != "count" or bool(figure.referent)


def fill_elided(doc: Doc, figures: list) -> list:
    """``figures`` (one doc, reading order) with each bare number given its neighbour's unit and referent."""
    for k, figure in enumerate(figures):
        if not _bare(figure):
            continue
        sentence = doc[figure.start].sent
        donor = None
        for other in reversed(figures[:k]):
            if other.start < sentence.start:
                break
            if _donor(other):
                donor = other
                break
        if donor is None and k + 1 < len(figures):
            other = figures[k + 1]
            between = [t.lower_ for t in doc[figure.end : other.start]]
            if other.start < sentence.end and len(between) == 1 and between[0] in JOINERS and _donor(other):
                donor = other
        if donor is not None:
            figure.unit, figure.per = donor.unit, donor.per
            figure.referent, figure.referent_key = donor.referent, donor.referent_key
            figure.referent_head = donor.referent_head
    return figures

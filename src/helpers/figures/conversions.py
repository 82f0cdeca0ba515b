"""Converted pairs as one figure: "50 kilometres (31 miles)", "300 km (185 miles)", "$5 million (€4.6
million)", "40C (104F)".

News copy often gives a figure twice, in two units of one dimension or in two currencies. Read as two figures,
a rewrite that keeps only one unit would show the other as dropped; so the second becomes the first's
``alt_value`` / ``alt_unit`` / ``alt_text``, and matching compares a figure of another article with either.
A restatement in another measure ("lost 190 points, or 0.6%") stays a figure of its own, but takes the
rise or fall of the figure it restates.
"""

from __future__ import annotations

import re
from typing import Protocol

from spacy.tokens import Doc

from helpers.figures.numbers import dimension
from helpers.figures.rates import rate_after

#: "37m (121ft)": digits with a glued "m" before a length in brackets are metres, not millions.
_GLUED_M = re.compile(r"^\d+(?:\.\d+)?m$", re.I)


class _Figure(Protocol):
    start: int
    end: int
    value: float
    unit: str
    qualifier: str
    change: str
    alt_value: float | None
    alt_unit: str
    alt_text: str


def _convertible(first: _Figure, second: _Figure) -> bool:
    """Two units of one dimension (km and mi; °C and °F), or two currencies."""
    if first.unit == second.unit:
        return False
    a, b = dimension(first.unit), dimension(second.unit)
    return a == b and a not in {"count", "year", "age", "share", "point"}


def _restated(doc: Doc, previous, figure) -> bool:
    """The same move said again after "or": "lost 190 points, or 0.6%", "grew by 125,600 positions or 2.2
    per cent" (only the noun the first number counts may stand between it and "or")."""
    between = [t for t in doc[previous.end : figure.start] if t.text != ","]
    if not between or between[-1].lower_ != "or":
        return False
    head = doc[previous.end - 1].head.i
    return all(t.i == head for t in between[:-1])


def merge_conversions(doc: Doc, figures: list) -> list:
    """``figures`` (in reading order) with each bracketed conversion folded into the figure it converts."""
    out: list = []
    for figure in figures:
        previous = out[-1] if out else None
        if previous is not None and previous.alt_value is None:
            between = doc[previous.end : figure.start].text.strip()
            closes = figure.end < len(doc) and doc[figure.end].text in {")", "/"}
            if between == "(" and closes:
                if (
                    previous.unit == "count"
                    and _GLUED_M.match(doc[previous.start : previous.end].text)
                    and dimension(figure.unit) == "length"
                ):
                    previous.value, previous.unit = previous.value / 1e6, "m"  # "37m (121ft)"
                if _convertible(previous, figure):
                    previous.alt_value = figure.value
                    previous.alt_unit = figure.unit
                    previous.alt_text = doc[figure.start : figure.end].text
                    previous.per = previous.per or figure.per  # "C $6 (US $4.46) per share"
                    if doc[figure.end].text == ")":
                        previous.end = figure.end + 1  # the figure as written: "300 km (185 miles)"
                        per, n = ("", 0) if previous.per else rate_after(doc, previous.end, previous.unit)
                        if per:  # "C $6 (US $4.46) per share": the rate after the brackets is both's
                            previous.per, previous.end = per, previous.end + n
                    continue
            if _restated(doc, previous, figure) and figure.change == "none" and previous.change != "none":
                figure.change = previous.change  # "lost 190 points, or 0.6%"
        out.append(figure)
    return out

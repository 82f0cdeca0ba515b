"""Reading numbers: digits, number words, scales and fractions to a float, from readable tables.

The tables live in ``data/``: ``number_words.csv`` (words and scales), ``units.csv`` (unit words, codes and
dimensions), ``qualifiers.csv`` (hedges folded to one spelling per meaning) and ``change_words.csv``
(verbs and nouns of rise and fall).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources


def _rows(name: str) -> list[dict[str, str]]:
    with resources.files("helpers").joinpath(f"data/{name}").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class Unit:
    """A unit: its code (``km``), dimension (``length``) and size in the dimension's base unit."""

    code: str
    dimension: str
    per_base: float


NUMBER_WORDS: dict[str, tuple[float, str]] = {
    r["word"]: (float(r["value"]), r["kind"]) for r in _rows("number_words.csv")
}
UNITS: dict[str, Unit] = {
    r["word"]: Unit(r["unit"], r["dimension"], float(r["per_base"])) for r in _rows("units.csv")
}
QUALIFIERS: dict[str, str] = {r["phrase"]: r["qualifier"] for r in _rows("qualifiers.csv")}
CHANGE_WORDS: dict[str, str] = {r["word"]: r["change"] for r in _rows("change_words.csv")}
UNIT_BY_CODE: dict[str, Unit] = {u.code: u for u in UNITS.values()}
#: Longest unit and qualifier phrases, in words.
MAX_UNIT_WORDS = max(len(w.split()) for w in UNITS)
MAX_QUALIFIER_WORDS = max(len(p.split()) for p in QUALIFIERS)

_DIGITS = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS_SCALE = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(k|m|bn|mln|bln)$", re.I)


def is_number_word(word: str) -> bool:
    """A token that can be part of a number: digits, a number word or a scale."""
    lower = word.lower()
    return bool(_DIGITS.match(lower) or _DIGITS_SCALE.match(lower)) or lower in NUMBER_WORDS


def parse_number(words: list[str]) -> float | None:
    """The value of a number expression: "14,000", "two million", "1.5 bn", "a dozen", "two thirds", "half".

    Returns None when the words hold no number.
    """
    total, current, seen, fraction = 0.0, 0.0, False, None
    for raw in words:
        word = raw.lower().strip()
        if word in {"a", "an", "and", "-", "one-"}:
            continue
        scaled = _DIGITS_SCALE.match(word)
        if scaled:
            current += float(scaled.group(1).replace(",", ""))
            total += current * NUMBER_WORDS[scaled.group(2).lower()][0]
            current, seen = 0.0, True
        elif _DIGITS.match(word):
            current += float(word.replace(",", ""))
            seen = True
        elif word in NUMBER_WORDS:
            value, kind = NUMBER_WORDS[word]
            if kind == "cardinal":
                current += value
            elif kind == "scale" and value == 100:
                current = (current or 1.0) * value
            elif kind == "scale":
                total += (current or 1.0) * value
                current = 0.0
            elif kind == "fraction":
                fraction = (current or 1.0) * value
                current = 0.0
            seen = True
        else:
            return None
    if not seen:
        return None
    if fraction is not None and not total and not current:
        return fraction
    return total + current

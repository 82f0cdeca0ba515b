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
    """A unit: its code (``km``), dimension (``length``), size in the dimension's base unit and the offset of
    its zero (only temperatures have one: 0 °F is -17.8 °C)."""

    code: str
    dimension: str
    per_base: float
    offset: float = 0.0

    def to_base(self, value: float) -> float:
        """``value`` in this unit, expressed in the dimension's base unit (km → m, °F → °C)."""
        return value * self.per_base + self.offset

    def from_base(self, value: float) -> float:
        """A value in the dimension's base unit, expressed in this unit."""
        return (value - self.offset) / self.per_base


NUMBER_WORDS: dict[str, tuple[float, str]] = {
    r["word"]: (float(r["value"]), r["kind"]) for r in _rows("number_words.csv")
}
#: Unit words, lower case; a word written with capitals matches only as written ("Nm", newton metres, is
#: not "nm", nanometres: SI symbols that differ by case alone).
UNITS: dict[str, Unit] = {
    r["word"]: Unit(r["unit"], r["dimension"], float(r["per_base"]), float(r["offset"] or 0))
    for r in _rows("units.csv")
}
QUALIFIERS: dict[str, str] = {r["phrase"]: r["qualifier"] for r in _rows("qualifiers.csv")}
CHANGE_WORDS: dict[str, str] = {r["word"]: r["change"] for r in _rows("change_words.csv")}
UNIT_BY_CODE: dict[str, Unit] = {u.code: u for u in UNITS.values()}
#: Unit symbols that mean something else in capitals: "45g" is grams, "5G" a network generation.
NOT_IN_CAPITALS = frozenset({"g"})


def is_unit_word(written: str) -> bool:
    """A word of the units table as written: in its own case when the table has capitals ("Nm"), else in
    lower case, except a symbol that in capitals is something else ("G")."""
    if written in UNITS:
        return True
    lower = written.lower()
    return lower in UNITS and not (lower in NOT_IN_CAPITALS and written != lower)


#: A fraction ("three quarters") is a share of the whole, as a percent is in hundredths: both sit on one
#: scale, the ``share`` dimension, so "three quarters", "75 percent" and "75%" all compare as 0.75.
UNIT_BY_CODE["fraction"] = Unit("fraction", "share", 1.0)
#: Longest unit and qualifier phrases, in words.
MAX_UNIT_WORDS = max(len(w.split()) for w in UNITS)
MAX_QUALIFIER_WORDS = max(len(p.split()) for p in QUALIFIERS)

#: Prefixes glued to a number that do not make it a name: "~1.2mm" (about), "minus-260" (below zero),
#: "sub-300 sq m" (under), "now-18" (nothing).
GLUED_PREFIXES = {"~": "about", "≈": "about", "minus-": "minus", "sub-": "under", "now-": ""}
_PREFIXED = re.compile(r"^(~|≈|minus-|sub-|now-)(?=[\d.])", re.I)


def unprefix(word: str) -> tuple[str, str]:
    """A number's glued prefix and the rest: "~80" → ("~", "80"); "minus-260" → ("minus-", "260")."""
    found = _PREFIXED.match(word)
    return (found[1].lower(), word[found.end() :]) if found else ("", word)


_DIGITS = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGITS_SCALE = re.compile(r"^((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(k|m|bn|mln|bln)$", re.I)


#: A token that glues letters to digits: "US55,931,000", "RM23.50", "15kHz", "1.2bn", "-1.3", ".500", "32m2",
#: "25.5″".
_GLUED = re.compile(
    r"^(?P<pre>[a-z$=]*?)(?P<num>[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?)(?P<suf>[a-z°/]*[23]?|[″′])$",
    re.I,
)


#: A written fraction: "1/2", "3/4", "1⁄32" (a proper fraction only: "24/7" or "9/11" are not shares).
_SLASH = re.compile(r"^(\d{1,3})[/⁄](\d{1,3})$")


def slash_fraction(word: str) -> float | None:
    """The value of a fraction written with a slash ("3/4" → 0.75), or None."""
    found = _SLASH.match(word)
    if not found or not 0 < int(found[1]) < int(found[2]):
        return None
    return int(found[1]) / int(found[2])


#: Currency signs as ASCII transliteration writes them (unidecode and news feeds folded to ASCII): "£6m"
#: becomes "PS6m". Only glued to a number and in capitals: "ps" alone is metric horsepower ("300 PS"); on a
#: lone digit it is a name ("PS5", a games console: :func:`helpers.figures.spans.skip_span`). "¥" as "Y="
#: is an ordinary row of ``units.csv``, as nothing else is written so.
TRANSLITERATED_SIGNS = {"PS": "£"}


def split_token(word: str) -> tuple[str, str, str] | None:
    """A token that is a number with letters glued on: (currency prefix, digits, scale or unit suffix).

    The prefix must be a money unit ("US", "RM", "Y=", "PS" for "£") and the suffix a scale ("m", "bn") or a
    unit ("kHz", "GB"); otherwise the token is a name ("G7", "5G", "MP3") and None is returned.
    """
    found = _GLUED.match(unprefix(word)[1])  # "~45g" is "45g" about
    if not found or not any(c.isdigit() for c in found["num"]):
        return None
    pre = found["pre"].lower()
    if found["pre"] in TRANSLITERATED_SIGNS:
        pre = TRANSLITERATED_SIGNS[found["pre"]]
    suf = found["suf"] if found["suf"] in UNITS else found["suf"].lower()  # "450Nm" is not "450nm"
    if found["suf"] and not is_unit_word(found["suf"]) and NUMBER_WORDS.get(suf, (0, ""))[1] != "scale":
        return None  # "5G": a name
    if pre and not (pre in UNITS and UNITS[pre].dimension == "money"):
        if not ("$" + pre in UNITS or pre + "$" in UNITS):
            return None
    if suf and not (suf in UNITS or NUMBER_WORDS.get(suf, (0, ""))[1] == "scale"):
        return None
    return pre, found["num"], suf


def is_number_word(word: str) -> bool:
    """A token that can be part of a number: digits, a number word or a scale."""
    lower = unprefix(word.lower())[1]
    return (
        bool(_DIGITS.match(lower) or _DIGITS_SCALE.match(lower) or split_token(word))
        or lower in NUMBER_WORDS
        or slash_fraction(lower) is not None
    )


def parse_number(words: list[str]) -> float | None:
    """The value of a number expression: "14,000", "two million", "1.5 bn", "a dozen", "two thirds", "half".

    Returns None when the words hold no number.
    """
    total, current, seen, fraction = 0.0, 0.0, False, None
    for raw in words:
        word = unprefix(raw.lower().strip())[1]
        glued = split_token(unprefix(raw.strip())[1])  # as written: a transliterated sign is in capitals
        if word in {"a", "an", "and", "-", "one-"}:
            continue
        if len(word) > 1 and word.endswith("-"):  # a suspended hyphen: "7-" in "7- or 8-inch"
            word = word[:-1]
        scaled = _DIGITS_SCALE.match(word)
        if scaled:
            current += float(scaled.group(1).replace(",", ""))
            total += current * NUMBER_WORDS[scaled.group(2).lower()][0]
            current, seen = 0.0, True
        elif _DIGITS.match(word):
            current += float(word.replace(",", ""))
            seen = True
        elif slash_fraction(word) is not None:
            fraction = (current or 1.0) * slash_fraction(word)  # type: ignore[operator]
            current, seen = 0.0, True
        elif glued:
            _, digits, suffix = glued
            current += float(digits.replace(",", ""))
            if NUMBER_WORDS.get(suffix, (0, ""))[1] == "scale":
                total += current * NUMBER_WORDS[suffix][0]
                current = 0.0
            seen = True
        elif word in NUMBER_WORDS and NUMBER_WORDS[word][1] != "plural":
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


def dimension(unit: str) -> str:
    """What a unit measures (``km`` and ``mi`` → ``length``; ``percent`` and ``fraction`` → ``share``); a
    unit the table does not know (``count``, ``age``, ``year``) is its own dimension."""
    known = UNIT_BY_CODE.get(unit)
    return known.dimension if known else unit


def in_base(value: float, unit: str) -> float:
    """``value`` in its dimension's base unit: a share from 0 to 1, metres, seconds, kilograms; currencies
    and counts as written (no fixed rate between currencies)."""
    known = UNIT_BY_CODE.get(unit)
    return known.to_base(value) if known else value

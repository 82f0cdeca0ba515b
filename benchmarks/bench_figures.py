"""Figures on NewsQuant: value, value+unit and value+change P/R/F1, with quantulum3 as the peer.

Scoring (bench README): per sentence, a predicted quantity matches a gold one when the values are equal
(one-to-one); value+unit also needs the unit to agree, value+change the change class
(``=`` exact, ``~`` about/nearly, ``>`` over/at least, ``<`` under/up to, ``up``/``down`` a rise or fall).

Values are equal, nothing looser: a gold value is one number ("6.0", "1.99E-29", "-1.4") or a pair
("252.0-287.0", a range or a from-to); a single prediction equals a single gold number, a predicted range
(``value``..``value_max``) equals a gold pair with the same two ends. One end of a range is not the range.

Units: NewsQuant names units as quantulum does ("kilometre", "percentage", "dollar"); Recount's unit codes
are mapped to those names below. For counted things NewsQuant's unit is the noun counted ("people", "home",
"european country"): Recount's ``count`` agrees when the head noun of that phrase is the head of Recount's
``referent`` (or gold says "-", "count" or "unit"). The head rule is for counted nouns only: a measurement
unit agrees only by its own name ("square metre" is not "metre", "dollar per share" is not "share").
Recount's ``fraction`` agrees with NewsQuant's share units ("% condo").

Prediction policy: NewsQuant annotates no calendar years, so figures Recount marks with unit ``year`` (a
calendar year such as "in 2018"; a span of years has unit ``year_span``) are not predicted. A "from X to Y"
that Recount keeps as two levels is predicted as one quantity, the pair, as NewsQuant annotates it
(:func:`from_to_pairs`).
Change class: a hedge (over, about, up to...) wins over a rise or fall, as NewsQuant annotates "climbed
more than 3%" as ``>``.
"""

from __future__ import annotations

import math
import re
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from datasets import QuantSentence, load_newsquant
from scoring import PRF, sample_block

from helpers.story import stories_from_texts

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

#: Recount unit code → NewsQuant / quantulum normalised unit name(s).
UNIT_NAMES: dict[str, set[str]] = {
    "percent": {"percentage"},
    "USD": {"dollar", "united states dollar"},
    "HKD": {"hong kong dollar", "dollar"},
    "SGD": {"singapore dollar", "dollar"},
    "NZD": {"new zealand dollar", "dollar"},
    "MYR": {"malaysian ringgit"},
    "ILS": {"shekel"},
    "cent": {"cent"},
    "sen": {"sen"},
    "pence": {"penny", "pence"},
    "hp": {"horsepower"},
    "bhp": {"brake horsepower"},
    "mmBtu": {"mega british thermal unit"},
    "W": {"watt"},
    "kW": {"kilowatt"},
    "MW": {"megawatt"},
    "GW": {"gigawatt"},
    "kWh": {"kilowatt hour"},
    "GWh": {"gigawatt hour"},
    "Hz": {"hertz"},
    "kHz": {"kilohertz"},
    "MHz": {"megahertz"},
    "GHz": {"gigahertz"},
    "GB": {"gigabyte"},
    "MB": {"megabyte"},
    "TB": {"terabyte"},
    "Mbps": {"megabit per second"},
    "mAh": {"milliampere-hour"},
    "mpg": {"mile per gallon"},
    "mg": {"milligram"},
    "ml": {"millilitre"},
    "oz": {"ounce"},
    "Gt": {"gigaton", "gigatonne"},
    "bbl": {"barrel"},
    "bbl/d": {"barrel per day"},
    "nm": {"nanometre"},
    "um": {"micrometre"},
    "m2": {"square metre"},
    "ft2": {"square foot"},
    "kn": {"knot"},
    "ksi": {"kilopound per square inch"},
    "MPa": {"megapascal"},
    "GPa": {"gigapascal"},
    "kV": {"kilovolt"},
    "dB": {"decibel"},
    "ppb": {"parts-per-billion"},
    "ppm": {"part per million"},
    "pint": {"pint"},
    "quart": {"quart"},
    "EUR": {"euro"},
    "GBP": {"pound sterling"},
    "JPY": {"japanese yen"},
    "CNY": {"chinese yuan"},
    "AUD": {"australian dollar"},
    "CAD": {"canadian dollar"},
    "INR": {"indian rupee"},
    "km": {"kilometre"},
    "mi": {"mile"},
    "m": {"metre"},
    "cm": {"centimetre"},
    "mm": {"millimetre"},
    "in": {"inch"},
    "ft": {"foot"},
    "yd": {"yard"},
    "kg": {"kilogram"},
    "g": {"gram"},
    "lb": {"pound-mass", "pound"},
    "t": {"tonne", "ton", "metric ton"},
    "age": {"year of age"},
    "year_span": {"year"},
    "day": {"day"},
    "month": {"month"},
    "week": {"week"},
    "hour": {"hour"},
    "minute": {"minute"},
    "second": {"second"},
    "mph": {"mile per hour"},
    "kmh": {"kilometre per hour"},
    "l": {"litre"},
    "gal": {"gallon"},
    "C": {"celsius", "degree celsius"},
    "F": {"fahrenheit", "degree fahrenheit"},
    "degree": {"degree", "degree angle"},
    "point": {"point"},
    "bp": {"basis point"},
    "mi2": {"square mile"},
    "km2": {"square kilometre"},
    "ft3": {"cubic foot"},
    "m3": {"cubic metre"},
    "rpm": {"revolutions per minute", "revolution per minute"},
    "kcal": {"calorie", "kilocalorie"},
    "lbft": {"pound-foot", "foot pound-force"},
    "Nm": {"newton metre"},
    "PS": {"metric horsepower", "horsepower"},
    "ppg": {"point per game"},
    "rpg": {"rebound per game"},
    "apg": {"assist per game"},
    "WAR": {"win above replacement"},
    "ERA": {"earned run average"},
    "decade": {"decade"},
    "century": {"century"},
    "CHF": {"swiss franc"},
    "DKK": {"danish krone"},
    "SEK": {"swedish krona"},
    "NOK": {"norwegian krone"},
    "RUB": {"russian ruble"},
    "KRW": {"south korean won"},
    "MXN": {"mexican peso"},
    "BRL": {"brazilian real"},
    "ZAR": {"south african rand"},
    "TRY": {"turkish lira"},
    "NGN": {"nigerian naira"},
    "THB": {"thai baht"},
    "AED": {"united arab emirates dirham"},
    "SAR": {"saudi riyal"},
    "IDR": {"indonesian rupiah"},
    "PLN": {"polish zloty"},
    "HUF": {"hungarian forint"},
    "UAH": {"ukrainian hryvnia"},
    "fraction": {"-", "count", "%"},
    "count": set(),
}
CHANGE_OF_QUALIFIER = {
    "exact": "=",
    "about": "~",
    "nearly": "~",
    "over": ">",
    "at least": ">",
    "under": "<",
    "up to": "<",
}
_NUMBER = r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_GOLD_VALUE = re.compile(rf"\s*({_NUMBER})\s*(?:-\s*({_NUMBER})\s*)?")


@dataclass
class Quantity:
    value: float
    unit: set[str]  # acceptable normalised unit names
    change: str
    text: str = ""
    value_max: float | None = None
    why: str = ""  # diagnostics only: Recount's qualifier and change behind ``change``

    @property
    def values(self) -> tuple[float, ...]:
        """One number, or a range's two ends (low first)."""
        if self.value_max is None:
            return (self.value,)
        return tuple(sorted((self.value, float(self.value_max))))


@dataclass
class FigureScores:
    value: PRF = field(default_factory=lambda: PRF(0, 0, 0, 0))
    unit: PRF = field(default_factory=lambda: PRF(0, 0, 0, 0))
    change: PRF = field(default_factory=lambda: PRF(0, 0, 0, 0))
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    wrong_units: list[str] = field(default_factory=list)
    wrong_changes: list[str] = field(default_factory=list)


def _gold_values(raw: str) -> tuple[float, ...]:
    """A NewsQuant value: one number ("6.0", "-1.4", "1.99E-29") or a pair ("252.0-287.0", "3.0 - 4.0"),
    low first; ``(nan,)`` (equal to nothing) when the field is neither."""
    found = _GOLD_VALUE.fullmatch(str(raw).replace(",", ""))
    if not found:
        return (math.nan,)
    return tuple(sorted(float(x) for x in found.groups() if x is not None))


def values_equal(gold: tuple[float, ...], pred: tuple[float, ...]) -> bool:
    """The bench rule "the values are equal": the same number, or a range with the same two ends."""
    return len(gold) == len(pred) and all(
        math.isclose(g, p, rel_tol=1e-6, abs_tol=1e-9) for g, p in zip(gold, pred, strict=True)
    )


_IRREGULAR = {"children": "child", "people": "people", "men": "man", "women": "woman", "feet": "foot"}


def _head(phrase: str) -> str:
    """The last word, singular: "Kia and Hyundai vehicles" -> "vehicle", "deputies" -> "deputy"."""
    words = re.findall(r"[a-z]+", phrase.lower())
    if not words:
        return ""
    word = words[-1]
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _names(unit: str, referent: str, head: str, per: str) -> set[str]:
    """NewsQuant names for a Recount unit, a counted noun's head, and a rate ("dollar per month")."""
    names = set(UNIT_NAMES.get(unit, {unit.lower()}))
    if unit == "count":
        names = {_head(referent), head, "-", "count", "unit"} - {""}
    if per:
        per_name = sorted(UNIT_NAMES.get(per, {per}))[0] if per in UNIT_NAMES else per
        names = {f"{name} per {per_name}" for name in names if name not in {"-", "unit"}}
    return names


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


#: How a level's number hangs under its preposition: "from $75 U.S. per barrel", "to 14.0 mm".
_LEVEL_DEPS = frozenset({"nummod", "compound", "quantmod", "appos", "nmod", "amod"})


def _level_prep(doc: Doc, start: int, end: int) -> Token | None:
    """The preposition whose object a figure is ("from", "to"), or None: from the figure's root up through
    the noun it numbers or the unit it measures."""
    token = doc.char_span(start, end, alignment_mode="expand").root
    for _ in range(4):
        if token.dep_ == "pobj":
            return token.head
        if token.dep_ not in _LEVEL_DEPS or token.head is token:
            return None
        token = token.head
    return None


def _ranged(figure) -> bool:
    """A range already ("5 to 7 per cent") or a converted pair ("$75 (€66)")."""
    return _present(figure.value_max) or _present(getattr(figure, "alt_value", None))


def from_to_pairs(doc: Doc, figures: list) -> list[tuple[int, int]]:
    """Figures written as "from X to Y" (indices into ``figures``): the level left and the level reached of
    one move or span ("dropping from 208 pounds to 193", "increased from 13.5 to 14.0 mm").

    Recount keeps them as two levels; NewsQuant's gold writes one quantity whose value is the pair
    ("208.0-193.0": its annotation convention, seen in the data, not a rule of ``../shared/bench/README.md``),
    so the bench predicts the pair, which the scorer still requires to equal the gold pair end for end.
    Grammar, not nearness: X is the object
    of "from", Y the object of a later "to" hung on the same word as the "from" or inside the "from"
    phrase, or both are in one "from" phrase joined by "to" alone (spaCy often parses "from 240 to 273" so);
    neither is a range already ("from 5 to 7 per cent to 3 to 5 per cent").
    """
    preps = [_level_prep(doc, int(f.start), int(f.end)) for f in figures]
    pairs, used = [], set()
    for i, (left, low) in enumerate(zip(figures, preps, strict=True)):
        if low is None or low.lower_ != "from" or i in used or _ranged(left):
            continue
        for j in range(i + 1, len(figures)):
            high, right = preps[j], figures[j]
            if high is None or j in used or _ranged(right):
                continue
            between = doc.char_span(int(left.end), int(right.start), alignment_mode="expand")
            joined = high == low and between is not None and [t.lower_ for t in between] == ["to"]
            hung = high.lower_ == "to" and (high.head == low.head or high.head in low.subtree)
            if joined or hung:
                pairs.append((i, j))
                used |= {i, j}
                break
    return pairs


def _quantity(f, per: str, names: set[str]) -> Quantity:
    change = str(getattr(f, "change", "") or "")
    klass = CHANGE_OF_QUALIFIER.get(str(f.qualifier), "=")
    if klass == "=" and change in ("up", "down"):
        klass = change
    high = f.value_max if _present(f.value_max) else None
    return Quantity(float(f.value), names, klass, str(f.text), high, f"{f.qualifier}/{change}")


def recount_quantities(sentences: list[QuantSentence]) -> list[list[Quantity]]:
    """Recount's figures as NewsQuant quantities; a converted pair's ``alt_value`` ("$US113 trillion ($161
    trillion)") is a quantity of its own, as NewsQuant annotates both; a "from X to Y" is one quantity, the
    pair (:func:`from_to_pairs`), in X's unit (Y's when X is a bare number), exact unless both ends share a
    hedge."""
    stories = stories_from_texts({f"s{i}": s.text for i, s in enumerate(sentences)})
    out = []
    for story in stories:
        (article_id,) = story.article_ids
        rows = [f for f in story.table("figures").itertuples() if _present(f.value) and f.unit != "year"]
        quantities = []
        for f in rows:
            per = str(getattr(f, "per", "") or "")
            head = str(getattr(f, "referent_head", "") or "")
            quantities.append(_quantity(f, per, _names(str(f.unit), str(f.referent or ""), head, per)))
        pairs = dict(from_to_pairs(story.docs[article_id], rows))
        highs = set(pairs.values())
        found = []
        for i, (f, q) in enumerate(zip(rows, quantities, strict=True)):
            if i in highs:
                continue
            if i in pairs:
                other = quantities[pairs[i]]
                bare = f.unit == "count" and not f.referent
                names = other.unit if bare else q.unit
                change = q.change if q.change == other.change else "="
                text = f"{q.text} .. {other.text}"
                found.append(Quantity(q.value, names, change, text, other.value, f"from-to {q.why}"))
                continue
            found.append(q)
            alt = getattr(f, "alt_value", None)
            if _present(alt):
                per = str(getattr(f, "per", "") or "")
                alt_names = _names(str(f.alt_unit), "", "", per)
                found.append(Quantity(float(alt), alt_names, q.change, str(f.alt_text), why=q.why))
        out.append(found)
    return out


def quantulum_quantities(sentences: list[QuantSentence]) -> list[list[Quantity]] | None:
    """The peer, or None when quantulum3 is not installed (it lives only in the bench environment)."""
    try:
        from quantulum3 import parser
    except ImportError:
        return None
    out = []
    for sentence in sentences:
        try:
            parsed = parser.parse(sentence.text)
        except Exception:  # noqa: BLE001 - the peer crashes on some inputs; count it as finding nothing
            parsed = []
        out.append([Quantity(float(q.value), {q.unit.name.lower()}, "=", q.surface) for q in parsed])
    return out


def _gold_unit_ok(gold: dict[str, str], pred: Quantity) -> bool:
    """The gold unit agrees with the prediction's: by name; a counted noun phrase ("european country") also
    by its head noun when Recount says it counts things; a gold share ("% condo") with Recount's fraction."""
    gold_unit = gold["normalized_unit"].lower().strip()
    if gold_unit in pred.unit:
        return True
    if gold_unit.startswith("%") and "%" in pred.unit:  # a share of something: "half the condos"
        return True
    counted_noun = " per " not in f" {gold_unit} " and " of " not in f" {gold_unit} "
    return "count" in pred.unit and counted_noun and _head(gold_unit) in pred.unit - {"count", "unit", "-"}


def score(sentences: list[QuantSentence], predictions: list[list[Quantity]]) -> FigureScores:
    scores = FigureScores()
    for sentence, preds in zip(sentences, predictions, strict=True):
        gold = sentence.quantities
        used: set[int] = set()
        pairs = []
        for j, g in enumerate(gold):
            values = _gold_values(g["value"])
            for i, p in enumerate(preds):
                if i not in used and values_equal(values, p.values):
                    used.add(i)
                    pairs.append((i, j))
                    break
        unit_ok = [(i, j) for i, j in pairs if _gold_unit_ok(gold[j], preds[i])]
        change_ok = [(i, j) for i, j in pairs if preds[i].change == gold[j]["change"]]
        scores.value += PRF(len(pairs), len(preds), len(pairs), len(gold))
        scores.unit += PRF(len(unit_ok), len(preds), len(unit_ok), len(gold))
        scores.change += PRF(len(change_ok), len(preds), len(change_ok), len(gold))
        matched_g = {j for _, j in pairs}
        matched_p = {i for i, _ in pairs}
        text = " ".join(sentence.text.split())[:120]
        scores.misses += [
            f"{g['value']} {g['unit']} — {text}" for j, g in enumerate(gold) if j not in matched_g
        ]
        scores.false_alarms += [
            f"'{p.text}' = {p.value:g} — {text}" for i, p in enumerate(preds) if i not in matched_p
        ]
        scores.wrong_units += [
            f"'{preds[i].text}': gold unit '{gold[j]['normalized_unit']}', ours {sorted(preds[i].unit)[:3]}"
            for i, j in pairs
            if (i, j) not in unit_ok
        ]
        scores.wrong_changes += [
            f"'{preds[i].text}': gold change '{gold[j]['change']}', ours '{preds[i].change}' "
            f"({preds[i].why}) — {text}"
            for i, j in pairs
            if (i, j) not in change_ok
        ]
    return scores


def run(limit: int | None = None) -> dict[str, FigureScores | None]:
    sentences = load_newsquant(limit)
    peer = quantulum_quantities(sentences)
    return {
        "sentences": len(sentences),  # type: ignore[dict-item]
        "recount": score(sentences, recount_quantities(sentences)),
        "quantulum3": None if peer is None else score(sentences, peer),
    }


def markdown(results: dict) -> str:
    lines = [
        "| system | value P | R | F1 | value+unit P | R | F1 | value+change P | R | F1 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for system in ("recount", "quantulum3"):
        scores = results[system]
        if scores is None:
            lines.append(f"| {system} (not installed) | | | | | | | | | |")
            continue
        cells = [*scores.value.row(), *scores.unit.row(), *scores.change.row()]
        lines.append(f"| {system} | {' | '.join(cells)} |")
    lines.append("| CQE (published) | 92.0 | 91.9 | **92.0** | 85.6 | 85.5 | **85.6** | | | **88.1** |")
    lines.append("| quantulum3 (published) | | | 73.0 | | | 47.2 | | | |")
    return "\n".join(lines)


def error_analysis(results: dict, n: int | None = 10) -> str:
    """Samples of each error class (``n`` of each; every error when ``n`` is None)."""
    scores: FigureScores = results["recount"]
    parts = []
    for title, items in (
        ("missed quantities", scores.misses),
        ("false alarms", scores.false_alarms),
        ("wrong units", scores.wrong_units),
        ("wrong change class", scores.wrong_changes),
    ):
        parts.append(sample_block(f"NewsQuant: {title}", items, n or max(len(items), 1)))
    return "\n".join(parts)


if __name__ == "__main__":
    # python bench_figures.py [LIMIT] [--all]: --all lists every error, not a sample of each class
    every = "--all" in sys.argv
    numbers = [a for a in sys.argv[1:] if a != "--all"]
    outcome = run(int(numbers[0]) if numbers else None)
    print(markdown(outcome))
    print()
    print(error_analysis(outcome, None if every else 10))

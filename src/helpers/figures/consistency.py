"""Does each article agree with itself? Unit conversions (a converted pair is one figure with ``alt_value``),
parts against their whole, impossible shares."""

from __future__ import annotations

import math
import re

import pandas as pd

from helpers.figures.numbers import UNIT_BY_CODE
from helpers.story import Story
from helpers.tables import by_article, register

CONSISTENCY_COLUMNS = ("article_id", "check", "figures", "verdict", "detail")
#: How far a stated conversion may be from the exact one (rounding in news copy).
CONVERSION_TOLERANCE = 0.1
#: Words between a whole and its part: "277 fatalities, including 28 civilians".
_PART_OF = re.compile(
    r"^\W*(?:\w+\W+){0,3}?(?:including|among them|among whom|of whom|of which|of them)\W", re.I
)


def _base(row: dict) -> float | None:
    unit = UNIT_BY_CODE.get(row["unit"])
    return None if unit is None else unit.to_base(row["value"])


def check_article(text: str, figures: pd.DataFrame) -> list[dict]:
    """Consistency rows for one article's figures (sorted by position)."""
    rows = []
    records = figures.sort_values("start").to_dict("records")  # rows as dicts: iloc per row is slow
    for k, a in enumerate(records):
        if a["unit"] == "percent" and a["value"] > 100 and a.get("change", "none") in ("none", None):
            rows.append(
                _row(
                    a,
                    None,
                    "percentage over 100",
                    "review",
                    f"{a['text']} is more than the whole, and no rise is stated",
                )
            )
        alt = a.get("alt_value")
        ua, ub = UNIT_BY_CODE.get(a["unit"]), UNIT_BY_CODE.get(str(a.get("alt_unit") or ""))
        if alt is not None and not pd.isna(alt) and ua and ub and ua.dimension == ub.dimension != "money":
            # a converted pair, one figure since extraction: "300 km (185 miles)"; no fixed rate for money
            exact = ub.from_base(_base(a))
            ok = math.isclose(exact, alt, rel_tol=CONVERSION_TOLERANCE)
            rows.append(
                _row(
                    a,
                    None,
                    "unit conversion",
                    "holds" if ok else "fails",
                    f"{a['text']} = {exact:,.4g} {ub.code}; the article says {a['alt_text']}",
                )
            )
        if k + 1 >= len(figures):
            continue
        b = records[k + 1]
        if a["sent_idx"] != b["sent_idx"]:
            continue
        between = text[int(a["end"]) : int(b["start"])]
        if _PART_OF.match(between) and a["unit"] == b["unit"] == "count":
            ok = b["value"] <= a["value"]
            rows.append(
                _row(
                    a,
                    b,
                    "part within whole",
                    "holds" if ok else "fails",
                    f"{b['text']} {'≤' if ok else '>'} {a['text']}",
                )
            )
    return rows


def _row(a: dict, b: dict | None, check: str, verdict: str, detail: str) -> dict:
    ids = str(int(a["figure_id"])) if b is None else f"{int(a['figure_id'])}, {int(b['figure_id'])}"
    return {
        "article_id": a["article_id"],
        "check": check,
        "figures": ids,
        "verdict": verdict,
        "detail": detail,
    }


def consistency(story: Story) -> pd.DataFrame:
    """The ``consistency`` table: every check run within each article, with its verdict."""
    figures = story.table("figures")
    figures_of = by_article(figures)  # the table split by article once, not filtered once per article
    rows = [
        row
        for article_id in story.article_ids
        for row in check_article(story.text(article_id), figures_of(article_id))
    ]
    return pd.DataFrame(rows, columns=list(CONSISTENCY_COLUMNS))


register("consistency", CONSISTENCY_COLUMNS, "Checks of each article's figures against each other.")(
    consistency
)

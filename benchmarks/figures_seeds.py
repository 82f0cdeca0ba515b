"""Figures on the seed story against ``../shared/gold/seeds/figures.csv`` and ``figure_matches.csv``.

A predicted figure matches a gold row when its span overlaps where the gold fragment stands in the article
and the values are equal (a converted pair, "300 kilometers (185 miles)", is one figure: its ``alt_value``
counts too). Recall counts required rows; precision counts predictions matching any gold row
(``required=no`` rows neither count for nor against); the qualifier is compared after folding both through
Recount's qualifier table ("more than" = "over", "approximately" = "about").
"""

from __future__ import annotations

import csv
import math
import sys
import time

import pandas as pd
from datasets import GOLD_DIR, DatasetMissing

from helpers import load_story
from helpers.figures.numbers import QUALIFIERS
from helpers.nlp.text import fold_quotes
from helpers.paths import DEFAULT_STORY


def _read(name: str) -> list[dict[str, str]]:
    path = GOLD_DIR / name
    if not path.exists():
        raise DatasetMissing(str(path))
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _places(text: str, fragment: str) -> list[tuple[int, int]]:
    folded, fragment = fold_quotes(text), fold_quotes(fragment)
    places, start = [], folded.find(fragment)
    while start >= 0:
        places.append((start, start + len(fragment)))
        start = folded.find(fragment, start + 1)
    return places


def _hits(story, figures, article_id: str, fragment: str, value: float | None = None) -> list:
    rows = figures[figures["article_id"] == article_id]
    found = []
    for start, end in _places(story.text(article_id), fragment):
        for row in rows.itertuples():
            alt = getattr(row, "alt_value", None)
            values = [row.value] + ([] if alt is None or pd.isna(alt) else [alt])
            if (
                row.start < end
                and start < row.end
                and (value is None or any(math.isclose(v, value) for v in values))
            ):
                found.append(row)
    return found


def _qualifier(name: str) -> str:
    return QUALIFIERS.get(name, name)


def score_figures(story, figures, gold: list[dict]) -> tuple[dict, list[str]]:
    matched_pred, found, qualifier_ok, lines = set(), 0, 0, []
    required = [g for g in gold if g["required"] == "yes"]
    for g in gold:
        hits = _hits(story, figures, g["article_id"], g["fragment"], float(g["value"]))
        for hit in hits:
            matched_pred.add((hit.article_id, hit.figure_id))
        if g["required"] != "yes":
            continue
        if hits:
            found += 1
            if _qualifier(hits[0].qualifier) == _qualifier(g["qualifier"]):
                qualifier_ok += 1
            else:
                lines.append(f"QUALIFIER {g['fragment']}: ours {hits[0].qualifier}, gold {g['qualifier']}")
        else:
            lines.append(f"MISSED    {g['article_id'][:3]} {g['fragment']}")
    for row in figures.itertuples():
        if (row.article_id, row.figure_id) not in matched_pred:
            lines.append(f"EXTRA     {row.article_id[:3]} '{row.text}' = {row.value:g} {row.unit}")
    figures_n = len(figures)
    return {
        "recall": found / len(required),
        "precision": len(matched_pred) / figures_n if figures_n else 0.0,
        "qualifier": qualifier_ok / found if found else 0.0,
        "found": found,
        "required": len(required),
        "predicted": figures_n,
    }, lines


def score_matches(story, figures, matches, gold: list[dict]) -> tuple[int, list[str]]:
    left_id, right_id = story.article_ids[:2]
    right, lines = 0, []
    for g in gold:
        left = _hits(story, figures, left_id, g["left_fragment"]) if g["left_fragment"] else []
        right_hits = _hits(story, figures, right_id, g["right_fragment"]) if g["right_fragment"] else []
        lids = {int(h.figure_id) for h in left}
        rids = {int(h.figure_id) for h in right_hits}
        linked = (
            matches[matches["left_figure"].isin(lids) & matches["right_figure"].isin(rids)]
            if lids and rids
            else []
        )
        if g["expected"] == "agree":
            ok = len(linked) > 0 and (linked["status"] == "agree").all()
        elif g["expected"] == "not_agree":
            pairs = matches[matches["left_figure"].isin(lids) & matches["status"].eq("agree")]
            ok = bool(lids) and pairs.empty
        else:
            ids, side = (lids, "left_figure") if g["left_fragment"] else (rids, "right_figure")
            rows = matches[matches[side].isin(ids)]
            ok = not ids or rows["status"].isin(["only_left", "only_right"]).all()
        right += ok
        if not ok:
            lines.append(f"WRONG  {g['expected']:9} '{g['left_fragment']}' | '{g['right_fragment']}'")
    return right, lines


def main() -> int:
    try:
        gold_figures, gold_matches = _read("figures.csv"), _read("figure_matches.csv")
    except DatasetMissing as missing:
        print(f"skipped: gold data not found ({missing})")
        return 0
    story = load_story(DEFAULT_STORY)
    story.docs  # noqa: B018 - parse first, so the timing below is the analysis alone
    story.table("alignments")
    start = time.perf_counter()
    figures = story.table("figures")
    matches = story.table("figure_matches")
    elapsed = time.perf_counter() - start
    scores, lines = score_figures(story, figures, gold_figures)
    right, match_lines = score_matches(story, figures, matches, gold_matches)
    print("| measure | value | target |\n|---|---|---|")
    counts = f"({scores['found']}/{scores['required']})"
    print(f"| recall of required figures | {scores['recall']:.3f} {counts} | >= 0.95 |")
    print(f"| precision | {scores['precision']:.3f} | >= 0.9 |")
    print(f"| qualifier right among found | {scores['qualifier']:.3f} | >= 0.9 |")
    print(f"| figure_matches rows right | {right} of {len(gold_matches)} | >= 9 of 10 |")
    print(f"| figures + figure_matches time (s) | {elapsed:.3f} | |")
    print()
    print("\n".join(lines + match_lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

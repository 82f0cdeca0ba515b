"""Quote extraction and quote matching on the seed story, scored against the hand-made gold readings in
``../shared/gold/seeds/`` (rules in its README). Prints recall, precision, speaker accuracy, quote-match
rows right, and every miss. Skips cleanly when the gold folder is absent.

Run: ``.venv/bin/python benchmarks/quotes_seeds.py``
"""

from __future__ import annotations

import csv
import os
import re
import sys
import time
from pathlib import Path

from helpers import load_story
from helpers.nlp.text import fold_quotes
from helpers.paths import DEFAULT_STORY, REPO_ROOT

GOLD_DIR = Path(os.environ.get("RECOUNT_GOLD_DIR", REPO_ROOT.parent / "shared" / "gold" / "seeds"))
TARGETS = {"recall": 0.9, "precision": 0.85, "speaker": 0.9, "matches": 8 / 9}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold_quotes(text).casefold())


def speaker_ok(predicted: str, gold: str, aliases: str) -> bool:
    """Equal to the gold speaker or an alias (case-insensitive); a surname (word-suffix) match is enough."""
    said = _words(predicted)
    if not said:
        return False
    for name in [gold, *aliases.split("|")]:
        want = _words(name)
        if not want:
            continue
        short, long_ = sorted((said, want), key=len)
        if long_[len(long_) - len(short) :] == short:
            return True
    return False


def _contains(text: str, fragment: str) -> bool:
    return fold_quotes(fragment).casefold() in fold_quotes(text).casefold()


def score_quotes(quotes, gold: list[dict]) -> tuple[dict, list[str]]:
    """Recall of required gold quotes, precision of predictions, speaker accuracy among found."""
    notes = []
    found = right_speaker = 0
    required = [g for g in gold if g["required"] == "yes"]
    for g in required:
        rows = quotes[(quotes["article_id"] == g["article_id"])]
        hits = [r for r in rows.itertuples() if _contains(r.text, g["fragment"])]
        if not hits:
            notes.append(f"MISSED   {g['article_id'][:3]} {g['kind']:8} {g['speaker']}: {g['fragment']}")
            continue
        found += 1
        speakers = [str(r.speaker or r.speaker_text) for r in hits]
        if any(speaker_ok(s, g["speaker"], g["speaker_aliases"]) for s in speakers):
            right_speaker += 1
        else:
            notes.append(
                f"SPEAKER  {g['article_id'][:3]} {g['fragment']!r}: got {speakers}, want {g['speaker']}"
            )
    correct = 0
    for r in quotes.itertuples():
        if any(g["article_id"] == r.article_id and _contains(r.text, g["fragment"]) for g in gold):
            correct += 1
        else:
            notes.append(
                f"EXTRA    {r.article_id[:3]} {r.kind:8} {r.speaker or r.speaker_text}: {r.text[:90]}"
            )
    figures = {
        "recall": found / len(required) if required else 1.0,
        "precision": correct / len(quotes) if len(quotes) else 1.0,
        "speaker": right_speaker / found if found else 1.0,
    }
    return figures, notes


def score_matches(story, quotes, matches, gold: list[dict]) -> tuple[int, list[str]]:
    """Gold quote-match rows right: linked pairs linked, unmatched quotes left alone."""
    left_id, right_id = story.article_ids[:2]
    pair = matches[(matches["left_article"] == left_id) & (matches["right_article"] == right_id)]

    def ids(article_id: str, fragment: str) -> set[int]:
        rows = quotes[quotes["article_id"] == article_id]
        return {int(r.quote_id) for r in rows.itertuples() if fragment and _contains(r.text, fragment)}

    right_rows, notes = 0, []
    for g in gold:
        lefts, rights = ids(left_id, g["left_fragment"]), ids(right_id, g["right_fragment"])
        if g["expected"] == "matched":
            linked = pair[pair["left_quote"].isin(lefts) & pair["right_quote"].isin(rights)]
            ok = bool(len(linked)) and not linked["status"].str.startswith("only").all()
        else:
            side, wanted = ("left_quote", lefts) if g["left_fragment"] else ("right_quote", rights)
            rows = pair[pair[side].isin(wanted)]
            ok = rows["status"].str.startswith("only").all()
        right_rows += ok
        if not ok:
            notes.append(
                f"MATCH    {g['speaker']}: {g['left_fragment']!r} / {g['right_fragment']!r} ({g['expected']})"
            )
    return right_rows, notes


def main() -> int:
    if not (GOLD_DIR / "quotes.csv").exists():
        print(f"gold quotes not found in {GOLD_DIR}: skipped")
        return 0
    with open(GOLD_DIR / "quotes.csv", encoding="utf-8") as handle:
        gold_quotes = list(csv.DictReader(handle))
    with open(GOLD_DIR / "quote_matches.csv", encoding="utf-8") as handle:
        gold_matches = list(csv.DictReader(handle))
    story = load_story(DEFAULT_STORY)
    story.table("entities")  # parse and entities first: the timing below is the quote analysis alone
    start = time.perf_counter()
    quotes = story.table("quotes")
    matches = story.table("quote_matches")
    elapsed = time.perf_counter() - start
    figures, notes = score_quotes(quotes, gold_quotes)
    n_right, match_notes = score_matches(story, quotes, matches, gold_matches)
    print("| measure | value | target |")
    print("|---|---|---|")
    print(f"| recall of required quotes | {figures['recall']:.3f} | >= {TARGETS['recall']} |")
    print(f"| precision | {figures['precision']:.3f} | >= {TARGETS['precision']} |")
    print(f"| speaker accuracy among found | {figures['speaker']:.3f} | >= {TARGETS['speaker']} |")
    print(f"| quote_matches rows right | {n_right} of {len(gold_matches)} | >= 8 of 9 |")
    print(f"| quotes predicted | {len(quotes)} | |")
    print(f"| quotes + quote_matches time (s) | {elapsed:.2f} | |")
    print()
    for note in notes + match_notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())

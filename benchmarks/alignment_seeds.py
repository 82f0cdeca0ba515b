"""Sentence alignment on the seed story, scored against the hand-made gold readings in
``../shared/gold/seeds/`` (rules in its README):

- ``alignments.csv``: rows right out of 20 (an ``aligned`` row is right when the predicted alignments link
  the sentences holding both fragments; a ``unique`` row when that sentence has no link at all);
- ``alignment_pairs.csv``: link precision (predicted links that are core or acceptable), recall (core links
  found) and F1, for Recount and for a plain TF-IDF best-partner baseline computed here;
- the time to align the seeds once they are parsed.

Skips cleanly when the gold folder is absent. Run: ``.venv/bin/python benchmarks/alignment_seeds.py
[--semantic]``
"""

from __future__ import annotations

import csv
import math
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

from helpers import load_story
from helpers.comparison.align import align_story
from helpers.nlp.text import fold_quotes
from helpers.paths import DEFAULT_STORY, REPO_ROOT

GOLD_DIR = Path(os.environ.get("RECOUNT_GOLD_DIR", REPO_ROOT.parent / "shared" / "gold" / "seeds"))
TARGET_ROWS = 18
#: The baseline: least cosine for a best partner to count, and whether right sentences pick partners too.
BASELINE_LEAST, BASELINE_BOTH = 0.15, False


def _norm(text: str) -> str:
    return fold_quotes(text)


def sentence_of(sentences, article_id: str, fragment: str) -> int | None:
    """The index of the sentence of ``article_id`` that holds ``fragment`` (None when none does)."""
    rows = sentences[sentences["article_id"] == article_id]
    for row in rows.itertuples():
        if _norm(fragment) in _norm(row.text):
            return int(row.sent_idx)
    return None


def predicted_links(alignments, left_id: str, right_id: str) -> set[tuple[int, int]]:
    pair = alignments[
        (alignments["left_article"] == left_id)
        & (alignments["right_article"] == right_id)
        & (alignments["relation"] != "unique")
    ]
    return {(int(r.left_sent), int(r.right_sent)) for r in pair.itertuples()}


def score_rows(sentences, links, left_id, right_id, gold: list[dict]) -> tuple[int, list[str]]:
    right_rows, notes = 0, []
    for g in gold:
        li = sentence_of(sentences, left_id, g["left_fragment"]) if g["left_fragment"] else None
        rj = sentence_of(sentences, right_id, g["right_fragment"]) if g["right_fragment"] else None
        if g["expected"] == "aligned":
            ok = (li, rj) in links
        elif li is not None:
            ok = all(i != li for i, _ in links)
        else:
            ok = all(j != rj for _, j in links)
        right_rows += ok
        if not ok:
            notes.append(
                f"WRONG  {g['expected']:8} {g['left_fragment'][:45]!r} | {g['right_fragment'][:45]!r}"
            )
    return right_rows, notes


def score_links(sentences, links, gold_pairs: list[dict]) -> tuple[float, float, float, list[str]]:
    """Precision, recall, F1 of predicted links against the core / acceptable gold links."""
    core, acceptable = set(), set()
    for g in gold_pairs:
        key = (
            sentence_of(sentences, g["left_article"], g["left_fragment"]),
            sentence_of(sentences, g["right_article"], g["right_fragment"]),
        )
        (core if g["kind"] == "core" else acceptable).add(key)
    good = links & (core | acceptable)
    precision = len(good) / len(links) if links else 0.0
    recall = len(links & core) / len(core) if core else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    notes = [f"MISSED core link {k}" for k in sorted(core - links)]
    notes += [f"EXTRA  link      {k}" for k in sorted(links - core - acceptable)]
    return precision, recall, f1, notes


def tfidf_baseline(
    sentences, left_id: str, right_id: str, *, least: float = BASELINE_LEAST, both: bool = BASELINE_BOTH
) -> set[tuple[int, int]]:
    """Each sentence linked to its best TF-IDF cosine partner when the cosine reaches ``least`` (left
    sentences only, or both sides with ``both``)."""
    docs = {
        aid: [
            re.findall(r"\w+", _norm(t).casefold())
            for t in sentences.loc[sentences["article_id"] == aid, "text"]
        ]
        for aid in (left_id, right_id)
    }
    everything = docs[left_id] + docs[right_id]
    df = Counter(w for d in everything for w in set(d))
    n = len(everything)

    def vector(words: list[str]) -> dict[str, float]:
        tf = Counter(words)
        vec = {w: c * (math.log((1 + n) / (1 + df[w])) + 1) for w, c in tf.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {w: v / norm for w, v in vec.items()}

    left = [vector(d) for d in docs[left_id]]
    right = [vector(d) for d in docs[right_id]]

    def cos(a: dict[str, float], b: dict[str, float]) -> float:
        return sum(v * b.get(w, 0.0) for w, v in a.items())

    links = set()
    for i, a in enumerate(left):
        best = max(range(len(right)), key=lambda j: cos(a, right[j]))
        if cos(a, right[best]) >= least:
            links.add((i, best))
    for j, b in enumerate(right if both else []):
        best = max(range(len(left)), key=lambda i: cos(left[i], b))
        if cos(left[best], b) >= least:
            links.add((best, j))
    return links


def _read(name: str) -> list[dict]:
    with open(GOLD_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main(argv: list[str]) -> int:
    if not (GOLD_DIR / "alignments.csv").exists():
        print(f"gold folder not found ({GOLD_DIR.name}); skipping")
        return 0
    semantic = "--semantic" in argv
    story = load_story(DEFAULT_STORY)
    sentences = story.table("sentences")
    story.table("entities")  # parsing and entities are not part of the alignment time
    left_id, right_id = story.article_ids[:2]
    if semantic:
        align_story(story, semantic=True)  # load the model outside the timing
    start = time.perf_counter()
    alignments = align_story(story, semantic=semantic)
    seconds = time.perf_counter() - start
    links = predicted_links(alignments, left_id, right_id)
    rows_right, row_notes = score_rows(sentences, links, left_id, right_id, _read("alignments.csv"))
    precision, recall, f1, link_notes = score_links(sentences, links, _read("alignment_pairs.csv"))
    base = score_links(sentences, tfidf_baseline(sentences, left_id, right_id), _read("alignment_pairs.csv"))
    print(f"| measure | Recount{' (semantic)' if semantic else ''} | TF-IDF baseline | target |")
    print("|---|---|---|---|")
    print(f"| alignments.csv rows right | {rows_right}/20 | | >= {TARGET_ROWS} |")
    print(f"| link precision | {precision:.2f} | {base[0]:.2f} | |")
    print(f"| link recall | {recall:.2f} | {base[1]:.2f} | |")
    print(f"| link F1 | {f1:.2f} | {base[2]:.2f} | > baseline |")
    print(f"| seconds to align the seeds (parsed) | {seconds:.3f} | | |")
    for note in row_notes + link_notes:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

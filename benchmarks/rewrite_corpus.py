"""Seeded rewrites of real articles: corpora of any size whose grouping into stories is known.

Each derived version of an article drops, reorders and edits sentences, changes figures and quotes, the way
an outlet rewrites a wire story; its gold story is its base article's. Bases are the ECB+ articles (gold story
from ``gold_stories.csv``) and the GGT and PolNeAR dev articles (each its own story), read in place from
``../shared/bench`` and never copied into the repository.

Usage: ``python rewrite_corpus.py N OUT.jsonl [--seed S]`` writes N articles (bases first, then versions) as
JSON Lines (``id``, ``text``) and ``OUT.gold.csv`` (``article``, ``story_id``).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from pathlib import Path

from datasets import BENCH_DIR, DatasetMissing, load_ggt, load_polnear

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[A-Z\"“‘])")
_NUMBER = re.compile(r"\b\d+(?:[.,]\d+)?\b")
_DIRECT = re.compile(r"[\"“]([^\"”]{12,}?)[,.]?[\"”],? (?:said|says) ([A-Z][\w.\- ]{1,40}?)\.")
#: Light edits an outlet makes (one word for another), applied to whole words.
SWAPS = {
    "said": "told reporters",
    "says": "said",
    "big": "large",
    "large": "big",
    "killed": "left dead",
    "people": "residents",
    "police": "officers",
    "officials": "authorities",
    "announced": "said",
    "Monday": "on Monday",
    "after": "following",
    "because": "as",
    "about": "around",
    "also": "additionally",
}
_SWAP = re.compile(r"\b(" + "|".join(map(re.escape, SWAPS)) + r")\b")
#: Sentences an outlet adds of its own (none names anything, so grouping cannot lean on them).
ADDITIONS = (
    "The report could not be independently verified.",
    "More details were expected later in the day.",
    "It was not immediately clear what would happen next.",
    "Officials did not respond to a request for comment.",
)


def sentences(text: str) -> list[str]:
    """Lines, each cut into sentences at a full stop followed by a capital."""
    return [s for line in text.splitlines() if line.strip() for s in _SENTENCE_END.split(line.strip())]


def _edit(sentence: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        sentence = _SWAP.sub(lambda m: SWAPS[m.group(1)], sentence, count=1)
    if rng.random() < 0.4:  # a figure changes
        sentence = _NUMBER.sub(lambda m: _nudge(m.group(0), rng), sentence, count=1)
    if rng.random() < 0.5:  # a direct quote turns into reported speech
        sentence = _DIRECT.sub(
            lambda m: f"{m.group(2)} said {m.group(1)[0].lower()}{m.group(1)[1:]}.", sentence
        )
    if rng.random() < 0.2 and ", " in sentence:  # a trailing clause dropped
        head, _, _ = sentence.rpartition(", ")
        if len(head.split()) >= 6:
            sentence = head + "."
    return sentence


def _nudge(number: str, rng: random.Random) -> str:
    if "," in number or "." in number:
        return number
    value = int(number)
    if 1900 <= value <= 2100:  # years stay
        return number
    return str(max(1, value + rng.choice((-2, -1, 1, 2, 3))))


def rewrite(text: str, rng: random.Random) -> str:
    """One derived version: the first sentence kept, later ones dropped, swapped, edited; one may be added."""
    parts = sentences(text)
    if len(parts) < 3:
        return "\n\n".join(_edit(s, rng) for s in parts)
    head, rest = parts[0], parts[1:]
    keep_share = rng.uniform(0.6, 0.95)
    rest = [s for s in rest if rng.random() < keep_share] or rest[:1]
    for _ in range(rng.randint(0, 2)):
        if len(rest) > 2:
            i = rng.randrange(len(rest) - 1)
            rest[i], rest[i + 1] = rest[i + 1], rest[i]
    rest = [_edit(s, rng) if rng.random() < 0.5 else s for s in rest]
    if rng.random() < 0.3:
        rest.insert(rng.randrange(len(rest) + 1), rng.choice(ADDITIONS))
    return "\n\n".join([head, *rest])


def bases() -> list[tuple[str, str, str]]:
    """(id, text, gold story) of every base article: ECB+, then GGT, then PolNeAR dev."""
    root = BENCH_DIR / "ecbplus"
    gold = root / "gold_stories.csv"
    if not gold.exists():
        raise DatasetMissing(str(gold))
    rows = []
    with gold.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            text = (root / "stories" / row["article"]).read_text(encoding="utf-8")
            rows.append((f"ecb-{Path(row['article']).stem}", text, row["story_id"]))
    rows += [(f"ggt-{a.article_id}", a.text, f"ggt-{a.article_id}") for a in load_ggt()]
    rows += [(f"polnear-{a.article_id}", a.text, f"polnear-{a.article_id}") for a in load_polnear()]
    return rows


def derive(n: int, seed: int = 14) -> list[tuple[str, str, str]]:
    """``n`` articles (id, text, gold story): the bases (a seeded sample if n is smaller), then versions of
    them spread evenly, each from its own seeded generator."""
    base = bases()
    rng = random.Random(seed)
    if n <= len(base):
        return sorted(rng.sample(base, n))
    out = list(base)
    for k in range(n - len(base)):
        aid, text, story = base[k % len(base)]
        version = k // len(base) + 1
        out.append((f"{aid}-v{version}", rewrite(text, random.Random(f"{seed}:{aid}:{version}")), story))
    return out


def write(n: int, path: Path, seed: int = 14) -> Path:
    """Write the corpus as JSON Lines and its gold next to it (``<stem>.gold.csv``); returns the gold path."""
    articles = derive(n, seed)
    with path.open("w", encoding="utf-8") as handle:
        for aid, text, _ in articles:
            handle.write(json.dumps({"id": aid, "text": text}, ensure_ascii=False) + "\n")
    gold = path.with_suffix(".gold.csv")
    with gold.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["article", "story_id"])
        writer.writerows((aid, story) for aid, _, story in articles)
    return gold


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("n", type=int, help="articles in the corpus")
    parser.add_argument("out", type=Path, help="JSON Lines file to write")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    print(write(args.n, args.out, args.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The development set's gold readings: load them and check them against the texts.

Layout (``benchmarks/dev/README.md``): ``stories/<name>/`` holds the articles as a user brings them,
``gold/<name>/`` the hand-made reading in the format of ``../shared/gold/seeds`` generalised to N articles
(``left_article`` / ``right_article`` columns on the pairwise files), plus ``source.csv`` and a ``class``
column tagging each row with the error classes it tests (``classes.csv``; several joined by ``|``).

Every fragment is an exact substring of its article's text once curly quotes are folded, and occurs there
exactly once, so each row points at one place. Run ``python dev/gold.py`` from ``benchmarks/`` to check
every story (no spaCy needed).
"""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from helpers.ingest.story_folder import read_story
from helpers.nlp.text import fold_quotes

DEV_DIR = Path(__file__).resolve().parent
STORIES_DIR = DEV_DIR / "stories"
GOLD_DIR = DEV_DIR / "gold"

#: Columns of each gold file (all required, in this order).
COLUMNS: dict[str, tuple[str, ...]] = {
    "source.csv": ("source_article", "class", "note"),
    "quotes.csv": ("article_id", "kind", "speaker", "speaker_aliases", "fragment", "required", "class"),
    "figures.csv": (
        "article_id",
        "value",
        "unit",
        "qualifier",
        "referent",
        "fragment",
        "required",
        "class",
    ),
    "alignment_pairs.csv": (
        "left_article",
        "left_fragment",
        "right_article",
        "right_fragment",
        "kind",
        "class",
    ),
    "quote_matches.csv": (
        "left_article",
        "right_article",
        "speaker",
        "left_fragment",
        "right_fragment",
        "expected",
        "status",
        "class",
        "note",
    ),
    "figure_matches.csv": (
        "left_article",
        "right_article",
        "left_fragment",
        "right_fragment",
        "expected",
        "class",
        "note",
    ),
}

#: Allowed values of the enumerated columns.
CHOICES: dict[tuple[str, str], frozenset[str]] = {
    ("quotes.csv", "kind"): frozenset({"direct", "indirect"}),
    ("quotes.csv", "required"): frozenset({"yes", "no"}),
    ("figures.csv", "required"): frozenset({"yes", "no", "never"}),
    ("alignment_pairs.csv", "kind"): frozenset({"core", "acceptable"}),
    ("quote_matches.csv", "expected"): frozenset({"matched", "unmatched"}),
    ("quote_matches.csv", "status"): frozenset({"", "verbatim", "altered", "paraphrased", "speaker_changed"}),
    ("figure_matches.csv", "expected"): frozenset(
        {"agree", "conflict", "review", "not_agree", "not_conflict", "not_linked", "unmatched"}
    ),
}

UNSURE = "unsure"


@dataclass
class StoryGold:
    """One story: its articles' texts (by id, in story order) and its gold rows (by file name)."""

    name: str
    folder: Path
    texts: dict[str, str]
    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    has_manifest: bool = False

    @property
    def source(self) -> str:
        """The true source article's id, or ``unsure`` for independent reports."""
        return self.rows["source.csv"][0]["source_article"]

    def pairs(self) -> list[tuple[str, str]]:
        """The article pairs the gold reads (left, right), in the order they first appear."""
        seen: list[tuple[str, str]] = []
        for name in ("alignment_pairs.csv", "quote_matches.csv", "figure_matches.csv"):
            for row in self.rows[name]:
                pair = (row["left_article"], row["right_article"])
                if pair not in seen:
                    seen.append(pair)
        return seen


def classes_of(row: dict[str, str]) -> list[str]:
    """The error classes a gold row is tagged with."""
    return [c for c in row.get("class", "").split("|") if c]


def known_classes() -> dict[str, str]:
    """Class name → family, from ``classes.csv``."""
    with (DEV_DIR / "classes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["class"]: row["family"] for row in csv.DictReader(handle)}


def places(text: str, fragment: str) -> list[int]:
    """Every start offset of ``fragment`` in ``text``, both with curly quotes folded."""
    folded, fragment = fold_quotes(text), fold_quotes(fragment)
    found, start = [], folded.find(fragment)
    while start >= 0:
        found.append(start)
        start = folded.find(fragment, start + 1)
    return found


def story_names() -> list[str]:
    """Every story of the set that has gold, sorted."""
    return sorted(p.name for p in GOLD_DIR.iterdir() if p.is_dir() and (STORIES_DIR / p.name).is_dir())


def load(name: str) -> StoryGold:
    """Read one story's texts (through Recount's own reader, no NLP) and its gold files."""
    folder = STORIES_DIR / name
    texts = {a.article_id: a.text for a in read_story(folder)}
    gold = StoryGold(name, folder, texts, has_manifest=(folder / "manifest.csv").exists())
    for file_name in COLUMNS:
        with (GOLD_DIR / name / file_name).open(encoding="utf-8", newline="") as handle:
            gold.rows[file_name] = list(csv.DictReader(handle))
    return gold


def _fragment_problems(gold: StoryGold, where: str, article_id: str, fragment: str) -> list[str]:
    if article_id not in gold.texts:
        return [f"{where}: unknown article '{article_id}'"]
    if not fragment:
        return []
    n = len(places(gold.texts[article_id], fragment))
    return [] if n == 1 else [f"{where}: fragment {fragment!r} occurs {n} times in {article_id}"]


def check(gold: StoryGold) -> list[str]:
    """Every problem with one story's gold: columns, choices, classes, fragments, cross-references."""
    problems: list[str] = []
    classes = known_classes()
    for file_name, columns in COLUMNS.items():
        rows = gold.rows[file_name]
        if rows and tuple(rows[0].keys()) != columns:
            problems.append(f"{gold.name}/{file_name}: columns {tuple(rows[0].keys())} != {columns}")
            continue
        for lineno, row in enumerate(rows, 2):
            where = f"{gold.name}/{file_name}:{lineno}"
            for (name, column), allowed in CHOICES.items():
                if name == file_name and row[column] not in allowed:
                    problems.append(f"{where}: {column} {row[column]!r} not in {sorted(allowed)}")
            problems += [f"{where}: unknown class {c!r}" for c in classes_of(row) if c not in classes]
            if "article_id" in row:
                problems += _fragment_problems(gold, where, row["article_id"], row["fragment"])
                if not row["fragment"]:
                    problems.append(f"{where}: empty fragment")
            if "left_article" in row:
                problems += _fragment_problems(gold, where, row["left_article"], row["left_fragment"])
                problems += _fragment_problems(gold, where, row["right_article"], row["right_fragment"])
                if not (row["left_fragment"] or row["right_fragment"]):
                    problems.append(f"{where}: both fragments empty")
    problems += _cross_problems(gold)
    return problems


def _cross_problems(gold: StoryGold) -> list[str]:
    """Match rows name quotes and figures of the finding files; links have both ends; one source row."""
    problems = []
    source = gold.rows["source.csv"]
    if len(source) != 1 or source[0]["source_article"] not in {*gold.texts, UNSURE}:
        problems.append(f"{gold.name}/source.csv: needs one row naming an article or '{UNSURE}'")
    for row in gold.rows["figures.csv"]:
        try:
            float(row["value"])
        except ValueError:
            problems.append(f"{gold.name}/figures.csv: value {row['value']!r} is not a number")
    for file_name, finding in (("quote_matches.csv", "quotes.csv"), ("figure_matches.csv", "figures.csv")):
        known = {(r["article_id"], r["fragment"]) for r in gold.rows[finding]}
        for lineno, row in enumerate(gold.rows[file_name], 2):
            for side in ("left", "right"):
                key = (row[f"{side}_article"], row[f"{side}_fragment"])
                if key[1] and key not in known:
                    problems.append(f"{gold.name}/{file_name}:{lineno}: {side} {key[1]!r} not in {finding}")
            both = bool(row["left_fragment"]) and bool(row["right_fragment"])
            if row["expected"] == "unmatched" and both:
                problems.append(f"{gold.name}/{file_name}:{lineno}: 'unmatched' names one side only")
            if row["expected"] not in ("unmatched", "not_agree") and not both:
                problems.append(f"{gold.name}/{file_name}:{lineno}: {row['expected']!r} needs both sides")
    for lineno, row in enumerate(gold.rows["alignment_pairs.csv"], 2):
        if not (row["left_fragment"] and row["right_fragment"]):
            problems.append(f"{gold.name}/alignment_pairs.csv:{lineno}: a link needs both fragments")
    return problems


def main() -> int:
    problems = [p for name in story_names() for p in check(load(name))]
    for problem in problems:
        print(problem)
    print(f"{len(story_names())} stories checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

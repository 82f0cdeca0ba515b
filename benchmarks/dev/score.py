"""Score Recount on the development set: stories it was not written for, with hand-made gold (``README.md``).

For every story in ``dev/stories`` (gold in ``dev/gold``) it runs Recount through the public API
(``helpers.load_story(...).table(...)``) and prints Markdown tables: per story and pooled, sentence-link
precision / recall / F1 next to a TF-IDF best-partner baseline, quote and figure finding recall, speaker
accuracy, quote and figure matches right, the source choice, and how much each rewrite paraphrases; then
the share of gold rows right per error class. ``--details`` lists every row Recount got wrong.

Run from ``benchmarks/``: ``python dev/score.py [--story NAME ...] [--limit N] [--details]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # dev/ and benchmarks/ (the seeds' baseline and speaker rule)

from alignment_seeds import tfidf_baseline  # noqa: E402
from gold import StoryGold, check, known_classes, load, story_names  # noqa: E402
from paraphrase import paraphrase_level  # noqa: E402
from rules import (  # noqa: E402
    Links,
    Row,
    SourceVerdict,
    judge_figure_matches,
    judge_figures,
    judge_links,
    judge_quote_matches,
    judge_quotes,
    link_counts,
    predicted_links,
)

from helpers import load_story  # noqa: E402
from helpers.tables import registry  # noqa: E402

#: Share of content words found in the source below which a rewritten sentence counts as heavily paraphrased.
HEAVY = 0.40


@dataclass
class StoryScore:
    """Everything measured on one story."""

    name: str
    n_articles: int
    has_manifest: bool
    rows: list[Row] = field(default_factory=list)
    links: tuple[int, int, int, int] = (0, 0, 0, 0)  # good predicted, predicted, core found, core
    baseline: tuple[int, int, int, int] = (0, 0, 0, 0)
    quotes_found: tuple[int, int] = (0, 0)
    figures_found: tuple[int, int] = (0, 0)
    source: SourceVerdict | None = None
    source_inferred: bool = True
    paraphrase: list[tuple[str, float, float, int]] = field(default_factory=list)
    seconds: float = 0.0

    def share(self, table: str) -> tuple[int, int]:
        """(rows right, rows) of one gold table."""
        rows = [r for r in self.rows if r.table == table]
        return sum(r.right for r in rows), len(rows)


def prf(counts: tuple[int, int, int, int]) -> tuple[float, float, float]:
    """Precision, recall and F1 from (good predicted, predicted, core found, core)."""
    good, predicted, found, core = counts
    p = good / predicted if predicted else 0.0
    r = found / core if core else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _add(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def source_choice(story) -> tuple[str, float | None]:
    """Recount's source article and its confidence: the ``verdicts`` table when registered, else the summary's
    ``choose_source`` (which states no confidence)."""
    if "verdicts" in registry():
        verdicts = story.table("verdicts")
        if len(verdicts):
            first = verdicts.iloc[0]
            confidence = first.get("source_confidence")
            return str(first["source_article"]), None if confidence is None else float(confidence)
    from helpers.verdict.summary import choose_source

    return choose_source(story).article_id, None


def score_story(gold: StoryGold) -> StoryScore:
    """Run Recount on one story and judge every gold row."""
    started = time.perf_counter()
    story = load_story(gold.folder)
    sentences = story.table("sentences")
    alignments = story.table("alignments")
    quotes, figures = story.table("quotes"), story.table("figures")
    quote_matches, figure_matches = story.table("quote_matches"), story.table("figure_matches")
    predicted, confidence = source_choice(story)
    roles = story.table("articles")["role"].fillna("")
    score = StoryScore(gold.name, len(gold.texts), gold.has_manifest, seconds=0.0)
    score.source = SourceVerdict(predicted, confidence, gold.source)
    score.source_inferred = not (roles == "source").any()
    pairs = {
        (a, b): Links(predicted_links(alignments, a, b), tfidf_baseline(sentences, a, b))
        for a, b in gold.pairs()
    }
    score.rows += judge_links(gold, sentences, pairs)
    for links in pairs.values():
        score.links = _add(score.links, link_counts(links, links.predicted))
        score.baseline = _add(score.baseline, link_counts(links, links.baseline))
    quote_rows, found, required = judge_quotes(gold, quotes)
    score.rows += quote_rows
    score.quotes_found = (found, required)
    figure_rows, found, required = judge_figures(gold, figures)
    score.rows += figure_rows
    score.figures_found = (found, required)
    score.rows += judge_quote_matches(gold, quotes, quote_matches)
    score.rows += judge_figure_matches(gold, figures, figure_matches)
    classes = [c for row in gold.rows["source.csv"] for c in row["class"].split("|") if c]
    score.rows.append(Row(gold.name, "source", classes, score.source.right, note=score.source.word()))
    score.paraphrase = paraphrase_level(gold, story, pairs, heavy=HEAVY)
    score.seconds = time.perf_counter() - started
    return score


def _pct(right: int, total: int) -> str:
    return f"{right / total:.2f} ({right}/{total})" if total else "–"


def heaviest(scores: list[StoryScore]) -> StoryScore:
    """The story whose rewrites keep least of the source's wording (lowest mean share, linked sentences)."""

    def level(s: StoryScore) -> float:
        n = sum(k for *_, k in s.paraphrase)
        return sum(mean * k for _, mean, _, k in s.paraphrase) / n if n else 1.0

    return min(scores, key=lambda s: (level(s), s.name))


def summary_table(scores: list[StoryScore]) -> str:
    """Issue 13's table: pooled and on the heaviest-paraphrase story."""
    heavy = heaviest(scores)

    def cells(group: list[StoryScore]) -> dict[str, str]:
        links = baseline = (0, 0, 0, 0)
        for s in group:
            links, baseline = _add(links, s.links), _add(baseline, s.baseline)
        rows = [r for s in group for r in s.rows]
        share = {
            t: (sum(r.right for r in rows if r.table == t), sum(r.table == t for r in rows))
            for t in ("quote_matches", "figure_matches")
        }
        return {
            "links": f"{prf(links)[2]:.2f} (TF-IDF best partner: {prf(baseline)[2]:.2f})",
            "quotes": _pct(*share["quote_matches"]),
            "figures": _pct(*share["figure_matches"]),
        }

    pooled, one = cells(scores), cells([heavy])
    inferred = [s for s in scores if s.source_inferred]
    right = sum(s.source.right and not s.source.flagged for s in inferred)
    flagged = sum(s.source.flagged for s in inferred)
    wrong = sum(s.source.confidently_wrong for s in inferred)
    return "\n".join(
        [
            f"| development set | pooled ({len(scores)} stories) | heaviest paraphrase: {heavy.name} |",
            "|---|---|---|",
            f"| sentence links, F1 | {pooled['links']} | {one['links']} |",
            f"| quote matches right | {pooled['quotes']} | {one['quotes']} |",
            f"| figure matches right | {pooled['figures']} | {one['figures']} |",
            f"| source where no manifest names it | {right} of {len(inferred)} right, "
            f"{flagged} flagged unsure, {wrong} confidently wrong | "
            f"{heavy.source.word() if heavy.source_inferred else 'given'} |",
        ]
    )


def story_table(scores: list[StoryScore]) -> str:
    """Per story and pooled: links, quotes, figures and the source choice."""
    lines = [
        "| story | articles | manifest | link P / R / F1 | TF-IDF F1 | quotes found | speaker right | "
        "quote matches right | figures found | figure matches right | source |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    pooled = StoryScore("**pooled**", 0, False)
    for s in scores:
        p, r, f1 = prf(s.links)
        q_right, q_n = s.share("quotes")
        src = s.source
        conf = "n/a" if src.confidence is None else f"{src.confidence:.2f}"
        manifest = "yes" if s.has_manifest else "no"
        lines.append(
            f"| {s.name} | {s.n_articles} | {manifest} | {p:.2f} / {r:.2f} / {f1:.2f} | "
            f"{prf(s.baseline)[2]:.2f} | {_pct(*s.quotes_found)} | {_pct(q_right, s.quotes_found[0])} | "
            f"{_pct(*s.share('quote_matches'))} | {_pct(*s.figures_found)} | "
            f"{_pct(*s.share('figure_matches'))} | "
            f"{src.predicted if src.gold != 'unsure' or not src.flagged else 'unsure'} "
            f"(conf. {conf}): {src.word() if s.source_inferred else 'given by the manifest'} |"
        )
        pooled.n_articles += s.n_articles
        pooled.rows += s.rows
        pooled.links = _add(pooled.links, s.links)
        pooled.baseline = _add(pooled.baseline, s.baseline)
        pooled.quotes_found = _add(pooled.quotes_found, s.quotes_found)
        pooled.figures_found = _add(pooled.figures_found, s.figures_found)
    p, r, f1 = prf(pooled.links)
    q_right = sum(r_.right for r_ in pooled.rows if r_.table == "quotes")
    inferred = [s for s in scores if s.source_inferred]
    lines.append(
        f"| **pooled** | {pooled.n_articles} | {sum(s.has_manifest for s in scores)} of {len(scores)} | "
        f"{p:.2f} / {r:.2f} / {f1:.2f} | {prf(pooled.baseline)[2]:.2f} | {_pct(*pooled.quotes_found)} | "
        f"{_pct(q_right, pooled.quotes_found[0])} | {_pct(*pooled.share('quote_matches'))} | "
        f"{_pct(*pooled.figures_found)} | {_pct(*pooled.share('figure_matches'))} | "
        f"{sum(s.source.right for s in inferred)} of {len(inferred)} inferred right |"
    )
    return "\n".join(lines)


def source_table(scores: list[StoryScore]) -> str:
    """The source choice on the stories whose manifest names no source."""
    inferred = [s for s in scores if s.source_inferred]
    right = sum(s.source.right and not s.source.flagged for s in inferred)
    flagged = sum(s.source.flagged for s in inferred)
    wrong = sum(s.source.confidently_wrong for s in inferred)
    no_conf = sum(s.source.confidence is None for s in inferred)
    return (
        "| stories with no source in a manifest | right | flagged unsure (confidence < 0.5) | "
        "confidently wrong | no confidence given |\n|---|---|---|---|---|\n"
        f"| {len(inferred)} | {right} | {flagged} | {wrong} | {no_conf} |"
    )


def paraphrase_table(scores: list[StoryScore]) -> str:
    """How much each rewrite shares with its source, over its gold-linked sentences."""
    lines = [
        f"| story | rewrite | linked sentences | mean share of content words found in the source | "
        f"share of sentences under {HEAVY:.0%} |",
        "|---|---|---|---|---|",
    ]
    for s in scores:
        for article, mean, under, n in s.paraphrase:
            lines.append(f"| {s.name} | {article} | {n} | {mean:.2f} | {under:.2f} |")
    return "\n".join(lines)


def class_table(scores: list[StoryScore]) -> str:
    """Gold rows right per error class, with the TF-IDF baseline where it applies (sentence links)."""
    families = known_classes()
    by_class: dict[str, list[Row]] = defaultdict(list)
    for row in (r for s in scores for r in s.rows):
        for c in row.classes or ["(untagged)"]:
            by_class[c].append(row)
    lines = [
        "| family | class | gold rows (tables) | Recount right | TF-IDF baseline right |",
        "|---|---|---|---|---|",
    ]
    order = list(families) + sorted(set(by_class) - set(families))
    for c in order:
        rows = by_class.get(c, [])
        if not rows:
            continue
        tables = ", ".join(sorted({r.table for r in rows}))
        base = [r.baseline for r in rows if r.baseline is not None]
        right = _pct(sum(r.right for r in rows), len(rows))
        baseline = _pct(sum(base), len(base)) if base else ""
        lines.append(f"| {families.get(c, '')} | {c} | {len(rows)} ({tables}) | {right} | {baseline} |")
    return "\n".join(lines)


def details(scores: list[StoryScore]) -> str:
    """Every gold row Recount got wrong, story by story."""
    lines = []
    for s in scores:
        wrong = [r for r in s.rows if not r.right]
        lines.append(f"\n### {s.name}: {len(wrong)} rows wrong ({s.seconds:.1f} s)\n")
        lines += [f"- {r.table} [{'|'.join(r.classes)}] {r.note}" for r in wrong]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story", action="append", help="score only this story (repeatable)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N stories")
    parser.add_argument("--details", action="store_true", help="list every row Recount got wrong")
    args = parser.parse_args(argv)
    names = args.story or story_names()
    names = names[: args.limit] if args.limit else names
    golds = [load(name) for name in names]
    problems = [p for g in golds for p in check(g)]
    if problems:
        print("gold problems:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    scores = [score_story(g) for g in golds]
    print("Summary (issue 13's measures):\n")
    print(summary_table(scores))
    print("\nPer story and pooled (sentence links as the seeds README defines them):\n")
    print(story_table(scores))
    print(
        "\nSource choice where no manifest names it (right when Recount names the true source, or says it is "
        "unsure where the reports are independent):\n"
    )
    print(source_table(scores))
    print("\nPer error class (share of gold rows right; a row may test several classes):\n")
    print(class_table(scores))
    print("\nParaphrase level of each rewrite against its source (gold-linked sentences):\n")
    print(paraphrase_table(scores))
    if args.details:
        print(details(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())

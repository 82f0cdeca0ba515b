"""Quotes on GGT and PolNeAR dev: P/R/F1 at >= 0.3 and >= 0.8 span overlap, speaker accuracy, direct vs
indirect; textacy's ``direct_quotations`` on the same spaCy docs as the peer (when textacy is installed).

Prediction policy: only rows of the ``quotes`` table with ``speech`` true count — attributed speech, as the
quotes table defines it (a speaker or a speech cue; no scare quotes of a word or two, titles, reported
thoughts, headline links or generic "you"; a mixed quote once, not once more for its quoted words). The other
rows stay in the table for the notebook. A prediction counts as direct by the same rule the loaders use for
the gold (a quotation mark inside or beside the span), so a mixed quote falls in the same subset as its gold.

Speaker accuracy follows the README to the letter (:func:`scoring.same_speaker`): among matched quotes whose
gold ``reference`` is non-empty, the reference's last word must be a word of the predicted speaker; the
annotators' raw speaker span is never compared (an unresolved "she" is wrong even where the span is "she").
The predicted speaker is the canonical name, else the phrase as written (a description such as "the
ministry"; a pronoun left unresolved counts as wrong).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from datasets import GoldQuote, QuoteArticle, _is_direct, load_ggt, load_polnear
from scoring import PRF, match_spans, same_speaker, sample_block

from helpers.story import stories_from_texts

THRESHOLDS = (0.3, 0.8)


@dataclass
class Predicted:
    spans: list[tuple[int, int]]
    speaker: str
    direct: bool
    text: str = ""


@dataclass
class QuoteScores:
    prf: dict[tuple[str, float], PRF] = field(default_factory=dict)  # (subset, threshold) → counts
    speaker_right: int = 0
    speaker_total: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    wrong_speakers: list[str] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        return 100 * self.speaker_right / self.speaker_total if self.speaker_total else 0.0


def recount_quotes(articles: list[QuoteArticle]) -> tuple[list[list[Predicted]], list]:
    """Recount's quotes per article (one story per article), plus the parsed docs for the peer."""
    stories = stories_from_texts({a.article_id: a.text for a in articles})
    predictions, docs = [], []
    for story in stories:
        quotes = story.table("quotes")
        # Only attributed speech counts as a quote (the ``speech`` column: no scare quotes, titles or
        # unattributed quoted words; a mixed quote once, not once more for its quoted part).
        quotes = quotes[(quotes["text"].fillna("") != "") & quotes["speech"]]
        text = story.text(story.article_ids[0])
        predictions.append(
            [
                Predicted(
                    [(int(q.start), int(q.end))],
                    str(q.speaker or q.speaker_text or ""),
                    # direct vs indirect split decided as for the gold: quotation marks in or beside the span
                    q.kind == "direct" or _is_direct(text, int(q.start), int(q.end)),
                    str(q.text),
                )
                for q in quotes.itertuples()
            ]
        )
        docs.append(next(iter(story.docs.values())))
    return predictions, docs


#: Openings of the articles on which textacy refused to run (unbalanced quotation marks).
TEXTACY_BAILED: list[str] = []


def textacy_quotes(docs: list) -> list[list[Predicted]] | None:
    """The peer: textacy's direct quotations on the very same docs, or None when textacy is absent."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    out = []
    for doc in docs:
        found = []
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # textacy bails out on an odd number of quotation marks: it finds nothing there
            triples = []
            TEXTACY_BAILED.append(doc[:8].text)
        for triple in triples:
            content = triple.content
            speaker = " ".join(t.text for t in triple.speaker)
            found.append(Predicted([(content.start_char, content.end_char)], speaker, True, content.text))
        out.append(found)
    return out


def _short(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def score(
    articles: list[QuoteArticle], predictions: list[list[Predicted]], *, direct_only: bool = False
) -> QuoteScores:
    scores = QuoteScores()
    subsets = ("direct",) if direct_only else ("all", "direct", "indirect")
    for article, preds in zip(articles, predictions, strict=True):
        for subset in subsets:
            gold = [g for g in article.quotes if subset == "all" or g.direct == (subset == "direct")]
            mine = [p for p in preds if subset == "all" or p.direct == (subset == "direct")]
            for threshold in THRESHOLDS:
                pairs = match_spans([p.spans for p in mine], [g.spans for g in gold], threshold)
                counts = PRF(len(pairs), len(mine), len(pairs), len(gold))
                key = (subset, threshold)
                scores.prf[key] = scores.prf.get(key, PRF(0, 0, 0, 0)) + counts
                if subset == ("direct" if direct_only else "all") and threshold == THRESHOLDS[0]:
                    _record(article, mine, gold, pairs, scores)
    return scores


def _record(
    article: QuoteArticle, mine: list[Predicted], gold: list[GoldQuote], pairs, scores: QuoteScores
) -> None:
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    for i, j in pairs:
        if not gold[j].reference.strip():
            continue  # no canonical speaker to resolve to: not scored (the README's rule)
        scores.speaker_total += 1
        if same_speaker(mine[i].speaker, gold[j].reference):
            scores.speaker_right += 1
        else:
            scores.wrong_speakers.append(
                f"{article.article_id}: predicted '{mine[i].speaker}' for '{gold[j].reference}': "
                f"{_short(article.text[gold[j].start : gold[j].end], 70)}"
            )
    for j, g in enumerate(gold):
        if j not in matched_g:
            kind = "direct" if g.direct else "indirect"
            scores.misses.append(
                f"{article.article_id} ({kind}, {g.speaker}): {_short(article.text[g.start : g.end])}"
            )
    for i, p in enumerate(mine):
        if i not in matched_p:
            scores.false_alarms.append(f"{article.article_id} ({p.speaker or '?'}): {_short(p.text)}")


DATASETS = {"GGT": load_ggt, "PolNeAR dev": load_polnear}


def run(limit: int | None = None) -> dict[str, dict]:
    """Score Recount and textacy on every dataset present. Returns results by dataset name."""
    results = {}
    for name, loader in DATASETS.items():
        articles = loader(limit)
        predictions, docs = recount_quotes(articles)
        peer = textacy_quotes(docs)
        results[name] = {
            "articles": len(articles),
            "quotes": sum(len(a.quotes) for a in articles),
            "recount": score(articles, predictions),
            "textacy": None if peer is None else score(articles, peer, direct_only=True),
        }
    return results


def markdown(results: dict[str, dict]) -> str:
    lines = [
        "| dataset | system | subset | P@0.3 | R@0.3 | F1@0.3 | P@0.8 | R@0.8 | F1@0.8 | speaker acc. |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, result in results.items():
        for system in ("recount", "textacy"):
            scores: QuoteScores | None = result[system]
            if scores is None:
                lines.append(f"| {name} | {system} | (not installed) | | | | | | | |")
                continue
            for subset in ("all", "direct", "indirect"):
                if (subset, 0.3) not in scores.prf:
                    continue
                low, high = scores.prf[(subset, 0.3)].row(), scores.prf[(subset, 0.8)].row()
                speaker = (
                    f"{scores.speaker_accuracy:.1f}" if subset in ("all",) or system == "textacy" else ""
                )
                lines.append(
                    f"| {name} | {system} | {subset} | {' | '.join(low)} | {' | '.join(high)} | {speaker} |"
                )
        if name == "GGT":
            lines.append(
                "| GGT | Gender Gap Tracker (published) | all | 84.6 | 82.7 | **83.7** | 77.0 | 75.2 | 76.1 "
                "| **86.0** |"
            )
    if TEXTACY_BAILED:
        lines.append(
            f"\ntextacy refused {len(TEXTACY_BAILED)} articles (it raises on an odd number of quotation "
            "marks); "
            "they count as finding nothing."
        )
    return "\n".join(lines)


def error_analysis(results: dict[str, dict], n: int = 10) -> str:
    parts = []
    for name, result in results.items():
        scores: QuoteScores = result["recount"]
        for title, items in (
            ("missed quotes", scores.misses),
            ("false alarms", scores.false_alarms),
            ("wrong speakers", scores.wrong_speakers),
        ):
            parts.append(sample_block(f"{name}: {title}", items, n))
    return "\n".join(parts)


if __name__ == "__main__":
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else None
    outcome = run(limit)
    print(markdown(outcome))
    print()
    print(error_analysis(outcome))

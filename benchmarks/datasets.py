"""Loaders for the annotated benchmark datasets in ``../shared/bench`` (evaluation only, never copied here).

Each loader returns plain Python records; a missing dataset raises :class:`DatasetMissing` so the
benchmarks can skip it cleanly. Formats are described in ``../shared/bench/README.md``.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from scoring import is_pronoun

from helpers.paths import REPO_ROOT

BENCH_DIR = Path(os.environ.get("RECOUNT_BENCH_DIR", REPO_ROOT.parent / "shared" / "bench"))
GOLD_DIR = Path(os.environ.get("RECOUNT_GOLD_DIR", REPO_ROOT.parent / "shared" / "gold" / "seeds"))


class DatasetMissing(FileNotFoundError):
    """The dataset is not on this machine: the benchmark that needs it is skipped."""


def _need(path: Path) -> Path:
    if not path.exists():
        raise DatasetMissing(str(path))
    return path


@dataclass
class GoldQuote:
    """One annotated quote or attribution: content span(s), speaker text and canonical reference."""

    spans: list[tuple[int, int]]
    speaker: str
    reference: str
    direct: bool

    @property
    def start(self) -> int:
        return min(s for s, _ in self.spans)

    @property
    def end(self) -> int:
        return max(e for _, e in self.spans)


@dataclass
class QuoteArticle:
    """An article's text with its gold quotes."""

    article_id: str
    text: str
    quotes: list[GoldQuote] = field(default_factory=list)


_QUOTE_MARKS = frozenset('"“”')


def _is_direct(text: str, start: int, end: int) -> bool:
    """Direct (or mixed) when a double quotation mark lies inside the span or right beside it."""
    window = text[max(0, start - 2) : end + 2]
    return any(ch in _QUOTE_MARKS for ch in window)


def _quote_span(text: str, quote: dict) -> tuple[int, int]:
    """A GGT quote's span; one quote has none (``quote_span`` null): it still counts as a gold quote, at the
    place its text occurs when it occurs exactly once, else as an empty span that nothing can match."""
    if quote.get("quote_span"):
        start, end = quote["quote_span"]
        return int(start), int(end)
    words = (quote.get("quote") or "").strip()
    at = text.find(words) if words else -1
    if at >= 0 and text.find(words, at + 1) < 0:
        return at, at + len(words)
    return 0, 0


def load_ggt(limit: int | None = None) -> list[QuoteArticle]:
    """Gender Gap Tracker evaluation set: 98 articles, 1,520 quotes with speaker references."""
    path = _need(BENCH_DIR / "ggt_quotes" / "ggt_eval_98.jsonl")
    articles = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            quotes = []
            for q in row["quotes"]:
                span = _quote_span(row["text"], q)
                direct = _is_direct(row["text"], *span)
                quotes.append(GoldQuote([span], q.get("speaker") or "", q.get("reference") or "", direct))
            articles.append(QuoteArticle(str(row["id"]), row["text"], quotes))
            if limit and len(articles) >= limit:
                break
    return articles


def _parse_ann(path: Path, text: str) -> list[GoldQuote]:
    spans: dict[str, tuple[str, list[tuple[int, int]], str]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            ident, middle, span_text = (line.split("\t") + [""])[:3]
            role, _, offsets = middle.partition(" ")
            pieces = [tuple(int(x) for x in part.split()) for part in offsets.split(";")]
            spans[ident] = (role, pieces, span_text)  # type: ignore[assignment]
        elif line.startswith("E"):
            events.append(dict(part.split(":", 1) for part in line.split("\t")[1].split()))
    quotes = []
    for event in events:
        content = spans.get(event.get("Content", ""))
        if content is None:
            continue
        source = spans.get(event.get("Source", ""), ("", [], ""))
        pieces = list(content[1])
        direct = any(_is_direct(text, start, end) for start, end in pieces)
        # PolNeAR has no canonical name: the Source span is the reference, unless it is a pronoun ("he",
        # "who"), which names no one to resolve to (such attributions are left out of speaker accuracy).
        reference = "" if is_pronoun(source[2]) else source[2]
        quotes.append(GoldQuote(pieces, source[2], reference, direct))
    return quotes


def load_polnear(limit: int | None = None) -> list[QuoteArticle]:
    """PolNeAR dev split: 84 articles with Source / Cue / Content attributions (one annotator per article)."""
    root = _need(BENCH_DIR / "polnear_dev")
    articles = []
    for text_path in sorted((root / "text").glob("*.txt")):
        annotations = sorted((root / "attributions").glob(f"{text_path.stem}_*.ann"))
        if not annotations:
            continue
        text = text_path.read_text(encoding="utf-8")
        articles.append(QuoteArticle(text_path.stem, text, _parse_ann(annotations[0], text)))
        if limit and len(articles) >= limit:
            break
    return articles


@dataclass
class QuantSentence:
    """A NewsQuant sentence with its gold quantities (value, unit, normalised unit, change)."""

    text: str
    quantities: list[dict[str, str]]


def load_newsquant(limit: int | None = None) -> list[QuantSentence]:
    """NewsQuant: 590 news sentences, 904 quantities."""
    rows = json.loads(_need(BENCH_DIR / "newsquant" / "NewsQuant.json").read_text(encoding="utf-8"))
    sentences = [QuantSentence(r["text"], r["quantities"]) for r in rows]
    return sentences[:limit] if limit else sentences


def load_msrp(split: str, limit: int | None = None) -> list[tuple[int, str, str]]:
    """MSRP pairs as (label, sentence1, sentence2); ``split`` is ``train`` or ``test``."""
    path = _need(BENCH_DIR / "msrp" / f"msr_paraphrase_{split}.txt")
    pairs = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) < 5 or not row[0].strip().isdigit():
                continue
            pairs.append((int(row[0]), row[3], row[4]))
            if limit and len(pairs) >= limit:
                break
    return pairs


def published_scores() -> dict[str, str]:
    """The anchors from the bench README, by area (kept here so RESULTS.md prints them beside ours)."""
    return {
        "ggt_f1_03": "83.7",
        "ggt_p_03": "84.6",
        "ggt_r_03": "82.7",
        "ggt_f1_08": "76.1",
        "ggt_speaker": "86.0",
        "newsquant_value": "92.0",
        "newsquant_unit": "85.6",
        "newsquant_change": "88.1",
        "quantulum_value": "73.0",
        "quantulum_unit": "47.2",
        "msrp_f1_lexical": "≈80",
        "msrp_acc_lexical": "≈73",
    }

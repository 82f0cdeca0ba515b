"""Very large and pathological articles: parsed in pieces with exact offsets, and every table built in time
linear (or n·log n) in the article's length.

The wall-clock limits here only guard against hangs (a quadratic step turns these inputs into hours); speed
itself is measured by ``make bench``.
"""

from __future__ import annotations

import contextlib
import random
import signal
import string
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpers import load_story
from helpers.cli import main
from helpers.ingest.paragraphs import split_paragraphs
from helpers.nlp import chunks
from helpers.nlp.intervals import SpanIndex, SpanSet
from helpers.nlp.pipeline import load_pipeline, parse
from helpers.quotes.marks import UNOPENED_FROM_START, WARN_UNOPENED, find_quote_marks
from helpers.quotes.speech import subtree_extents

#: CPU seconds a hostile article may take before the test calls it a hang (CPU time rather than wall time,
#: so that a machine busy with other work does not fail the test); wall time gets a far looser limit.
HANG_GUARD = 60
WALL_FACTOR = 15


@contextlib.contextmanager
def hang_guard(cpu_seconds: int = HANG_GUARD) -> Iterator[None]:
    """Fail (rather than run for hours) when the block uses more than ``cpu_seconds`` of CPU, or more than
    :data:`WALL_FACTOR` times that of wall time."""

    def expire(signum, frame):  # pragma: no cover - only when something hangs
        raise TimeoutError(f"still running after {cpu_seconds} CPU seconds: a hang, or a quadratic step")

    previous = {sig: signal.signal(sig, expire) for sig in (signal.SIGVTALRM, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_VIRTUAL, cpu_seconds)
    signal.setitimer(signal.ITIMER_REAL, cpu_seconds * WALL_FACTOR)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _write_story(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a.txt").write_text(text, encoding="utf-8")
    return folder


def _tables(story_dir: Path, out: Path) -> dict[str, pd.DataFrame]:
    """Run ``recount tables`` (every table) and read back what it wrote."""
    assert main(["tables", str(story_dir), "--out", str(out)]) == 0
    return {
        p.stem: pd.read_csv(p, keep_default_na=False, dtype={"text": str}) for p in sorted(out.glob("*.csv"))
    }


def _assert_offsets(text: str, tables: dict[str, pd.DataFrame]) -> None:
    for name in ("paragraphs", "sentences", "entities", "quotes", "figures"):
        for row in tables[name].itertuples():
            assert text[int(row.start) : int(row.end)] == str(row.text), (name, row)


# --- parsing in pieces ------------------------------------------------------------------------------------


def _long_words_article(size: int, seed: int = 7) -> str:
    """A seeded article of ``size`` characters, paragraphs with a figure and a quote each; long made-up words
    keep the number of tokens (and so the parse) small, since spaCy's length limit is in characters."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(200, 400)))

    paragraphs, total = [], 0
    while total < size:
        paragraph = (
            f'{word().capitalize()} {rng.randint(2, 900)} {word()}. Officials said "{word()} {word()}."'
        )
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def test_two_megabyte_article_is_processed(tmp_path: Path) -> None:
    text = _long_words_article(2_000_000)
    assert len(text) > load_pipeline().max_length  # spaCy alone refuses it (E088)
    story = _write_story(tmp_path / "big", text)
    with hang_guard(150):
        tables = _tables(story, tmp_path / "out")
    paragraphs, sentences = tables["paragraphs"], tables["sentences"]
    assert len(paragraphs) == len(split_paragraphs(text)) > 1000
    assert sentences["sent_idx"].tolist() == list(range(len(sentences)))
    assert sentences["start"].is_monotonic_increasing
    assert int(sentences["end"].iloc[-1]) == len(text)
    assert tables["articles"].loc[0, "n_chars"] == len(text)
    assert (tables["quotes"]["kind"] == "direct").sum() >= len(paragraphs)  # one per paragraph
    assert len(tables["figures"]) > len(paragraphs) // 2  # most of the numbers, one per paragraph
    _assert_offsets(text, tables)


def test_pieces_cover_the_text_and_cut_at_paragraphs() -> None:
    text = "First para here.\n\nSecond one is here.\n\nThird."
    starts = [p.start for p in split_paragraphs(text)]
    assert chunks.chunk_bounds(text, starts, 100) == [(0, len(text))]
    assert chunks.chunk_bounds(text, starts, 25) == [(0, 18), (18, 39), (39, len(text))]
    assert [text[s:e] for s, e in chunks.chunk_bounds(text, starts, 25)][1] == "Second one is here.\n\n"


def test_a_huge_paragraph_is_cut_after_a_sentence_then_a_space_then_anywhere() -> None:
    sentences = "One sentence here. Another one there. A third one"
    assert chunks.chunk_bounds(sentences, [0], 25) == [(0, 19), (19, 38), (38, len(sentences))]
    words = "aaaa bbbb cccc dddd"
    assert chunks.chunk_bounds(words, [0], 8) == [(0, 5), (5, 10), (10, 15), (15, len(words))]
    assert chunks.chunk_bounds("x" * 25, [0], 10) == [(0, 10), (10, 20), (20, 25)]


_PARAGRAPHED = st.lists(
    st.text(
        alphabet=st.sampled_from(list("abcdefghij KLMNOP.,;!?\"'“”’-0123456789\t")), min_size=1, max_size=60
    ),
    min_size=1,
    max_size=12,
).map(lambda parts: "\n".join(parts))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_PARAGRAPHED.filter(lambda s: any(c.isalnum() for c in s)), limit=st.integers(1, 50))
def test_pieces_join_back_to_the_text_with_exact_offsets(text: str, limit: int, tmp_path_factory) -> None:
    starts = [p.start for p in split_paragraphs(text)]
    bounds = chunks.chunk_bounds(text, starts, limit)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))
    assert all(0 < end - start <= limit for start, end in bounds)
    (doc,) = parse([(text, starts)], chunk_chars=limit)
    assert doc.text == text
    folder = _write_story(tmp_path_factory.mktemp("chunked"), text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(chunks, "CHUNK_CHARS", limit)
        story = load_story(folder)
        frames = {name: story.table(name) for name in ("paragraphs", "sentences", "entities", "quotes")}
    for name, frame in frames.items():
        for row in frame.itertuples():
            assert story.text("a")[row.start : row.end] == row.text, name
    sentences = frames["sentences"]
    assert list(sentences["sent_idx"]) == list(range(len(sentences)))


def test_ordinary_articles_are_parsed_whole(seeds) -> None:
    for article in seeds.articles:
        assert len(article.text) < chunks.CHUNK_CHARS
        assert chunks.chunk_bounds(article.text, [p.start for p in article.paragraphs]) == [
            (0, len(article.text))
        ]


# --- pathological shapes ----------------------------------------------------------------------------------


def _he_said() -> str:
    return ('He said "' * (24_000 // 9 + 1))[:24_000]


def _tiny_paragraphs() -> str:
    rng = random.Random(1)
    return "\n\n".join(
        rng.choice(["Yes.", "No way.", "He left.", "Fire!", "It rained."]) for _ in range(6000)
    )


def _mark_soup() -> str:
    rng = random.Random(2)
    return " ".join(rng.choice(['"', "“", "”", "'", "‘", "’", "word", "said"]) for _ in range(12_000))


def _numbers() -> str:
    rng = random.Random(3)
    return " ".join(
        f"{rng.randint(1, 10**6)} people, {rng.randint(1, 99)}% of {rng.randint(2, 9)} million on "
        f"March {rng.randint(1, 28)}, {rng.randint(1990, 2024)}."
        for _ in range(900)
    )


def _names() -> str:
    rng = random.Random(4)
    people = ["Anna Kowalska", "Peter Brandt", "Maria Lopez", "Kofi Mensah", "Omar Haddad", "Li Wei"]
    return " ".join(
        f"{rng.choice(people)} met {rng.choice(people).split()[1]} and the Federal Office for Roads (FOR) "
        f'in Berlin. He said "the Office will decide."'
        for _ in range(900)
    )


def _no_full_stops() -> str:
    rng = random.Random(5)
    words = ["the", "council", "said", "that", "roads", "would", "close", "according", "to", "officials"]
    return " ".join(rng.choice(words) for _ in range(9000))


HOSTILE = {
    "he_said_24kb": _he_said,
    "tiny_paragraphs": _tiny_paragraphs,
    "quotation_mark_soup": _mark_soup,
    "thousands_of_numbers": _numbers,
    "thousands_of_names": _names,
    "one_paragraph_no_full_stops": _no_full_stops,
}


@pytest.mark.parametrize("shape", list(HOSTILE))
def test_hostile_shapes_finish_with_exact_offsets(shape: str, tmp_path: Path) -> None:
    text = HOSTILE[shape]()
    story = _write_story(tmp_path / shape, text)
    with hang_guard():
        tables = _tables(story, tmp_path / "out")
    _assert_offsets(text, tables)
    assert len(tables["sentences"]) >= 1


def test_he_said_quotes_pair_up(tmp_path: Path) -> None:
    text = _he_said()
    with hang_guard():
        quotes = load_story(_write_story(tmp_path / "s", text)).table("quotes")
    direct = quotes[quotes["kind"] == "direct"]
    assert (direct["text"] == "He said").sum() == text.count('"') // 2


def test_mark_soup_quotes_do_not_pile_up() -> None:
    text = _mark_soup()
    quotes = find_quote_marks(text, [(0, len(text))])
    unopened = [q for q in quotes if q.warning == WARN_UNOPENED]
    assert len(unopened) > UNOPENED_FROM_START
    assert all(q.start == 0 for q in unopened[:UNOPENED_FROM_START])
    assert all(q.start > 0 for q in unopened[UNOPENED_FROM_START:])
    assert sum(q.end - q.start for q in quotes) < (UNOPENED_FROM_START + 2) * len(text)


def test_a_run_on_quote_still_starts_at_its_paragraph() -> None:
    text = "“It is over,” she said.\n\nThe rest of it,” she added. “Yes.”"
    quotes = find_quote_marks(text, [(0, 23), (25, len(text))])
    unopened = [q for q in quotes if q.warning]
    assert [text[q.start : q.end] for q in unopened] == ["The rest of it,"]


def test_reported_speech_keeps_a_clause_past_a_non_projective_arc(make_story) -> None:
    # spaCy's right_edge of "suspected" stops at "drugs" here (the appositive hangs from "Hendry" across the
    # dash); the reported statement still runs to the end of the clause.
    folder = make_story(
        {
            "a.txt": "Marlow later said she suspected Hendry was under the influence of drugs — something a "
            "neighbour also told a dispatcher before police arrived.\n"
        }
    )
    quotes = load_story(folder).table("quotes")
    assert quotes[["kind", "speaker", "text"]].values.tolist() == [
        [
            "indirect",
            "Marlow",
            "she suspected Hendry was under the influence of drugs — something a neighbour also told a "
            "dispatcher before police arrived",
        ]
    ]


def test_subtree_extents_are_the_subtrees(seeds, flood) -> None:
    for story in (seeds, flood):
        for doc in story.docs.values():
            first, last = subtree_extents(doc)
            for token in doc:
                inside = [t.i for t in token.subtree]
                assert (first[token.i], last[token.i]) == (min(inside), max(inside))


# --- span look-ups ----------------------------------------------------------------------------------------

_SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 15)).map(lambda p: (p[0], p[0] + p[1])))


@settings(max_examples=200, deadline=None)
@given(spans=_SPANS, start=st.integers(-2, 60), length=st.integers(0, 20))
def test_span_lookups_match_brute_force(spans: list[tuple[int, int]], start: int, length: int) -> None:
    end = start + length
    index = SpanIndex(spans)
    assert index.overlapping(start, end) == [k for k, (s, e) in enumerate(spans) if s < end and e > start]
    assert index.holding(start) == [k for k, (s, e) in enumerate(spans) if s <= start < e]
    assert index.starting_within(start, end) == [k for k, (s, _) in enumerate(spans) if start <= s < end]
    for besides in (None, 0):
        expected = any(s <= start < e for k, (s, e) in enumerate(spans) if k != besides)
        assert index.holds(start, besides=besides) == expected
    union = SpanSet(spans)
    assert union.overlaps(start, end) == any(s < end and e > start for s, e in spans)

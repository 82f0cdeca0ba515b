"""The ``quotes`` table: every direct and reported quote of every article, with its speaker.

Direct quotes come from the quotation marks (:mod:`helpers.quotes.marks`), reported speech from the parse
(:mod:`helpers.quotes.speech`), speakers from the subject of the reporting verb resolved against the story's
entities (:mod:`helpers.quotes.speakers`). A reported statement that is nothing but a direct quote ("said:
“...”", "characterized the situation as “...”", where only the predicate is what was said) is one quote, the
direct one, and counts as said however short it is; a reported statement with any word of its own outside the
quotation marks ("said he was “very committed” to it", "said the levee was “built far too quickly.”") is one
mixed quote, the reported clause as a whole, as annotators of quotes delimit it. A direct quote without its
own cue is signed with a dash (“...” ― Name), or continues the previous speaker's quote of its paragraph or of
the paragraph before (`“...,” she said. “More.”`, and the newspaper habit of running a speaker's quote on over
several paragraphs), or, opening a paragraph, belongs to the person the paragraph before it was about.

The boolean ``speech`` column says whether a row is attributed speech — what a reader would call a quote: it
has a speaker or a speech cue, it is not a scare quote (a term or two singled out, unless it is an utterance
such as “Really?”), it is not a title (every long word capitalised), it is not the quoted part of a longer
mixed quote, it is not a reported thought ("she believes that ..."), its speaker is not a generic "you", and
it is not in a heading or a link to another story ("READ MORE: ..."). Rows with ``speech`` false stay in the
table (scare quotes are part of how an article frames a story) but are not counted as quotes by the
benchmarks.
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from dataclasses import dataclass
from importlib import resources

import pandas as pd
from spacy.tokens import Span, Token

from helpers.nlp.intervals import SpanIndex, SpanSet
from helpers.quotes.attribution import cue_for_quote
from helpers.quotes.marks import find_quote_marks, is_scare_quote, is_title
from helpers.quotes.speakers import Speaker, SpeakerResolver, title_index
from helpers.quotes.speech import is_thought, reported_speech
from helpers.story import Story
from helpers.tables import by_article, register

QUOTE_COLUMNS = (
    "quote_id",
    "article_id",
    "sent_idx",
    "kind",
    "speaker",
    "speaker_text",
    "cue",
    "text",
    "start",
    "end",
)
EXTRA_COLUMNS = (
    "cue_lemma",
    "cue_start",
    "speaker_start",
    "speaker_end",
    "scare",
    "warning",
    "para_idx",
    "speech",
)
#: A quote signed with a dash after its closing mark: “...” ― Name.
_DASH_BYLINE = re.compile(r"[,.!?;:]?[\"'”’»]*[ \t\u00a0]*[―—–-][ \t\u00a0]*")
_NON_SPACE = re.compile(r"\S")
#: Speakers that stand for anyone ("you might say that ..."): what they say is no one's quote.
GENERIC_SPEAKERS = frozenset({"you", "one"})
#: Punctuation dropped from the end of a direct quote.
TRAILING_TRIM = ",;:"


@dataclass
class _Candidate:
    kind: str
    start: int
    end: int
    cue: Token | None
    cue_name: str
    speaker_token: Token | None
    scare: bool = False
    warning: str = ""
    speaker: Speaker | None = None
    part_of: int = -1  # start offset of the mixed quote this direct quote is part of
    utterance: bool = False  # a short quote that is still a statement ("Really?", "I'm back.")
    title: bool = False  # a quoted name of a work or campaign, all words capitalised
    open_at: int = -1  # offsets of the quotation marks around a direct quote (-1: none)
    close_at: int = -1


def _article_candidates(
    story: Story, article_id: str, bounds: list[tuple[int, int]] | None = None
) -> list[_Candidate]:
    """Direct and reported quotes of one article, before speaker resolution. ``bounds``: the (start, end) of
    the article's paragraphs, read from the paragraphs table when not given."""
    text = story.text(article_id)
    doc = story.docs[article_id]
    if bounds is None:
        paragraphs = story.table("paragraphs")
        mine = paragraphs[paragraphs["article_id"] == article_id]
        bounds = list(zip(mine["start"].tolist(), mine["end"].tolist(), strict=True))
    direct: list[_Candidate] = []
    for marks in find_quote_marks(text, bounds):
        pieces = [_trim(text, start, end) for start, end in marks.pieces(text)]
        pieces = [(start, end) for start, end in pieces if end > start]
        if not pieces:
            continue
        span = doc.char_span(pieces[0][0], pieces[-1][1], alignment_mode="expand")
        cue, speaker, name = cue_for_quote(span) if span is not None and len(span) else (None, None, "")
        for start, end in pieces:  # a quote run on over paragraphs: one row per paragraph, one speaker
            piece = doc.char_span(start, end, alignment_mode="expand")
            quoted = text[start:end]
            candidate = _Candidate(
                "direct", start, end, cue, name, speaker, is_scare_quote(quoted), marks.warning
            )
            candidate.utterance = candidate.scare and piece is not None and _is_utterance(piece)
            candidate.title = is_title(quoted)
            if start - 1 in (marks.open_at, *marks.reopened):
                candidate.open_at = start - 1
            if (start, end) == pieces[-1]:
                candidate.close_at = marks.close_at
            direct.append(candidate)
    token_ranges = []
    for q in direct:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            token_ranges.append((span.start, span.end))
    indirect: list[_Candidate] = []
    direct_spans = SpanIndex([(q.start, q.end) for q in direct])
    taken = SpanSet()  # what the reported statements kept so far cover
    for att in reported_speech(doc, token_ranges):
        start, end = doc[att.start].idx, doc[att.end - 1].idx + len(doc[att.end - 1])
        near = [direct[k] for k in direct_spans.overlapping(start, end)]
        if not _words_outside(text, start, end, near):
            for q in near:  # the direct quote carries the attribution
                if q.start >= start and q.end <= end:
                    q.utterance = True  # all that was said, however short: "called it “a sham”"
                    if q.speaker_token is None:
                        q.cue, q.cue_name, q.speaker_token = att.cue, att.cue_name, att.speaker
            continue
        parts = [q for q in near if q.part_of < 0]
        for q in parts:  # a mixed quote: the reported statement with a few words in quotation marks
            start, end = min(start, q.start), max(end, q.end)
        for q in parts:  # the quoted words' marks come in pairs: one inside brings the other
            if q.close_at >= end and q.open_at >= start:
                end = q.close_at + 1
            elif 0 <= q.open_at < start and 0 <= q.close_at < end:
                start = q.open_at
        if taken.overlaps(start, end):
            continue  # the same statement reached by a second cue
        for q in parts:
            q.part_of = start
        taken.add(start, end)
        indirect.append(_Candidate("indirect", start, end, att.cue, att.cue_name, att.speaker))
    return sorted(direct + indirect, key=lambda q: (q.start, q.end, q.kind))


@functools.lru_cache(maxsize=1)
def teaser_labels() -> tuple[str, ...]:
    """Labels of web-page links to other stories ("READ MORE:"), from ``data/teaser_labels.csv``."""
    with resources.files("helpers").joinpath("data/teaser_labels.csv").open(encoding="utf-8") as handle:
        return tuple(row["label"].lower() for row in csv.DictReader(handle))


def is_teaser(paragraph: str) -> bool:
    """A paragraph that links to another story ("READ MORE: Minister says ..."): a headline, not text."""
    label, colon, _ = paragraph.strip().partition(":")
    return bool(colon) and label.strip().lower() in teaser_labels()


def _words_outside(text: str, start: int, end: int, quotes: list[_Candidate]) -> bool:
    """Whether ``text[start:end]`` has a letter or digit outside the direct quotes ``quotes``: the reported
    statement says more than its quotation marks hold, so it is a mixed quote, not the direct one."""
    at = start
    for q in sorted(quotes, key=lambda q: q.start):
        if any(ch.isalnum() for ch in text[at : min(q.start, end)]):
            return True
        at = max(at, q.end)
    return any(ch.isalnum() for ch in text[at:end])


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """“..., ” she said: the comma belongs to the sentence, not to what was said."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRAILING_TRIM):
        end -= 1
    return start, end


def _is_utterance(span: Span) -> bool:
    """A short quote that is said rather than singled out: a question, an exclamation or a clause."""
    return span.text.rstrip("\"”’' ").endswith(("?", "!")) or any(t.dep_ == "nsubj" for t in span)


def _content_index(paragraphs: pd.DataFrame) -> list[int]:
    """For each paragraph, its number among the paragraphs holding a letter or digit (separator lines
    such as " ." share the number of the paragraph before them)."""
    numbers, n = [], -1
    for text in paragraphs["text"]:
        if any(ch.isalnum() for ch in str(text)):
            n += 1
        numbers.append(max(n, 0))
    return numbers


def extract_quotes(story: Story) -> pd.DataFrame:
    """Every quote of the story: one row per direct or reported statement, sorted by article and offset."""
    entities = story.table("entities")
    paragraphs = story.table("paragraphs")
    titles = title_index(story.docs, entities)
    # each table split by article once, not filtered once per article
    entities_of, paragraphs_of = (by_article(table) for table in (entities, paragraphs))
    rows = []
    for article_id in story.article_ids:
        doc = story.docs[article_id]
        text = story.text(article_id)
        resolver = SpeakerResolver(doc, entities_of(article_id), titles, article_id)
        sent_starts = [start for _idx, start, _end in story.sentence_bounds(article_id)]
        article_paras = paragraphs_of(article_id)
        para_starts = article_paras["start"].tolist()
        para_kinds = list(article_paras["kind"])
        para_texts = [str(t) for t in article_paras["text"]]
        content = _content_index(article_paras)
        content_starts: dict[int, int] = {}
        for number, start in zip(content, para_starts, strict=True):
            content_starts.setdefault(number, start)
        previous: _Candidate | None = None
        previous_para = -1
        bounds = list(zip(para_starts, article_paras["end"].tolist(), strict=True))
        for n, q in enumerate(_article_candidates(story, article_id, bounds)):
            para_idx = max(bisect.bisect_right(para_starts, q.start) - 1, 0)
            q.speaker = resolver.resolve(q.speaker_token)
            if q.speaker is None and q.kind == "direct" and (byline := _DASH_BYLINE.match(text, q.end)):
                q.speaker = resolver.named_at(byline.end())
            if q.speaker is None and q.cue is None:
                if previous is not None and 0 <= content[para_idx] - previous_para <= 1:
                    q.speaker, q.cue_name = previous.speaker, previous.cue_name
                elif q.kind == "direct" and not _NON_SPACE.search(text, para_starts[para_idx], q.start - 1):
                    # a quote paragraph right after a paragraph about someone is theirs
                    q.speaker = resolver.last_person(content_starts[max(content[para_idx] - 1, 0)], q.start)
            if q.speaker is not None:
                resolver.remember(q.speaker)
            scare_term = q.scare and not q.utterance
            heading = bool(para_kinds) and para_kinds[para_idx] == "heading"
            heading = heading or is_teaser(para_texts[para_idx])
            generic = q.speaker is not None and q.speaker.text.lower() in GENERIC_SPEAKERS
            speech = (q.speaker is not None or q.cue is not None) and not scare_term and not heading
            speech = speech and not generic
            speech = speech and q.part_of < 0 and not q.title and not is_thought(q.cue_name)
            rows.append(
                {
                    "quote_id": n,
                    "article_id": article_id,
                    "sent_idx": max(bisect.bisect_right(sent_starts, q.start) - 1, 0),
                    "kind": q.kind,
                    "speaker": q.speaker.canonical if q.speaker else "",
                    "speaker_text": q.speaker.text if q.speaker else "",
                    "cue": q.cue.text if q.cue is not None and q.cue_name != "according to" else q.cue_name,
                    "text": text[q.start : q.end],
                    "start": q.start,
                    "end": q.end,
                    "cue_lemma": q.cue_name,
                    "cue_start": q.cue.idx if q.cue is not None else -1,
                    "speaker_start": q.speaker.start if q.speaker else -1,
                    "speaker_end": q.speaker.end if q.speaker else -1,
                    "scare": q.scare,
                    "warning": q.warning,
                    "para_idx": para_idx,
                    "speech": speech,
                }
            )
            if speech and q.speaker is not None:
                previous, previous_para = q, content[para_idx]
    return pd.DataFrame(rows, columns=list(QUOTE_COLUMNS + EXTRA_COLUMNS))


register(
    "quotes",
    QUOTE_COLUMNS,
    "Direct and reported quotes with speaker (canonical and as written), speech cue and offsets.",
)(extract_quotes)

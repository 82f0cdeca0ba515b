"""The ``quotes`` table: every direct and reported quote of every article, with its speaker.

Direct quotes come from the quotation marks (:mod:`helpers.quote_marks`), reported speech from the parse
(:mod:`helpers.speech`), speakers from the subject of the reporting verb resolved against the story's
entities (:mod:`helpers.speakers`). A reported statement that is mostly a direct quote ("characterized the
situation as “...”") is one quote, the direct one; a direct quote without its own cue continues the
previous quote of its paragraph (`“...,” she said. “More.”`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import pandas as pd
from spacy.tokens import Token

from helpers.quote_marks import find_quote_marks, is_scare_quote
from helpers.speakers import Speaker, SpeakerResolver, title_index
from helpers.speech import cue_for_quote, reported_speech
from helpers.story import Story
from helpers.tables import register

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
EXTRA_COLUMNS = ("cue_lemma", "cue_start", "speaker_start", "speaker_end", "scare", "warning", "para_idx")
#: A reported statement whose characters are at least this share direct quote is the direct quote.
DIRECT_SHARE = 0.5
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


def _article_candidates(story: Story, article_id: str) -> list[_Candidate]:
    """Direct and reported quotes of one article, before speaker resolution."""
    text = story.text(article_id)
    doc = story.docs[article_id]
    paragraphs = story.table("paragraphs")
    bounds = [
        (int(r.start), int(r.end)) for r in paragraphs[paragraphs["article_id"] == article_id].itertuples()
    ]
    direct: list[_Candidate] = []
    for marks in find_quote_marks(text, bounds):
        end = marks.end
        while end > marks.start and (text[end - 1].isspace() or text[end - 1] in TRAILING_TRIM):
            end -= 1  # “..., ” she said: the comma belongs to the sentence, not to what was said
        if end <= marks.start:
            continue
        span = doc.char_span(marks.start, end, alignment_mode="expand")
        cue, speaker, name = cue_for_quote(span) if span is not None and len(span) else (None, None, "")
        direct.append(
            _Candidate(
                "direct",
                marks.start,
                end,
                cue,
                name,
                speaker,
                is_scare_quote(text[marks.start : end]),
                marks.warning,
            )
        )
    token_ranges = []
    for q in direct:
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            token_ranges.append((span.start, span.end))
    indirect: list[_Candidate] = []
    for att in reported_speech(doc, token_ranges):
        start, end = doc[att.start].idx, doc[att.end - 1].idx + len(doc[att.end - 1])
        covered = sum(max(0, min(end, q.end) - max(start, q.start)) for q in direct)
        if covered >= DIRECT_SHARE * (end - start):
            for q in direct:  # the direct quote carries the attribution
                if q.start >= start and q.end <= end and q.speaker_token is None:
                    q.cue, q.cue_name, q.speaker_token = att.cue, att.cue_name, att.speaker
            continue
        indirect.append(_Candidate("indirect", start, end, att.cue, att.cue_name, att.speaker))
    return sorted(direct + indirect, key=lambda q: (q.start, q.end, q.kind))


def extract_quotes(story: Story) -> pd.DataFrame:
    """Every quote of the story: one row per direct or reported statement, sorted by article and offset."""
    entities = story.table("entities")
    sentences = story.table("sentences")
    paragraphs = story.table("paragraphs")
    titles = title_index(story.docs, entities)
    rows = []
    for article_id in story.article_ids:
        doc = story.docs[article_id]
        text = story.text(article_id)
        resolver = SpeakerResolver(doc, entities[entities["article_id"] == article_id], titles, article_id)
        sent_starts = list(sentences.loc[sentences["article_id"] == article_id, "start"])
        para_starts = list(paragraphs.loc[paragraphs["article_id"] == article_id, "start"])
        previous: _Candidate | None = None
        previous_para = -1
        for n, q in enumerate(_article_candidates(story, article_id)):
            para_idx = max(bisect.bisect_right(para_starts, q.start) - 1, 0)
            q.speaker = resolver.resolve(q.speaker_token)
            if q.speaker is None and q.cue is None and previous is not None and previous_para == para_idx:
                q.speaker, q.cue_name = previous.speaker, previous.cue_name
            if q.speaker is not None:
                resolver.remember(q.speaker)
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
                }
            )
            previous, previous_para = q, para_idx
    return pd.DataFrame(rows, columns=list(QUOTE_COLUMNS + EXTRA_COLUMNS))


register(
    "quotes",
    QUOTE_COLUMNS,
    "Direct and reported quotes with speaker (canonical and as written), speech cue and offsets.",
)(extract_quotes)

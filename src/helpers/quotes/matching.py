"""The ``quote_matches`` table: which quote of one article is which quote of another, and what happened
to it on the way.

For every pair of articles (story order, first article on the left), each quote pair gets a score: the Dice
overlap of their content lemmas (numbers included), plus a bonus when the speakers agree, plus a bonus when
they state a figure in common, plus a bonus when the sentences the two quotes sit in are linked by the
``alignments`` table (a reworded quote, or one turned from direct into reported speech, shares few words with
its counterpart but sits in the sentence the alignment paired with it; a quote running over several sentences
counts as in each of them). A speaker that is a description rather than a name ("forecasters", "the agency's
officials") neither confirms nor contradicts a named one: rewrites generalise speakers; nor does a place that
speaks for its government ("Bratislava warned"). The links are chosen globally, one-to-one
(``scipy.optimize.linear_sum_assignment``), so a quote is never claimed by two counterparts and a weak pairing
cannot steal a strong one's partner; the one exception is a statement a rewrite split into two quotes or
merged from two (same speaker, neighbouring sentences, each part sharing words with the other side), whose
second part gets a link of its own. Quotes still alone on both sides that share no word are paired last when
their sentences are aligned, the speaker is the same and the sentences share words besides the attribution
(:func:`_context_links`). Each link is then labelled:
``verbatim`` (same words), ``altered`` (quotation marks kept on both sides, words changed),
``speaker_changed`` (same words, another speaker), ``paraphrased`` (same content reworded, including
direct ↔ reported); quotes left over are ``only_left`` / ``only_right``.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Mapping

import numpy as np
import pandas as pd

from helpers.comparison.similarity import words
from helpers.nlp.text import content_lemmas
from helpers.story import Story
from helpers.tables import register

MATCH_COLUMNS = (
    "left_article",
    "left_quote",
    "right_article",
    "right_quote",
    "speaker",
    "status",
    "similarity",
    "form_changed",
)
EXTRA_COLUMNS = ("left_speaker", "right_speaker", "left_kind", "right_kind", "left_text", "right_text")
#: Least content overlap (Dice) for two quotes to be the same statement at all.
MIN_OVERLAP = 0.15
#: Least overall score (overlap + speaker bonus) for a link.
MIN_SCORE = 0.3
#: Bonus for agreeing speakers, penalty for two known speakers who differ.
SPEAKER_BONUS, SPEAKER_PENALTY = 0.2, 0.1
#: Overlap from which a link with two different known speakers counts as the same words.
SAME_WORDS = 0.6
#: Bonus when the two quotes' sentences are aligned; with it a quote pair needs less overlap.
ALIGNED_BONUS, ALIGNED_MIN_OVERLAP = 0.25, 0.05
#: Subject pronouns that can stand for a speaker (``helpers.quotes.coref`` resolves them; not imported here:
#: it loads spaCy, and the report pages import this module for word diffs).
PRONOUNS = frozenset({"he", "she", "they", "it"})
#: Bonus when the two quotes state a figure in common.
FIGURE_BONUS = 0.15


def is_name(speaker: str) -> bool:
    """Whether a speaker reads as a name (a capitalised word), not a description such as "officials"."""
    return any(w[:1].isupper() for w in str(speaker).split())


@functools.lru_cache(maxsize=8192)
def _word_set(text: str) -> frozenset[str]:
    """The words of a speaker's name (speakers recur across every pair of a story: read each once)."""
    return frozenset(words(text))


def same_speaker(left: str, right: str, named: tuple[bool, bool] | None = None) -> bool | None:
    """True when two speaker names agree (equal, or one's words inside the other's: "United Nations" and
    "United Nations Office for ..."), False when both are names and differ, None when one is unknown or a
    description ("forecasters"). ``named`` says which speakers are names (from the parse); without it a
    speaker with a capitalised word counts as a name."""
    a, b = _word_set(left), _word_set(right)
    if not a or not b:
        return None
    if a <= b or b <= a:
        return True
    both_named = all(named) if named is not None else is_name(left) and is_name(right)
    return False if both_named else None


def _dice(a: set[str], b: set[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


#: Parts of speech of stop words that still carry a statement: spaCy's stop list holds adverbs and
#: adjectives such as "never", "again", "most", "next", "only", "whole", "full", and a short quote ("I will
#: never see that money again") has little else to be recognised by.
KEPT_STOP_POS = frozenset({"ADV", "ADJ"})


def _lemma_sets(story: Story, quotes: pd.DataFrame) -> list[frozenset[str]]:
    """Content lemmas of every quote (numbers included, thousands separators dropped) with its stop-listed
    adverbs and adjectives (:data:`KEPT_STOP_POS`), in table order."""
    sets = []
    for q in quotes.itertuples():
        span = story.span(q.article_id, int(q.start), int(q.end))
        kept = [t.lemma_.lower() for t in span if t.is_stop and t.pos_ in KEPT_STOP_POS]
        sets.append(frozenset(lemma.replace(",", "") for lemma in content_lemmas(span) + kept))
    return sets


def status_of(left: Mapping, right: Mapping, overlap: float) -> str:
    """Label one link from the two quotes' kinds, words and speakers."""
    speakers = speakers_agree(left, right)
    same_words = words(left["text"]) == words(right["text"])
    # A speaker found through a pronoun ("..., he said") is the coreference step's guess: with the words
    # changed too, a different guess is more likely a slip of that step than a misattribution.
    written = not (_by_pronoun(left) or _by_pronoun(right))
    if speakers is False and (same_words or overlap >= SAME_WORDS and written):
        return "speaker_changed"
    if same_words and left["kind"] == right["kind"]:
        return "verbatim"
    if left["kind"] == "direct" and right["kind"] == "direct":
        return "altered"
    return "paraphrased"


def _by_pronoun(quote: Mapping) -> bool:
    """Whether the quote's speaker was written as a pronoun and resolved to a name."""
    return str(quote.get("speaker_text", "")).strip().lower() in PRONOUNS


def speakers_agree(left: Mapping, right: Mapping) -> bool | None:
    """:func:`same_speaker` for two quote records. A place that speaks ("Bratislava warned", "Lisbon said")
    stands for its government, so it neither confirms nor contradicts a person or a body: rewrites put a
    capital for the minister the source named. Two places are compared by name like any speakers."""
    if bool(left.get("place")) != bool(right.get("place")):
        return None
    return same_speaker(str(left["speaker"]), str(right["speaker"]), _named(left, right))


def _named(left: Mapping, right: Mapping) -> tuple[bool, bool]:
    return tuple(bool(q["named"] if "named" in q else is_name(str(q["speaker"]))) for q in (left, right))


def _speaker_bonus(agree: bool | None) -> float:
    return SPEAKER_BONUS if agree else -SPEAKER_PENALTY if agree is False else 0.0


def _overlaps(left: list[frozenset[str]], right: list[frozenset[str]]) -> np.ndarray:
    """Dice overlap of every left quote with every right quote, visiting only pairs that share a lemma."""
    overlap = np.zeros((len(left), len(right)))
    postings: dict[str, list[int]] = {}
    for j, lemmas in enumerate(right):
        for lemma in lemmas:
            postings.setdefault(lemma, []).append(j)
    for i, lemmas in enumerate(left):
        for j in {j for lemma in lemmas for j in postings.get(lemma, ())}:
            overlap[i, j] = _dice(lemmas, right[j])
    return overlap


def match_pair(
    left: list[dict],
    right: list[dict],
    left_sets: list[frozenset[str]],
    right_sets: list[frozenset[str]],
    aligned: set[tuple[int, int]] = frozenset(),
) -> list[dict]:
    """Link the quotes of two articles and label every quote's fate: one record per link, and one per quote
    left without a counterpart.

    The links are one-to-one, except where a rewrite merged two statements into one quote or split one into
    two (:func:`_merged_links`). ``aligned`` holds the (left sentence, right sentence) pairs the alignment
    linked.
    """
    overlap = _overlaps(left_sets, right_sets)
    linked = _aligned_matrix(left, right, aligned)
    bonus = np.zeros_like(overlap)  # only where a link is possible at all: the speakers of every quote pair
    for i, j in zip(*np.nonzero(overlap >= min(MIN_OVERLAP, ALIGNED_MIN_OVERLAP)), strict=True):
        lq, rq = left[i], right[j]
        bonus[i, j] = _speaker_bonus(speakers_agree(lq, rq))
    figures = _shared_figures(left_sets, right_sets)
    score = overlap + bonus + np.where(linked, ALIGNED_BONUS, 0.0) + np.where(figures, FIGURE_BONUS, 0.0)
    least = np.where(linked, ALIGNED_MIN_OVERLAP, MIN_OVERLAP)
    allowed = (overlap >= least) & (score >= MIN_SCORE)
    links: dict[int, int] = {}
    if allowed.any():
        from scipy.optimize import linear_sum_assignment  # here: page 03 imports this module for word diffs

        rows, cols = linear_sum_assignment(np.where(allowed, -score, 0.0))
        links = {int(i): int(j) for i, j in zip(rows, cols, strict=True) if allowed[i, j]}
    pairs = sorted(links.items())
    pairs += _merged_links(pairs, np.where(allowed, score, 0.0), left, right, left_sets, right_sets)
    pairs += [
        (j, i)
        for i, j in _merged_links(
            [(j, i) for i, j in pairs], np.where(allowed, score, 0.0).T, right, left, right_sets, left_sets
        )
    ]
    pairs += _context_links(pairs, linked, left, right, left_sets, right_sets)
    partners: dict[int, list[int]] = {}
    for i, j in sorted(pairs):
        partners.setdefault(i, []).append(j)
    records = []
    for i, lq in enumerate(left):
        for j in partners.get(i) or [None]:
            rq = right[j] if j is not None else None
            records.append(_record(lq, rq, float(score[i, j]) if j is not None else np.nan, overlap, i, j))
    claimed = {j for _i, j in pairs}
    for j, rq in enumerate(right):
        if j not in claimed:
            records.append(_record(None, rq, np.nan, overlap, None, j))
    return records


def _merged_links(
    pairs: list[tuple[int, int]],
    score: np.ndarray,
    left: list[dict],
    right: list[dict],
    left_sets: list[frozenset[str]],
    right_sets: list[frozenset[str]],
) -> list[tuple[int, int]]:
    """Second links for right quotes the one-to-one assignment left alone, where the rewrite split one
    statement into two quotes (or, called with the sides swapped, merged two into one).

    A right quote ``j`` left over joins the left quote ``i`` already linked to its neighbour ``k`` when the
    pair is a possible link on its own (``score`` > 0), ``j`` and ``k`` have one speaker and sit in the same
    or adjacent sentences (one statement cut in two), and ``j`` shares words with the part of ``i`` that
    ``k`` does not account for: two separate statements of one speaker ("the roads will reopen on Monday",
    "the schools will reopen on Tuesday") leave nothing over.
    """
    partner = {j: i for i, j in pairs}
    extra: list[tuple[int, int]] = []
    for j, rq in enumerate(right):
        if j in partner:
            continue
        best, best_score = None, 0.0
        for k, i in partner.items():
            if score[i, j] <= best_score or not _adjacent(rq, right[k]):
                continue
            if not speakers_agree(rq, right[k]):
                continue
            if right_sets[j] & (left_sets[i] - right_sets[k]):
                best, best_score = i, float(score[i, j])
        if best is not None:
            extra.append((best, j))
    return extra


def _context_links(
    pairs: list[tuple[int, int]],
    linked: np.ndarray,
    left: list[dict],
    right: list[dict],
    left_sets: list[frozenset[str]],
    right_sets: list[frozenset[str]],
) -> list[tuple[int, int]]:
    """Links for quotes still alone on both sides that share no word at all but sit in aligned sentences,
    from one speaker, whose sentences share words besides the attribution (``context``: the sentences'
    lemmas without the speaker's phrase and the speech verb). Two sentences can be aligned by "Jeroen Smit
    said" alone; then nothing is left over and the quotes stay apart. Of several candidates, a quote whose
    words the other sentence gives outside its quote (``narrative``: told as fact, not as what was said)
    comes last."""
    taken_left, taken_right = {i for i, _j in pairs}, {j for _i, j in pairs}
    candidates = []
    for i, j in zip(*np.nonzero(linked), strict=True):
        lq, rq = left[i], right[j]
        if i in taken_left or j in taken_right or not speakers_agree(lq, rq):
            continue
        shared = len(lq.get("context", frozenset()) & rq.get("context", frozenset()))
        if shared:
            told = bool(left_sets[i] & rq.get("narrative", frozenset())) + bool(
                right_sets[j] & lq.get("narrative", frozenset())
            )
            candidates.append((told, -shared, int(i), int(j)))
    extra: list[tuple[int, int]] = []
    for _told, _shared, i, j in sorted(candidates):
        if i not in taken_left and j not in taken_right:
            extra.append((i, j))
            taken_left.add(i)
            taken_right.add(j)
    return extra


def _sentences(quote: Mapping) -> tuple[int, ...]:
    """The sentences a quote runs over (its first one when the record does not list them)."""
    return quote.get("sents") or (int(quote["sent_idx"]),)


def _adjacent(a: Mapping, b: Mapping) -> bool:
    """Whether two quotes of one article sit in the same or in neighbouring sentences."""
    return any(abs(x - y) <= 1 for x in _sentences(a) for y in _sentences(b))


@functools.lru_cache(maxsize=4096)
def _numbers(lemmas: frozenset[str]) -> frozenset[str]:
    """The figures among a quote's lemmas ("95", "3.5", "1800"): digits, with a decimal point at most.
    Remembered: a quote's lemmas are read against every other article's quotes."""
    return frozenset(
        w for w in lemmas if any(c.isdigit() for c in w) and w.replace(".", "", 1).rstrip("%").isdigit()
    )


def _aligned_matrix(left: list[Mapping], right: list[Mapping], aligned: set[tuple[int, int]]) -> np.ndarray:
    """:func:`_aligned` of every left quote with every right quote, read from the aligned sentence pairs
    (a pair of articles has a few dozen of those, and far more quote pairs)."""
    matrix = np.zeros((len(left), len(right)), dtype=bool)
    if not aligned or not left or not right:
        return matrix
    sides = []
    for quotes in (left, right):
        in_sentence: dict[int, list[int]] = {}
        for k, quote in enumerate(quotes):
            for sent in _sentences(quote):
                in_sentence.setdefault(sent, []).append(k)
        sides.append(in_sentence)
    for left_sent, right_sent in aligned:
        for i in sides[0].get(left_sent, ()):
            matrix[i, sides[1].get(right_sent, [])] = True
    return matrix


def _shared_figures(left_sets: list[frozenset[str]], right_sets: list[frozenset[str]]) -> np.ndarray:
    """Whether each left quote states a figure (:func:`_numbers`) that each right quote states too."""
    shared = np.zeros((len(left_sets), len(right_sets)), dtype=bool)
    right_numbers = [(j, numbers) for j, numbers in enumerate(map(_numbers, right_sets)) if numbers]
    for i, numbers in enumerate(map(_numbers, left_sets)):
        if numbers:
            for j, other in right_numbers:
                shared[i, j] = bool(numbers & other)
    return shared


def _aligned(left: Mapping, right: Mapping, aligned: set[tuple[int, int]]) -> bool:
    """Whether any sentence of one quote is aligned with any sentence of the other: a quote may run over
    several sentences, and the rewrite's counterpart may sit beside any of them."""
    return any((ls, rs) in aligned for ls in _sentences(left) for rs in _sentences(right))


def _record(lq, rq, similarity: float, overlap: np.ndarray, i, j) -> dict:
    both = lq is not None and rq is not None
    if both:
        status = status_of(lq, rq, float(overlap[i, j]))
    else:
        status = "only_left" if rq is None else "only_right"
    speaker = ""
    for q in (lq, rq):
        if q is not None and q["speaker"] and not speaker:
            speaker = q["speaker"]
    return {
        "left_quote": int(lq["quote_id"]) if lq is not None else pd.NA,
        "right_quote": int(rq["quote_id"]) if rq is not None else pd.NA,
        "speaker": speaker,
        "status": status,
        "similarity": round(min(similarity, 1.0), 3) if both else np.nan,
        "form_changed": bool(both and lq["kind"] != rq["kind"]),
        "left_speaker": lq["speaker"] if lq is not None else "",
        "right_speaker": rq["speaker"] if rq is not None else "",
        "left_kind": lq["kind"] if lq is not None else "",
        "right_kind": rq["kind"] if rq is not None else "",
        "left_text": lq["text"] if lq is not None else "",
        "right_text": rq["text"] if rq is not None else "",
    }


def _speaker_named(story: Story, quote: Mapping) -> bool:
    """Whether the quote's speaker is a name, not a description such as "forecasters" or "the agency's
    officials": its span holds a proper noun, or it was resolved (a pronoun) to a capitalised name."""
    speaker = str(quote["speaker"])
    start, end = quote.get("speaker_start"), quote.get("speaker_end")
    if not speaker or pd.isna(start) or pd.isna(end) or int(end) <= int(start):
        return is_name(speaker)
    span = story.span(quote["article_id"], int(start), int(end))
    if any(t.pos_ == "PROPN" for t in span):
        return True
    return words(span.text) != words(speaker) and is_name(speaker)


#: spaCy's entity labels of a place: a country, city or region.
PLACE_LABELS = frozenset({"GPE", "LOC"})
#: Words a place name's GloVe vector sits near, and the least cosine to one of them. spaCy often reads a
#: city that speaks ("Bratislava warned") as a person; place names sit at 0.4–0.6 of "city" / "capital",
#: surnames below 0.3.
PLACE_WORDS, PLACE_COSINE = ("city", "capital"), 0.35


def _place_candidate(story: Story, quote: Mapping) -> bool | str:
    """Whether the speaker as written is a place name, as far as the parse decides it: ``True`` when every
    word of its span is a place entity, ``False`` when it cannot be one, or the single proper noun whose
    word vector must decide (:func:`_near_place`)."""
    start, end = quote.get("speaker_start"), quote.get("speaker_end")
    if pd.isna(start) or pd.isna(end) or int(end) <= int(start):
        return False
    span = story.span(quote["article_id"], int(start), int(end))
    tokens = [t for t in span if not (t.is_punct or t.is_space or t.dep_ in {"cc", "det"})]
    if not tokens or not _word_set(str(quote["speaker"])) <= _word_set(span.text):
        return False  # resolved to a longer name ("Chebet" → "Daniel Chebet"): a person
    if all(t.ent_type_ in PLACE_LABELS for t in tokens):
        return True
    if len(tokens) != 1 or tokens[0].pos_ != "PROPN" or tokens[0].ent_type_ in {"ORG", "NORP"}:
        return False
    return tokens[0].text


def _near_place(word: str, table: Mapping[str, np.ndarray]) -> bool:
    """Whether a word's vector (in ``table``, :func:`helpers.comparison.wordvectors.vectors`) sits near one
    of :data:`PLACE_WORDS`."""
    vector = table.get(word.casefold())
    return vector is not None and any(
        float(vector @ table[w]) >= PLACE_COSINE for w in PLACE_WORDS if w in table
    )


def _speakers_are_places(story: Story, quotes: list[Mapping]) -> list[bool]:
    """:func:`_speaker_is_place` of many quotes, with the word vectors of all their candidates looked up in
    one pass (each lookup searches the whole GloVe vocabulary, whatever the number of words)."""
    candidates = [_place_candidate(story, quote) for quote in quotes]
    words = [c for c in candidates if isinstance(c, str)]
    if not words:
        return [bool(c) for c in candidates]
    from helpers.comparison.wordvectors import vectors

    table = vectors([*words, *PLACE_WORDS])
    return [_near_place(c, table) if isinstance(c, str) else c for c in candidates]


def _speaker_is_place(story: Story, quote: Mapping) -> bool:
    """Whether the speaker as written is a place name: every word of its span a place entity, or a single
    proper noun (not read as an organisation) whose word vector sits near :data:`PLACE_WORDS`; never a
    speaker the coreference step resolved to a longer name."""
    return _speakers_are_places(story, [quote])[0]


def _sentence_links(story: Story) -> dict[tuple[str, str], set[tuple[int, int]]]:
    """The sentence pairs the ``alignments`` table linked, by article pair."""
    from helpers.comparison.align import linked_sentence_pairs  # here: the report pages import this module

    return linked_sentence_pairs(story)


def _add_sentences(story: Story, by_article: Mapping[str, tuple[list[dict], list]]) -> None:
    """Give every quote record ``sents``: the indices of all sentences its text overlaps, in order."""
    for aid, (records, _sets) in by_article.items():
        bounds = np.array(story.sentence_bounds(aid), dtype=np.int64).reshape(-1, 3)
        idx, starts, ends = bounds[:, 0], bounds[:, 1], bounds[:, 2]
        for record in records:
            start, end = int(record["start"]), int(record["end"])
            covered = idx[(starts < end) & (ends > start)]
            record["sents"] = tuple(int(i) for i in covered) or (int(record["sent_idx"]),)


def _add_context(story: Story, by_article: Mapping[str, tuple[list[dict], list]]) -> None:
    """Give every quote record ``context`` (content lemmas of its sentences without the speaker's phrase,
    appositions included, and without speech verbs and nouns) and ``narrative`` (the same without the quote
    itself)."""
    from helpers.quotes.speech import (
        is_speech_noun,
        verb_cue,
    )  # here: it loads spaCy, the report pages do not

    for aid, (records, _sets) in by_article.items():
        if not records:
            continue
        sentences = story.sentence_spans(aid)
        for record in records:
            attribution: set[int] = set()
            start, end = record.get("speaker_start"), record.get("speaker_end")
            if not (pd.isna(start) or pd.isna(end)) and int(end) > int(start):
                root = story.span(aid, int(start), int(end)).root
                attribution |= {t.i for t in root.subtree}
            tokens = [
                t
                for k in record["sents"]
                for t in sentences[k]
                if t.i not in attribution and verb_cue(t) is None and not is_speech_noun(t)
            ]
            quote = story.span(aid, int(record["start"]), int(record["end"]))
            record["context"] = frozenset(content_lemmas(tokens))
            record["narrative"] = frozenset(
                content_lemmas(t for t in tokens if not quote.start <= t.i < quote.end)
            )


def match_quotes(story: Story) -> pd.DataFrame:
    """Quote links for every unordered pair of articles, in story order.

    Each quote's lemmas are read once; a pair of articles then costs only the quote pairs that share a
    lemma (an inverted index), not a pass over the parse.
    """
    quotes = story.table("quotes")
    sets = _lemma_sets(story, quotes)
    by_article: dict[str, tuple[list[dict], list[frozenset[str]]]] = {
        aid: ([], []) for aid in story.article_ids
    }
    all_records = quotes.to_dict("records")
    places = _speakers_are_places(story, all_records)
    for record, lemmas, place in zip(all_records, sets, places, strict=True):
        record["named"] = _speaker_named(story, record)
        record["place"] = place
        by_article[record["article_id"]][0].append(record)
        by_article[record["article_id"]][1].append(lemmas)
    links = _sentence_links(story)
    _add_sentences(story, by_article)
    _add_context(story, by_article)
    records = []
    for left_id, right_id in itertools.combinations(story.article_ids, 2):
        (left, left_sets), (right, right_sets) = by_article[left_id], by_article[right_id]
        if not left and not right:
            continue
        aligned = links.get((left_id, right_id), set())
        for record in match_pair(left, right, left_sets, right_sets, aligned):
            records.append({"left_article": left_id, "right_article": right_id, **record})
    columns = list(MATCH_COLUMNS + EXTRA_COLUMNS)
    frame = pd.DataFrame(records, columns=columns)
    frame["left_quote"] = frame["left_quote"].astype("Int64")
    frame["right_quote"] = frame["right_quote"].astype("Int64")
    frame["similarity"] = frame["similarity"].astype(float)
    return frame


def word_diff(left: str, right: str) -> str:
    """An HTML word diff of two quote texts (removed words in ``<del>``, added in ``<ins>``, text escaped):
    the same diff the comparison analysis shows for sentences."""
    from helpers.comparison.diffs import diff_html  # imported here so the table registry keeps its order

    return diff_html(left, right)


register(
    "quote_matches",
    MATCH_COLUMNS,
    "Each quote linked to its counterpart in every other article, with what happened to it.",
)(match_quotes)

"""The ``alignments`` table: sentence by sentence, how each article relates to each other one.

For every unordered pair of articles the sentences are scored with
:mod:`helpers.comparison.similarity`, then the links are decided globally, in five steps:

1. the score is damped by the distance between the two sentences' relative positions and raised by the
   strength of the diagonal around it (a sentence whose neighbours align with the other's neighbours is
   likely aligned too: rewrites keep runs of order even when they move paragraphs);
2. competitive linking on that adjusted score picks a one-to-one backbone: over all pairs of the two
   articles, the strongest pair whose sentences are both still free is linked first, so a weak pairing can
   never steal a strong one's partner (an assignment maximising the total score would trade one strong
   link for two mediocre ones);
3. extra links make it many-to-many: a sentence may also join the partner of its neighbour (two sentences
   merged into one, or one split in two), or any sentence it matches strongly;
4. a pair sharing a number (not a small count) that each article writes in that one sentence only is
   linked (a figure is an anchor: rewrites keep it however much they change the words);
5. relative evidence rescues the sentences still without a link, which a heavy paraphrase leaves weak in
   absolute terms: a pair that stands out from both sentences' nearest rivals is linked (the margin
   criterion of parallel-sentence mining, on the blend of lexical and soft word-vector scores adjusted as
   in step 1, over the mean of each side's top few).

Every link gets a relation (``identical``, ``near_verbatim``, ``paraphrase``, ``partial``) and every sentence
left without a link gets a ``unique`` row with the other side's sentence empty.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from helpers.comparison import equivalence, similarity, wordvectors
from helpers.comparison.similarity import Features
from helpers.comparison.vectors import StoryVectors
from helpers.figures.matching import SMALL_COUNT
from helpers.story import Story
from helpers.tables import by_article, records, register

if TYPE_CHECKING:
    from spacy.tokens import Doc

ALIGN_COLUMNS = ("left_article", "left_sent", "right_article", "right_sent", "relation", "score")
EXTRA_COLUMNS = ("left_text", "right_text")
RELATIONS = ("identical", "near_verbatim", "paraphrase", "partial", "unique")


@dataclass(frozen=True)
class Thresholds:
    """The knobs of the alignment, with defaults that hold on rewrites and on unrelated articles alike.

    Attributes:
        link: least adjusted score for a one-to-one link.
        evidence: least raw score for any link (context alone never links two unrelated lines).
        extra: least raw score for an extra (merge / split) link to a neighbour's partner.
        strong: least raw score for an extra link anywhere.
        near_verbatim: least word-sequence similarity for ``near_verbatim``.
        paraphrase: least probability that two linked sentences make the same statement
            (:func:`helpers.comparison.equivalence.probability`) for ``paraphrase``; below it a link is
            ``partial`` (part of it kept, a clause added or dropped, a figure or a negation changed).
        heading: least word-sequence similarity for a heading to align with body text.
        position: how much a difference in relative position damps the score (0 = not at all).
        context: how much a strong diagonal around a pair raises its score.
        margin: least margin (the pair's blended score over the mean of its row's and its column's top
            :data:`MARGIN_TOP` scores) for a link on relative evidence.
        margin_floor: least blended score for a margin link (a tiny score can stand out among tinier ones).
        related: least share of the shorter article's sentences the one-to-one backbone links for the two
            articles to count as related, below which no number anchor or margin link is added.
    """

    link: float = 0.2
    evidence: float = 0.08
    extra: float = 0.4
    strong: float = 0.55
    near_verbatim: float = 0.75
    paraphrase: float = equivalence.SAME_MEANING
    heading: float = 0.9
    position: float = 0.3
    context: float = 0.15
    margin: float = 1.15
    margin_floor: float = 0.1
    related: float = 0.2


#: How many of a sentence's best scores make the yardstick of the margin (the pair itself included).
MARGIN_TOP = 3
#: Share of the soft word-vector score in the blend the margin is taken on (the rest: the lexical score).
BLEND_SOFT = 0.5
#: Share of the lexical score taken with the quotes' attributions in (the rest: without them), so that words
#: of the attribution (speaker, title, speech verb) count half what the words of what is said count.
ATTRIBUTION_SHARE = 0.5
#: Neighbouring cells whose score supports a pair: the diagonal before and after, one sentence skipped.
_DIAGONAL = ((-1, -1), (-1, -2), (-2, -1), (1, 1), (1, 2), (2, 1))


def word_ratio(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """Similarity of two word sequences (difflib ratio), 1 for the same words in the same order."""
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def word_ratio_at_least(a: tuple[str, ...], b: tuple[str, ...], least: float) -> bool:
    """Whether :func:`word_ratio` of two word sequences reaches ``least``, diffing only the pairs whose
    shared words (a multiset, order ignored) could reach it: the ratio's matches are shared words, so
    ``2 × shared / total`` bounds it from above (difflib's ``quick_ratio``), and a pair below the bound is
    decided without the diff."""
    total = len(a) + len(b)
    if total and 2.0 * similarity.shared_words(a, b) / total < least:
        return False
    return word_ratio(a, b) >= least


def adjusted_scores(scores: np.ndarray, thresholds: Thresholds = Thresholds()) -> np.ndarray:
    """Scores damped by position distance and raised by the strength of their diagonal neighbourhood."""
    n, m = scores.shape
    if n == 0 or m == 0:
        return scores.copy()
    damped = scores * _damping(n, m, thresholds.position)
    padded = np.zeros((n + 4, m + 4), dtype=scores.dtype)  # np.pad(scores, 2) without its overhead
    padded[2:-2, 2:-2] = scores
    context = np.zeros_like(scores)
    for di, dj in _DIAGONAL:
        np.maximum(context, padded[2 + di : 2 + di + n, 2 + dj : 2 + dj + m], out=context)
    return damped + thresholds.context * context * (scores >= thresholds.evidence)


@functools.lru_cache(maxsize=1024)
def _damping(n: int, m: int, position: float) -> np.ndarray:
    """The factor :func:`adjusted_scores` damps an n × m score matrix by: 1 less ``position`` times the
    distance between the two sentences' relative positions (the same for every pair of two lengths, so
    computed once per shape; read-only, as it is shared)."""
    pos_left = np.arange(n) / max(n - 1, 1)
    pos_right = np.arange(m) / max(m - 1, 1)
    distance = np.abs(pos_left[:, None] - pos_right[None, :])
    factor = 1 - position * distance
    factor.flags.writeable = False
    return factor


def margin_scores(blend: np.ndarray, top: int = MARGIN_TOP) -> np.ndarray:
    """Each pair's score over the mean of the ``top`` best scores of its row and of its column (ratio margin,
    Artetxe & Schwenk 2019). A heavy rewrite scores its true partner low in absolute terms, but still well
    above that sentence's other candidates; a sentence on the story's common topic scores many alike."""
    n, m = blend.shape
    if n == 0 or m == 0:
        return np.zeros_like(blend)

    def yardstick(axis: int) -> np.ndarray:
        k = min(top, blend.shape[axis])
        best = -np.sort(-blend, axis=axis)
        return np.take(best, range(k), axis=axis).mean(axis=axis, keepdims=True)

    scale = (yardstick(1) + yardstick(0)) / 2
    return np.divide(blend, scale, out=np.zeros_like(blend), where=scale > 0)


def _anchor_number(number: str) -> bool:
    """A number that can tie two sentences: written in digits and not a small count ("two", "12"), which
    recurs in unrelated sentences (the figure matcher's bound, :data:`SMALL_COUNT`)."""
    try:
        value = float(number)
    except ValueError:
        return False
    return math.isfinite(value) and not (value.is_integer() and abs(value) <= SMALL_COUNT)


def number_anchors(left: list[Features], right: list[Features]) -> np.ndarray:
    """Pairs sharing a number that each article writes in that one sentence only: a figure a rewrite keeps
    ties the two sentences however much their words change (a number repeated in an article ties nothing,
    nor does a small count)."""
    anchors = np.zeros((len(left), len(right)), dtype=bool)
    counts = [Counter(x for f in side for x in f.numbers if _anchor_number(x)) for side in (left, right)]
    once = [{x for x, c in count.items() if c == 1} for count in counts]
    where_left = {x: i for i, f in enumerate(left) for x in f.numbers if x in once[0]}
    for j, f in enumerate(right):
        for x in f.numbers:
            if x in once[1] and x in where_left:
                anchors[where_left[x], j] = True
    return anchors


def _allowed(left: list[Features], right: list[Features], thresholds: Thresholds) -> np.ndarray:
    """Pairs that may link at all: a heading only with a heading or with near-identical text, a line with no
    lower-case word (a dateline such as "ROTTERDAM" the sentence splitter cut off its sentence, a stray
    mark) only with near-identical text: it names a place shared by the whole story, not a statement."""
    left_heading = np.array([a.heading for a in left], dtype=bool)
    right_heading = np.array([b.heading for b in right], dtype=bool)
    left_bare = np.array([a.bare for a in left], dtype=bool)
    right_bare = np.array([b.bare for b in right], dtype=bool)
    allowed = (left_heading[:, None] == right_heading[None, :]) & ~left_bare[:, None] & ~right_bare[None, :]
    # the length ratio bounds the word ratio from above: most heading/body pairs end here, undiffed
    left_n = np.array([len(a.words) for a in left])[:, None]
    right_n = np.array([len(b.words) for b in right])[None, :]
    total = left_n + right_n
    close = 2 * np.minimum(left_n, right_n) / np.maximum(total, 1) >= thresholds.heading
    allowed |= (total == 0) & ~allowed  # two empty sentences are the same text
    for i, j in zip(*np.nonzero(~allowed & close & (left_n > 0) & (right_n > 0)), strict=True):
        allowed[i, j] = word_ratio_at_least(left[i].words, right[j].words, thresholds.heading)
    return allowed


def align_features(
    left: list[Features],
    right: list[Features],
    scores: np.ndarray,
    thresholds: Thresholds = Thresholds(),
    blend: np.ndarray | None = None,
) -> list[tuple[int, int, float, bool]]:
    """Links between two articles' sentences: ``(left_idx, right_idx, score, extra)``, sorted.

    ``extra`` marks links added on top of the one-to-one backbone (merges, splits, strong repeats, links on
    relative evidence). ``blend`` is the lexical score blended with the full soft word-vector score
    (:func:`pair_signals`), the scale of the margin links; without it, the margin is taken on ``scores``.
    """
    if not left or not right:
        return []
    allowed = _allowed(left, right, thresholds)
    raw = np.where(allowed, scores, 0.0)
    adjusted = np.where(allowed, adjusted_scores(raw, thresholds), 0.0)
    ok = (adjusted >= thresholds.link) & (raw >= thresholds.evidence)
    links: dict[tuple[int, int], bool] = {}
    partner_of_left: dict[int, int] = {}
    partner_of_right: dict[int, int] = {}
    candidates = sorted(zip(*np.nonzero(ok), strict=True), key=lambda ij: (-adjusted[ij], ij))
    for i, j in candidates:  # competitive linking: the strongest free pair first, one-to-one
        if i not in partner_of_left and j not in partner_of_right:
            links[(int(i), int(j))] = False
            partner_of_left[int(i)], partner_of_right[int(j)] = int(j), int(i)
    # extra links: a neighbour's partner (merge or split) or any strong match, vectorised over all pairs
    none = -10  # no partner: never a neighbour of any index
    left_partner = np.full(len(left), none)
    right_partner = np.full(len(right), none)
    for i, j in partner_of_left.items():
        left_partner[i], right_partner[j] = j, i
    rows, cols = np.arange(len(left))[:, None], np.arange(len(right))[None, :]
    neighbour = (np.abs(right_partner[None, :] - rows) == 1) | (np.abs(left_partner[:, None] - cols) == 1)
    extra = allowed & (((raw >= thresholds.extra) & neighbour) | (raw >= thresholds.strong))
    # what follows links on weaker evidence, only between articles the backbone shows to be related: two
    # unrelated reports share a number or have a sentence that stands out from its rivals by chance
    related = len(partner_of_left) >= thresholds.related * min(len(left), len(right))
    if related:
        extra |= allowed & number_anchors(left, right)  # a figure written once in each: an anchor
    for i, j in zip(*np.nonzero(extra), strict=True):
        links.setdefault((int(i), int(j)), True)
    # relative evidence for the sentences still alone: a pair that stands out from both sentences' rivals
    # (the margin of the blend, damped by position and raised by its diagonal like the backbone's score)
    blended = np.where(allowed, scores if blend is None else blend, 0.0)
    margin = margin_scores(np.where(allowed, adjusted_scores(blended, thresholds), 0.0))
    # a sentence alone joins one already linked only beside that one's partner (a merge or split); further
    # away, a shared name or title makes a pair stand out without its meaning being shared
    linked = np.zeros((len(left), len(right)), dtype=bool)
    for i, j in links:
        linked[i, j] = True
    alone_left, alone_right = ~linked.any(axis=1), ~linked.any(axis=0)
    beside_rows = linked.copy()  # (i, j): a sentence next to i (or i itself) is linked with j
    beside_rows[1:] |= linked[:-1]
    beside_rows[:-1] |= linked[1:]
    beside_cols = linked.copy()  # (i, j): i is linked with a sentence next to j
    beside_cols[:, 1:] |= linked[:, :-1]
    beside_cols[:, :-1] |= linked[:, 1:]
    left_only, right_only = alone_left[:, None], alone_right[None, :]
    alone = (left_only & right_only) | (left_only & beside_rows) | (right_only & beside_cols)
    rescue = alone & (margin >= thresholds.margin) & (blended >= thresholds.margin_floor) & related
    for i, j in zip(*np.nonzero(rescue), strict=True):
        links.setdefault((int(i), int(j)), True)
    return sorted((i, j, float(scores[i, j]), extra) for (i, j), extra in links.items())


def relation_of(
    a: Features,
    b: Features,
    score: float,
    thresholds: Thresholds = Thresholds(),
    table: Mapping[str, np.ndarray] | None = None,
) -> str:
    """The relation of a linked pair: same words, a few words changed, the same statement reworded, or
    sharing part of it (the same-meaning model of :mod:`helpers.comparison.equivalence` tells the last two
    apart; ``score`` is the pair's score, one of its signals; ``table``: word vectors of their lemmas)."""
    if a.words == b.words:
        return "identical"
    if word_ratio_at_least(a.words, b.words, thresholds.near_verbatim):
        return "near_verbatim"
    return "paraphrase" if equivalence.same_meaning(a, b, score, table, thresholds.paraphrase) else "partial"


def sentence_features(story: Story, article_id: str) -> list[Features]:
    """Features of every sentence of an article, with the story's canonical entity names (built once)."""
    return story_vectors(story).features[article_id]


#: Dependents of a speech verb that belong to the attribution, not to what is said ("told reporters",
#: "said on Tuesday", "said in a statement").
_ATTRIBUTION_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "dative", "prep", "npadvmod", "aux"})


def attribution_ranges(doc: Doc, quotes: pd.DataFrame) -> list[tuple[int, int]]:
    """Character ranges of the attributions in one article (``quotes``: its rows of the quotes table): the
    speaker's whole noun phrase (name, title, apposition) and the speech verb with its non-clausal
    dependents ("told reporters", "said on Tuesday"), minus what is said.

    Only for speakers quoted more than once in the article (speech only), whose attribution cannot tell
    their statements apart; a speaker quoted once is evidence in itself. Only where the speaker is the
    grammatical subject of the speech verb ("X said", "said X", "according to X"): a participle cue
    ("..., arguing that") leaves the main clause, which is content, alone."""
    columns = (
        "speech",
        "speaker",
        "speaker_text",
        "cue_start",
        "speaker_start",
        "speaker_end",
        "start",
        "end",
    )
    rows = [row for row in records(quotes, *columns) if bool(row[0])]
    who = [_speaker_key(speaker, written) for _, speaker, written, *_rest in rows]
    times = Counter(key for key in who if key is not None)
    ranges: list[tuple[int, int]] = []
    for (_, _, _, cue_start, speaker_start, speaker_end, start, end), key in zip(rows, who, strict=True):
        if key is None or times[key] < 2 or cue_start < 0 or speaker_start < 0:
            continue
        phrase = doc.char_span(int(speaker_start), int(speaker_end), alignment_mode="expand")
        cue = doc.char_span(int(cue_start), int(cue_start) + 1, alignment_mode="expand")
        if phrase is None or cue is None:
            continue
        speaker, cue_token = phrase.root, cue[0]
        governor = speaker.head.head if speaker.dep_ == "pobj" else speaker.head  # "according to X"
        if governor != cue_token:
            continue
        tokens = {cue_token, *speaker.subtree}
        for child in cue_token.children:
            if child.dep_ in _ATTRIBUTION_DEPS:
                tokens.update(child.subtree)
        said = (int(start), int(end))
        ranges += [(t.idx, t.idx + len(t)) for t in tokens if not said[0] <= t.idx < said[1]]
    return ranges


def _speaker_key(speaker: object, written: object) -> str | None:
    """Who a quote's speaker is, for counting a speaker's quotes: the resolved name, else the words written,
    case-folded; None when neither is known."""
    value = speaker if isinstance(speaker, str) and speaker != "" else written
    return value.casefold() if isinstance(value, str) else None


def _all_features(story: Story, attributions: bool = True) -> dict[str, list[Features]]:
    """Features of every sentence of every article; with ``attributions=False``, the words and names of the
    quotes' attributions (:func:`attribution_ranges`) left out (a sentence without any keeps the features of
    :func:`story_vectors`, which are then the same)."""
    sentences = story.table("sentences")
    entities = story.table("entities")
    quotes = None if attributions else story.table("quotes")
    full = None if attributions else story_vectors(story).features
    names_of = {
        key: list(zip(rows["start"], rows["canonical"], strict=True))
        for key, rows in entities.groupby(["article_id", "sent_idx"], sort=False)
    }
    quotes_of = by_article(quotes) if quotes is not None else None
    feats: dict[str, list[Features]] = {}
    for article_id, rows in sentences.groupby("article_id", sort=False):
        frame = [] if quotes_of is None else attribution_ranges(story.docs[article_id], quotes_of(article_id))
        feats[article_id] = []
        for k, r in enumerate(rows.itertuples()):
            start, end = int(r.start), int(r.end)
            frame_in = [(a, b) for a, b in frame if start <= a < end]
            if full is not None and not frame_in:
                feats[article_id].append(full[article_id][k])
                continue
            mine = names_of.get((article_id, r.sent_idx), [])
            if frame_in:  # the speaker's name is not what the sentence says
                mine = [(s, name) for s, name in mine if not any(a <= s < b for a, b in frame_in)]
            span = story.span(article_id, start, end)
            feats[article_id].append(
                similarity.features(
                    span, [name for _, name in mine], heading=r.kind == "heading", attribution=frame_in
                )
            )
    return {aid: feats.get(aid, []) for aid in story.article_ids}


def story_vectors(story: Story) -> StoryVectors:
    """Every article's sentences as sparse feature matrices, built once per story."""
    return story.memo("alignment_vectors", lambda: StoryVectors(_all_features(story)))


def said_vectors(story: Story) -> StoryVectors:
    """The same without the quotes' attributions: what the sentences say, not who said it."""
    return story.memo("alignment_said_vectors", lambda: StoryVectors(_all_features(story, False)))


def lexical_blocks(story: Story, left_id: str, later: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """The lexical scores of ``left_id``'s sentences against the later articles' (or all): every word
    counting (the pair's similarity, shown in the table), and the attribution words counting
    :data:`ATTRIBUTION_SHARE` of what the said words do (what the links are decided on)."""
    full = story_vectors(story).scores_against(left_id, later=later)
    said = said_vectors(story).scores_against(left_id, later=later)
    return full, ATTRIBUTION_SHARE * full + (1 - ATTRIBUTION_SHARE) * said


def _cosines(story: Story, left_id: str, right_id: str) -> np.ndarray:
    from helpers.comparison import semantic

    sentences = story.table("sentences")
    texts = [sentences.loc[sentences["article_id"] == a, "text"].tolist() for a in (left_id, right_id)]
    return semantic.cosine_matrix(texts[0], texts[1])


def story_word_vectors(story: Story) -> dict[str, np.ndarray]:
    """Unit word vectors of every content lemma of the story's sentences, looked up once per story."""
    feats = story_vectors(story).features
    return story.memo(
        "word_vectors", lambda: wordvectors.vectors(w for fs in feats.values() for f in fs for w in f.lemmas)
    )


def _soft(story: Story, left_id: str, right_id: str) -> np.ndarray:
    """Soft word-vector match of every sentence pair of two articles (IDF learnt from both)."""
    feats = story_vectors(story).features
    table = story_word_vectors(story)

    def prepared() -> dict[str, wordvectors.Sentences]:  # each article once, not once per pair
        return {aid: wordvectors.prepare([sorted(f.lemmas) for f in fs], table) for aid, fs in feats.items()}

    sides = story.memo("word_vector_sentences", prepared)
    return wordvectors.prepared_soft_scores(sides[left_id], sides[right_id])


def _paraphrase(story: Story, left_id: str, right_id: str) -> np.ndarray:
    """Soft word-vector match of the sentence pairs of two articles that are each other's best soft match;
    0 elsewhere, so sentences on the same topic are not all pulled together."""
    return wordvectors.mutual_best(_soft(story, left_id, right_id))


def blend_of(lexical: np.ndarray, soft: np.ndarray) -> np.ndarray:
    """The lexical score blended with the full soft word-vector score: the scale of the margin links."""
    return (1 - BLEND_SOFT) * np.clip(lexical, 0.0, 1.0) + BLEND_SOFT * soft


def _finished(
    story: Story,
    left_id: str,
    right_id: str,
    lexical: tuple[np.ndarray, np.ndarray],
    semantic: bool,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pair's scores from its blocks of lexical scores (:func:`lexical_blocks`): the shown score, the
    score links are decided on, and the blend the margin links are judged on (:func:`blend_of`)."""
    vectors = story_vectors(story)
    both = vectors.features[left_id] and vectors.features[right_id]
    cosines = _cosines(story, left_id, right_id) if semantic and both else None
    soft = _soft(story, left_id, right_id)
    paraphrase = wordvectors.mutual_best(soft)
    full, weighed = lexical
    shown = vectors.finish(full.copy(), left_id, right_id, cosines, paraphrase)
    decisive = vectors.finish(weighed.copy(), left_id, right_id, cosines, paraphrase)
    return shown, decisive, blend_of(weighed, soft)


def pair_signals(
    story: Story, left_id: str, right_id: str, *, semantic: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The raw pair-score matrix of two articles (left sentences × right sentences), the same with the
    quotes' attributions counting less (what the links are decided on), and the blend the margin links are
    judged on (:func:`blend_of`)."""
    key = f"pair_signals:{semantic}:{left_id}:{right_id}"
    return story.memo(key, lambda: _signals(story, left_id, right_id, semantic))


def _signals(story: Story, left_id: str, right_id: str, semantic: bool) -> tuple[np.ndarray, ...]:
    """:func:`pair_signals` computed; the lexical blocks of ``left_id`` are kept for its other pairs (each
    derived article against one source reuses the source's block)."""
    vectors = story_vectors(story)
    later = vectors.index[right_id] > vectors.index[left_id]
    columns = vectors.right_slice(left_id, right_id, later)
    full, weighed = story.memo(
        f"lexical_blocks:{left_id}:{later}", lambda: lexical_blocks(story, left_id, later)
    )
    return _frozen(_finished(story, left_id, right_id, (full[:, columns], weighed[:, columns]), semantic))


def _frozen(arrays: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """The arrays made read-only: they are shared through the story's memo."""
    for array in arrays:
        array.flags.writeable = False
    return arrays


def pair_scores(story: Story, left_id: str, right_id: str, *, semantic: bool = False) -> np.ndarray:
    """The raw pair-score matrix of two articles (left sentences × right sentences)."""
    return pair_signals(story, left_id, right_id, semantic=semantic)[0]


def _pair_rows(
    ids: tuple[str, str],
    feats: tuple[list[Features], list[Features]],
    texts: tuple[list[str], list[str]],
    scores: np.ndarray,
    thresholds: Thresholds,
    blend: np.ndarray | None = None,
    shown: np.ndarray | None = None,
    table: Mapping[str, np.ndarray] | None = None,
) -> list[tuple]:
    """The alignment rows of one article pair: links in left order, then ``unique`` rows.

    Links are decided on ``scores``; each link's relation and score are taken from ``shown`` when given
    (the pair's similarity with every word counting)."""
    (left_id, right_id), (left, right), (left_text, right_text) = ids, feats, texts
    rows = []
    for i, j, score, _extra in align_features(left, right, scores, thresholds, blend):
        score = score if shown is None else float(shown[i, j])
        relation = relation_of(left[i], right[j], score, thresholds, table)
        score = 1.0 if relation == "identical" else round(score, 3)
        rows.append((left_id, i, right_id, j, relation, score, left_text[i], right_text[j]))
    linked_left = {r[1] for r in rows}
    linked_right = {r[3] for r in rows}
    rows += [
        (left_id, i, right_id, pd.NA, "unique", 0.0, left_text[i], "")
        for i in range(len(left))
        if i not in linked_left
    ]
    rows += [
        (left_id, pd.NA, right_id, j, "unique", 0.0, "", right_text[j])
        for j in range(len(right))
        if j not in linked_right
    ]
    return rows


def _texts(story: Story) -> dict[str, list[str]]:
    sentences = story.table("sentences")
    by_article = sentences.groupby("article_id", sort=False)["text"].apply(list).to_dict()
    return {aid: by_article.get(aid, []) for aid in story.article_ids}


def _frame(story: Story, rows: list[tuple]) -> pd.DataFrame:
    """The alignments table from its rows, sorted by pair, then left (or right) sentence."""
    columns = list(ALIGN_COLUMNS + EXTRA_COLUMNS)
    frame = pd.DataFrame(rows, columns=columns)
    for col in ("left_sent", "right_sent"):
        frame[col] = frame[col].astype("Int64")
    frame["score"] = frame["score"].astype(float)
    if frame.empty:
        return frame
    order = {aid: k for k, aid in enumerate(story.article_ids)}
    frame["_l"] = frame["left_article"].map(order)
    frame["_r"] = frame["right_article"].map(order)
    frame["_key"] = frame["left_sent"].fillna(frame["right_sent"]).astype(int)
    frame = frame.sort_values(
        ["_l", "_r", "_key", "left_sent", "right_sent"], na_position="last", kind="stable"
    )
    return frame.drop(columns=["_l", "_r", "_key"]).reset_index(drop=True)


def align_pair(
    story: Story,
    left_id: str,
    right_id: str,
    *,
    thresholds: Thresholds = Thresholds(),
    semantic: bool = False,
) -> pd.DataFrame:
    """The alignment rows of one article pair (links first in left order, then ``unique`` rows)."""
    texts = _texts(story)
    feats = (sentence_features(story, left_id), sentence_features(story, right_id))
    shown, scores, blend = pair_signals(story, left_id, right_id, semantic=semantic)
    pair_texts = (texts[left_id], texts[right_id])
    table = story_word_vectors(story)
    rows = _pair_rows((left_id, right_id), feats, pair_texts, scores, thresholds, blend, shown, table)
    return _frame(story, rows)


def align_story(
    story: Story, *, thresholds: Thresholds = Thresholds(), semantic: bool = False
) -> pd.DataFrame:
    """Alignments of every unordered article pair in story order, sorted by pair, left then right sentence.

    Each article's sentences are scored against those of all later articles in one pass
    (:meth:`StoryVectors.scores_against`), so the work follows the features sentences share rather than
    every sentence pair of every article pair.

    Args:
        story: the story.
        thresholds: the alignment knobs.
        semantic: add the sentence-embedding signal (needs the ``recount[semantic]`` extra).
    """
    vectors = story_vectors(story)
    texts = _texts(story)
    ids = story.article_ids
    table = story_word_vectors(story)
    rows: list[tuple] = []
    for k, left_id in enumerate(ids[:-1]):
        full, weighed = lexical_blocks(story, left_id)
        left = vectors.features[left_id]
        for right_id in ids[k + 1 :]:
            right = vectors.features[right_id]
            columns = vectors.right_slice(left_id, right_id)
            lexical = (full[:, columns], weighed[:, columns])
            shown, scores, blend = _finished(story, left_id, right_id, lexical, semantic)
            pair, pair_texts = (left_id, right_id), (texts[left_id], texts[right_id])
            rows += _pair_rows(pair, (left, right), pair_texts, scores, thresholds, blend, shown, table)
    return _frame(story, rows)


def story_alignments(
    story: Story, *, thresholds: Thresholds = Thresholds(), semantic: bool = False
) -> pd.DataFrame:
    """The story's alignments under these knobs: the registered ``alignments`` table for the defaults (built
    once per story, or read from a report's saved tables), computed afresh for any other setting."""
    if thresholds == Thresholds() and not semantic:
        return story.table("alignments")
    return align_story(story, thresholds=thresholds, semantic=semantic)


register(
    "alignments",
    ALIGN_COLUMNS,
    "Sentence pairs of every article pair with their relation; `unique` rows for unmatched sentences.",
)(align_story)


def linked_sentence_pairs(story: Story) -> dict[tuple[str, str], set[tuple[int, int]]]:
    """The (left sentence, right sentence) pairs the ``alignments`` table linked, by (left, right) article
    pair: read once per story (quote and figure matching both ask; the sets are shared, not to be changed)."""

    def build() -> dict[tuple[str, str], set[tuple[int, int]]]:
        alignments = story.table("alignments")
        columns = ("left_article", "right_article", "left_sent", "right_sent", "relation")
        links: dict[tuple[str, str], set[tuple[int, int]]] = {}
        for left, right, left_sent, right_sent, relation in records(alignments, *columns):
            if relation != "unique":
                links.setdefault((left, right), set()).add((int(left_sent), int(right_sent)))
        return links

    return story.memo("linked_sentence_pairs", build)


MATRIX_COLUMNS = ("fact_id", "article_id", "sent_idx", "text")


def _clusters(
    nodes: list[tuple[str, int]], edges: list[tuple[tuple[str, int], tuple[str, int]]]
) -> list[list]:
    """Connected components of sentences linked by alignments (union-find), each sorted."""
    parent = {n: n for n in nodes}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    return [sorted(g) for g in groups.values()]


@register(
    "story_matrix",
    MATRIX_COLUMNS,
    "Facts × articles: each fact a cluster of sentences aligned across articles (long form, one row per "
    "sentence); `n_articles` says how many articles carry it.",
)
def story_matrix(story: Story) -> pd.DataFrame:
    """Every sentence of every article in a fact: the sentences connected by alignment links.

    Facts are numbered in reading order of the first article that carries them (articles in story order).
    """
    sentences = story.table("sentences")
    order = {aid: k for k, aid in enumerate(story.article_ids)}
    sentence_rows = list(records(sentences, "article_id", "sent_idx", "text"))
    nodes = [(order[aid], int(idx)) for aid, idx, _text in sentence_rows]
    edges = [
        ((order[left], int(left_sent)), (order[right], int(right_sent)))
        for (left, right), pairs in linked_sentence_pairs(story).items()
        for left_sent, right_sent in pairs
    ]
    text = {(aid, int(idx)): value for aid, idx, value in sentence_rows}
    rows = []
    for fact_id, cluster in enumerate(sorted(_clusters(nodes, edges))):
        n_articles = len({k for k, _ in cluster})
        for k, idx in cluster:
            aid = story.article_ids[k]
            rows.append(
                {
                    "fact_id": fact_id,
                    "article_id": aid,
                    "sent_idx": idx,
                    "text": text[(aid, idx)],
                    "n_articles": n_articles,
                }
            )
    return pd.DataFrame(rows, columns=[*MATRIX_COLUMNS, "n_articles"])


def matrix_view(matrix: pd.DataFrame, article_ids: list[str], width: int = 60) -> pd.DataFrame:
    """The story matrix as a grid: one row per fact, one column per article, each cell its sentence(s)
    (cut to ``width`` characters) or empty."""
    cells = matrix.assign(text=matrix["text"].str.slice(0, width)).groupby(["fact_id", "article_id"])["text"]
    grid = cells.apply(" / ".join).unstack("article_id").reindex(columns=article_ids).fillna("")
    grid.insert(0, "n_articles", matrix.groupby("fact_id")["n_articles"].first())
    return grid

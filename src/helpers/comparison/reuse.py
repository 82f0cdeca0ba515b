"""Text reuse between articles: how much of one is found in the other, and the passages they share verbatim.

Containment is asymmetric on purpose: when a rewrite was made from a source, most of the rewrite's content
words are found in the source while the source keeps words of its own, so the direction with the higher
containment points from the copy to the original. Shared passages are maximal runs of at least
:data:`MIN_PASSAGE` identical words (case and curly quotes folded), found wherever they sit in either article.
"""

from __future__ import annotations

import itertools
from collections import defaultdict

import pandas as pd
from spacy.tokens import Doc

from helpers.nlp.text import content_lemmas, fold_quotes
from helpers.story import Story
from helpers.tables import register

#: Fewest words for a shared passage.
MIN_PASSAGE = 5
REUSE_COLUMNS = ("left_article", "right_article", "containment", "n_content_words", "n_found")
PASSAGE_COLUMNS = (
    "left_article",
    "right_article",
    "left_start",
    "left_end",
    "right_start",
    "right_end",
    "n_words",
    "text",
)


def containment(left: list[str], right: list[str] | set[str]) -> tuple[float, int]:
    """Share of the left text's content-word occurrences whose lemma occurs in the right text (its words, or
    their set when the caller compares one text with many)."""
    if not left:
        return 0.0, 0
    vocabulary = right if isinstance(right, set) else set(right)
    found = sum(1 for w in left if w in vocabulary)
    return found / len(left), found


def _words(doc: Doc) -> list[tuple[str, int, int]]:
    return [
        (fold_quotes(t.text.casefold()), t.idx, t.idx + len(t.text))
        for t in doc
        if not (t.is_punct or t.is_space)
    ]


def _gram_index(words: list[tuple[str, int, int]], min_words: int) -> dict[tuple[str, ...], list[int]]:
    """Where each run of ``min_words`` words starts in an article."""
    where: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for j in range(len(words) - min_words + 1):
        where[tuple(w for w, _, _ in words[j : j + min_words])].append(j)
    return where


def shared_passages(
    left: Doc,
    right: Doc,
    min_words: int = MIN_PASSAGE,
    *,
    words: tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]] | None = None,
    right_index: dict[tuple[str, ...], list[int]] | None = None,
    left_index: dict[tuple[str, ...], list[int]] | None = None,
    left_text: str | None = None,
) -> list[dict]:
    """Maximal runs of ``min_words`` or more identical words shared by two parsed articles, with offsets.

    Punctuation is ignored when comparing, so "city, once" matches "city once"; offsets cover the run in
    each article's text. ``words``, the two ``*_index`` and ``left_text`` let a caller comparing many pairs
    prepare each article once: then only the runs the two indexes share are visited, and a pair that shares
    none costs one set intersection.
    """
    a, b = words if words is not None else (_words(left), _words(right))
    where = right_index if right_index is not None else _gram_index(b, min_words)
    mine = left_index if left_index is not None else _gram_index(a, min_words)
    starts = sorted(i for gram in mine.keys() & where.keys() for i in mine[gram])
    if not starts:
        return []
    text = left_text if left_text is not None else left.text  # spaCy rebuilds a doc's text on each access
    passages = []
    for i in starts:
        for j in where[tuple(w for w, _, _ in a[i : i + min_words])]:
            if i > 0 and j > 0 and a[i - 1][0] == b[j - 1][0]:
                continue  # not the start of a maximal run
            k = min_words
            while i + k < len(a) and j + k < len(b) and a[i + k][0] == b[j + k][0]:
                k += 1
            passages.append(
                {
                    "left_start": a[i][1],
                    "left_end": a[i + k - 1][2],
                    "right_start": b[j][1],
                    "right_end": b[j + k - 1][2],
                    "n_words": k,
                    "text": text[a[i][1] : a[i + k - 1][2]],
                }
            )
    return passages


@register(
    "reuse",
    REUSE_COLUMNS,
    "For each ordered article pair, the share of the left article's content words found in the right one.",
)
def reuse_table(story: Story) -> pd.DataFrame:
    lemmas = {aid: content_lemmas(story.docs[aid]) for aid in story.article_ids}
    vocabularies = {aid: set(words) for aid, words in lemmas.items()}
    passages = story.table("shared_passages")
    counts: dict[frozenset[str], tuple[int, int]] = {}
    for (left_id, right_id), pair in passages.groupby(["left_article", "right_article"], sort=False):
        counts[frozenset((left_id, right_id))] = (len(pair), int(pair["n_words"].max()))
    rows = []
    for left_id, right_id in itertools.permutations(story.article_ids, 2):
        share, found = containment(lemmas[left_id], vocabularies[right_id])
        n_passages, longest = counts.get(frozenset((left_id, right_id)), (0, 0))
        rows.append(
            {
                "left_article": left_id,
                "right_article": right_id,
                "containment": round(share, 3),
                "n_content_words": len(lemmas[left_id]),
                "n_found": found,
                "n_passages": n_passages,
                "longest_passage": longest,
            }
        )
    return pd.DataFrame(rows, columns=[*REUSE_COLUMNS, "n_passages", "longest_passage"])


@register(
    "shared_passages",
    PASSAGE_COLUMNS,
    f"Word-for-word passages (at least {MIN_PASSAGE} words) shared by two articles, with offsets in each.",
)
def passages_table(story: Story) -> pd.DataFrame:
    words = {aid: _words(story.docs[aid]) for aid in story.article_ids}
    indexes = {aid: _gram_index(w, MIN_PASSAGE) for aid, w in words.items()}
    rows = []
    for left_id, right_id in itertools.combinations(story.article_ids, 2):
        for passage in shared_passages(
            story.docs[left_id],
            story.docs[right_id],
            words=(words[left_id], words[right_id]),
            right_index=indexes[right_id],
            left_index=indexes[left_id],
            left_text=story.text(left_id),
        ):
            rows.append({"left_article": left_id, "right_article": right_id, **passage})
    frame = pd.DataFrame(rows, columns=list(PASSAGE_COLUMNS))
    order = {aid: k for k, aid in enumerate(story.article_ids)}
    frame["_l"] = frame["left_article"].map(order)
    frame["_r"] = frame["right_article"].map(order)
    frame = frame.sort_values(["_l", "_r", "left_start", "right_start"], kind="stable")
    return frame.drop(columns=["_l", "_r"]).reset_index(drop=True)

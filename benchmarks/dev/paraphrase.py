"""How heavily each rewrite paraphrases its source, measured on the gold's sentence links.

For every sentence of the rewrite that the gold links (``core``) to source sentences, the share of its
content words (lower-case lemmas, stop words and punctuation left out: Recount's own ``content_lemmas``)
found among the content words of those source sentences. A rewrite is heavily paraphrased when most of its
linked sentences share under 40 %.
"""

from __future__ import annotations

from collections import defaultdict

from gold import StoryGold
from rules import Links

from helpers.nlp.text import content_lemmas


def _content_words(story, article_id: str) -> dict[int, set[str]]:
    """Content lemmas of every sentence of an article, by ``sent_idx``."""
    sentences = story.table("sentences")
    rows = sentences[sentences["article_id"] == article_id]
    return {
        int(r.sent_idx): set(content_lemmas(story.span(article_id, int(r.start), int(r.end))))
        for r in rows.itertuples()
    }


def sentence_shares(story, left: str, right: str, links: Links) -> list[float]:
    """For each right sentence with core links, the share of its content words found in its left partners."""
    left_words, right_words = _content_words(story, left), _content_words(story, right)
    partners: dict[int, set[int]] = defaultdict(set)
    for i, j in links.core:
        if i is not None and j is not None:
            partners[j].add(i)
    shares = []
    for j, lefts in sorted(partners.items()):
        words = right_words.get(j, set())
        if not words:
            continue
        source = set().union(*(left_words.get(i, set()) for i in lefts))
        shares.append(len(words & source) / len(words))
    return shares


def paraphrase_level(
    gold: StoryGold, story, pairs: dict[tuple[str, str], Links], *, heavy: float
) -> list[tuple[str, float, float, int]]:
    """Per rewrite: (article, mean share, share of sentences under ``heavy``, linked sentences)."""
    out = []
    for (left, right), links in pairs.items():
        shares = sentence_shares(story, left, right, links)
        if shares:
            under = sum(s < heavy for s in shares) / len(shares)
            out.append((right, sum(shares) / len(shares), under, len(shares)))
    return out

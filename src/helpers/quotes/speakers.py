"""Who is speaking: from the subject token of a reporting verb to a name as written and a canonical name.

A subject inside a named entity takes the entity's story-wide canonical name (issue 2). A common noun
whose appositive or "such as" phrase names someone takes that name. A definite description ("the
Observatory's director") takes the person the story introduced with that title ("Rami Abdel Rahman, the
Observatory's director", "SOHR director Rami Abdel Rahman"). "He"/"she" take the nearest person named
before them, "they"/"it" the nearest earlier speaker. What cannot be resolved stays empty (pronouns) or
stays the description as written ("military analysts"): never a guess.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
from spacy.tokens import Doc, Token

from helpers.nlp.intervals import SpanIndex
from helpers.nlp.text import fold_quotes
from helpers.quotes.speech import speech_cues

#: Pronouns resolved to a person, and to an earlier speaker of any kind.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them", "it"})
#: How many sentences back a pronoun may look for its antecedent.
PRONOUN_WINDOW = 3
#: Left-hand dependents that belong to a speaker's noun phrase ("Russia's defense ministry").
PHRASE_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "case", "punct"})
#: Words introducing an example of a group that names its member ("observers such as X").
EXAMPLE_PREPS = frozenset({"as", "like", "including"})
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    label: str
    canonical: str


@dataclass(frozen=True)
class Speaker:
    """A resolved speaker: the phrase as written (with offsets) and the canonical name ("" if unknown)."""

    text: str
    canonical: str
    start: int
    end: int
    is_person: bool


class SpeakerResolver:
    """Resolves speaker tokens of one article against the story's entities.

    Args:
        doc: The parsed article.
        entities: Rows of ``story.table("entities")`` for this article (with ``start``/``end``).
        titles: Title noun lemma → [(article_id, offset, canonical)] of people introduced with it.
        article_id: The article's id.
    """

    def __init__(
        self, doc: Doc, entities: pd.DataFrame, titles: dict[str, list[tuple[str, int, str]]], article_id: str
    ) -> None:
        self.doc = doc
        self.text = doc.text  # built from the tokens on every access: read it once
        self.article_id = article_id
        self.mentions = [
            Mention(int(r.start), int(r.end), str(r.label), str(r.canonical)) for r in entities.itertuples()
        ]
        self.titles = titles
        # Look-ups by offset, so that each question costs a binary search, not a pass over the article.
        self._spans = SpanIndex([(m.start, m.end) for m in self.mentions])
        self._person_list = sorted((m for m in self.mentions if m.label == "PERSON"), key=lambda m: m.start)
        self._person_starts = [m.start for m in self._person_list]
        self._title_cache: dict[str, tuple[list[tuple[int, str]], str]] = {}
        self._named_at: dict[int, Mention] = {}
        for m in self.mentions:
            if m.label in {"PERSON", "ORG"}:
                self._named_at.setdefault(m.start, m)
        self._sent_starts = [s.start_char for s in doc.sents]
        #: (offset, canonical) of people named, and of earlier speakers who are people / who are not.
        self._named_people = sorted((m.start, m.canonical) for m in self._person_list)
        self._said_people: list[tuple[int, str]] = []
        self._said_others: list[tuple[int, str]] = []

    def mention_at(self, token: Token) -> Mention | None:
        """The first entity mention (in offset order) that holds the token's first character."""
        found = self._spans.holding(token.idx)
        return self.mentions[found[0]] if found else None

    def last_person(self, start: int, end: int) -> Speaker | None:
        """The last person named between two offsets: who an unattributed quote paragraph right after a
        paragraph about someone is from ("Chapman admits there were fatalities. ¶ “I can't say ...”")."""
        found = None
        k = bisect.bisect_right(self._person_starts, end) - 1
        while k >= 0 and self._person_starts[k] >= start:
            m = self._person_list[k]
            if found is not None and m.start < found.start:
                break  # the latest start is found; earlier ties were checked on the way
            if m.end <= end:
                found = m
            k -= 1
        if found is None:
            return None
        return Speaker(self.text[found.start : found.end], found.canonical, found.start, found.end, True)

    def named_at(self, offset: int) -> Speaker | None:
        """The person or organisation named right at ``offset`` (a byline after a quote: “...” ― Name)."""
        m = self._named_at.get(offset)
        if m is None:
            return None
        return Speaker(self.text[m.start : m.end], m.canonical, m.start, m.end, m.label == "PERSON")

    def remember(self, speaker: Speaker) -> None:
        if speaker.canonical:
            said = self._said_people if speaker.is_person else self._said_others
            bisect.insort(said, (speaker.start, speaker.canonical))

    def resolve(self, token: Token | None) -> Speaker | None:
        """The speaker a subject token stands for, or None when there is no subject at all."""
        if token is None:
            return None
        if token.pos_ == "PRON":
            return self._pronoun(token)
        if ("source", token.lemma_.lower()) in speech_cues():  # "evidence from an AFP correspondent"
            origin = [c for c in token.children if c.dep_ == "prep" and c.lower_ in {"from", "by", "of"}]
            objects = [c for c in origin[0].children if c.dep_ == "pobj"] if origin else []
            if objects:
                return self.resolve(objects[0])
        mention = self.mention_at(token)
        if mention is not None and mention.label in NAMED:
            return Speaker(
                self.text[mention.start : mention.end],
                mention.canonical,
                mention.start,
                mention.end,
                mention.label == "PERSON",
            )
        for child in token.children:  # "the spokesman, Clara Vint," / "observers such as X"
            named = None
            if child.dep_ == "appos":
                named = self.mention_at(child)
            elif child.dep_ == "prep" and child.lower_ in EXAMPLE_PREPS:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                named = self.mention_at(objects[0]) if objects else None
            if named is not None and named.label in {"PERSON", "ORG"}:
                phrase = self._phrase(token)
                return Speaker(phrase[0], named.canonical, phrase[1], phrase[2], named.label == "PERSON")
        text, start, end = self._phrase(token)
        definite = any(c.dep_ == "poss" or c.lower_ in {"the", "this"} for c in token.children)
        if token.pos_ == "NOUN" and token.tag_ == "NN" and definite:
            person = self._by_title(token)
            if person:
                return Speaker(text, person, start, end, True)
        return Speaker(text, _plain(text), start, end, False)

    def _phrase(self, token: Token) -> tuple[str, int, int]:
        """The speaker's noun phrase: the head and its left-hand modifiers, as written."""
        left = [c for c in token.lefts if c.dep_ in PHRASE_DEPS]
        start = min([t.i for c in left for t in c.subtree] + [token.i])
        span = self.doc[start : token.i + 1]
        return span.text, span.start_char, span.end_char

    def _by_title(self, token: Token) -> str:
        """The person introduced with this title noun, nearest before the description in this article."""
        lemma = token.lemma_.lower()
        if lemma not in self._title_cache:
            options = self.titles.get(lemma, [])
            here = sorted((offset, name) for aid, offset, name in options if aid == self.article_id)
            names = {name for _, _, name in options}
            self._title_cache[lemma] = (here, names.pop() if len(names) == 1 else "")
        here, only = self._title_cache[lemma]
        before = _last_before(here, -1, token.idx)
        return before[1] if before else only

    def _pronoun(self, token: Token) -> Speaker:
        word = token.lower_
        current = max(bisect.bisect_right(self._sent_starts, token.idx) - 1, 0)
        window_start = self._sent_starts[max(current - PRONOUN_WINDOW, 0)]
        name = ""
        if word in PERSON_PRONOUNS:
            earlier = [_last_before(self._named_people, window_start, token.idx)]
            earlier.append(_last_before(self._said_people, window_start, token.idx))
            found = [e for e in earlier if e is not None]
            name = max(found)[1] if found else ""
        elif word in GROUP_PRONOUNS:
            last = _last_before(self._said_others, window_start, token.idx)
            name = last[1] if last else ""
        return Speaker(token.text, name, token.idx, token.idx + len(token), word in PERSON_PRONOUNS)


def _last_before(items: list[tuple[int, str]], start: int, end: int) -> tuple[int, str] | None:
    """The greatest (offset, name) of a sorted list with ``start <= offset < end``."""
    k = bisect.bisect_left(items, (end,)) - 1
    return items[k] if k >= 0 and items[k][0] >= start else None


def _plain(text: str) -> str:
    """A description as a name: quotes folded, leading determiner dropped ("The Russian military")."""
    words = fold_quotes(text).split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return " ".join(words)


def title_index(docs: dict[str, Doc], entities: pd.DataFrame) -> dict[str, list[tuple[str, int, str]]]:
    """Title nouns the story gives its people: "SOHR director X", "X, the Observatory's director",
    "a spokeswoman, X" → {"director": [(article, offset, "X")], ...}."""
    index: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    people = entities[entities["label"] == "PERSON"]
    for row in people.itertuples():
        doc = docs[str(row.article_id)]
        span = doc.char_span(int(row.start), int(row.end), alignment_mode="expand")
        if span is None:
            continue
        root = span.root
        nouns = [t for t in root.lefts if t.dep_ == "compound" and t.pos_ == "NOUN"]
        nouns += [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if root.dep_ == "appos" and root.head.pos_ == "NOUN":
            nouns.append(root.head)
        for noun in nouns:
            index[noun.lemma_.lower()].append((str(row.article_id), int(row.start), str(row.canonical)))
    return dict(index)

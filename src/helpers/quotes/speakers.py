"""Who is speaking: from the subject token of a reporting verb to a name as written and a canonical name.

A subject inside a named entity takes the entity's story-wide canonical name (issue 2). A common noun
whose appositive or "such as" phrase names someone takes that name. A definite description ("the
Observatory's director") takes the person the story introduced with that title ("Rami Abdel Rahman, the
Observatory's director", "SOHR director Rami Abdel Rahman"). Several people named as one subject ("X and Y
said") speak together. Pronouns go to the article's coreference step (:mod:`helpers.quotes.coref`): gender
and number agreement, then salience. What cannot be resolved stays empty (pronouns) or stays the
description as written ("military analysts"): never a guess.
"""

from __future__ import annotations

import csv
import functools
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

import pandas as pd
from spacy.tokens import Doc, Token

from helpers.nlp.text import fold_quotes
from helpers.quotes.coref import FEMALE, MALE, Coreference
from helpers.quotes.documents import author_of, document_authors, earlier_author
from helpers.quotes.speech import speech_cues
from helpers.tables import records

#: Left-hand dependents that belong to a speaker's noun phrase ("Russia's defense ministry").
PHRASE_DEPS = frozenset({"det", "amod", "compound", "poss", "nmod", "nummod", "case", "punct"})
#: Words introducing an example of a group that names its member ("observers such as X").
EXAMPLE_PREPS = frozenset({"as", "like", "including"})
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
#: Pronouns that open a relative clause: the speaker is the noun the clause hangs from.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
#: Right-hand dependents that say who a described speaker is, and the longest such phrase kept (tokens).
POSTMODIFIER_DEPS = frozenset({"prep", "amod", "acl"})
POSTMODIFIER_MAX = 9


@functools.lru_cache(maxsize=1)
def body_nouns() -> dict[str, str]:
    """Nouns that describe an organisation or a place ("the company", "the city"): noun → entity label,
    from ``data/body_nouns.csv``."""
    with resources.files("helpers").joinpath("data/body_nouns.csv").open(encoding="utf-8") as handle:
        return {row["word"]: row["label"] for row in csv.DictReader(handle)}


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
    label: str = ""  # the entity label when named ("PERSON", "ORG", ...), else ""
    plural: bool = False  # several people ("X and Y"), or a plural description ("officials")


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
        self.text = doc.text  # built from the tokens on every access: once here
        self.article_id = article_id
        self.mentions = _expand_short_names(
            [
                Mention(int(start), int(end), str(label), str(canonical))
                for start, end, label, canonical in records(entities, "start", "end", "label", "canonical")
            ]
        )
        self.titles = titles
        self.coref = Coreference(doc, [(m.start, m.end, m.label, m.canonical) for m in self.mentions])
        self.labels = {m.canonical: m.label for m in self.mentions}
        self.authors = document_authors(doc, self._named)
        #: Earlier quotes' speakers: (offset, canonical, label, plural).
        self.history: list[tuple[int, str, str, bool]] = []

    def mention_at(self, token: Token) -> Mention | None:
        for m in self.mentions:
            if m.start <= token.idx < m.end:
                return m
        return None

    def _named(self, token: Token) -> str:
        """The canonical name of the person or body named at ``token``, or ""."""
        mention = self.mention_at(token)
        return mention.canonical if mention is not None and mention.label in NAMED else ""

    def last_person(self, start: int, end: int) -> Speaker | None:
        """The last person named between two offsets: who an unattributed quote paragraph right after a
        paragraph about someone is from ("Chapman admits there were fatalities. ¶ “I can't say ...”")."""
        people = [m for m in self.mentions if m.label == "PERSON" and start <= m.start and m.end <= end]
        if not people:
            return None
        m = max(people, key=lambda m: m.start)
        return Speaker(self.text[m.start : m.end], m.canonical, m.start, m.end, True, m.label)

    def named_at(self, offset: int) -> Speaker | None:
        """The person or organisation named right at ``offset`` (a byline after a quote: “...” ― Name)."""
        for m in self.mentions:
            if m.start == offset and m.label in {"PERSON", "ORG"}:
                return Speaker(
                    self.text[m.start : m.end], m.canonical, m.start, m.end, m.label == "PERSON", m.label
                )
        return None

    def remember(self, speaker: Speaker) -> None:
        if speaker.canonical:
            label = speaker.label or ("PERSON" if speaker.is_person else "")
            self.history.append((speaker.start, speaker.canonical, label, speaker.plural))

    def resolve(self, token: Token | None) -> Speaker | None:
        """The speaker a subject token stands for, or None when there is no subject at all."""
        if token is None:
            return None
        if token.lower_ in RELATIVE_PRONOUNS and token.head.dep_ == "relcl":  # "Bortis, who said ..."
            return self.resolve(token.head.head)
        if token.pos_ == "PRON":
            return self._pronoun(token)
        lemma = token.lemma_.lower()
        if ("source", lemma) in speech_cues() or ("noun", lemma) in speech_cues():
            origin = [c for c in token.children if c.dep_ == "prep" and c.lower_ in {"from", "by", "of"}]
            objects = [c for c in origin[0].children if c.dep_ == "pobj"] if origin else []
            owners = [c for c in token.children if c.dep_ == "poss"]  # "the union's release", "her statement"
            if objects or owners:  # "evidence from an AFP correspondent": the correspondent speaks
                return self.resolve((objects or owners)[0])
            author = author_of(token, self._named) or earlier_author(token, self.authors)
            if author:  # "the study said": whoever released it
                text, start, end = self._phrase(token)
                label = self.labels.get(author, "")
                return Speaker(text, author, start, end, label == "PERSON", label)
        mention = self.mention_at(token)
        if mention is not None and mention.label in NAMED:
            text, canonical, end, plural = self._together(token, mention)
            return Speaker(
                text, canonical, mention.start, end, mention.label == "PERSON", mention.label, plural
            )
        for child in token.children:  # "the spokesman, Clara Vint," / "observers such as X"
            named, named_token = None, child
            if child.dep_ == "appos":
                named = self.mention_at(child)
            elif child.dep_ == "prep" and child.lower_ in EXAMPLE_PREPS:
                objects = [c for c in child.children if c.dep_ == "pobj"]
                named = self.mention_at(objects[0]) if objects else None
                named_token = objects[0] if objects else child
            if named is not None and named.label in {"PERSON", "ORG"}:
                phrase = self._phrase(token)
                _, canonical, _, plural = self._together(named_token, named)
                return Speaker(
                    phrase[0], canonical, phrase[1], phrase[2], named.label == "PERSON", named.label, plural
                )
        text, start, end = self._phrase(token)
        definite = any(c.dep_ == "poss" or c.lower_ in {"the", "this"} for c in token.children)
        if token.pos_ in {"NOUN", "PROPN"} and token.tag_ in {"NN", "NNP"} and definite:
            person = self._by_title(token)  # "the minister" → the person introduced as minister
            if person:
                return Speaker(text, person, start, end, True, "PERSON")
            kind = body_nouns().get(lemma)  # "the company" → the company named before
            body = self.coref.body(token, kind, self.history) if kind else ""
            if body:
                return Speaker(text, body, start, end, False, kind)
        if token.pos_ == "PROPN" and token.tag_ == "NNP":  # a name spaCy did not recognise ("Na'moks said")
            return Speaker(text, _plain(text), start, end, False, "NAME")
        text, start, end = self._phrase(token, described=True)
        return Speaker(text, _plain(text), start, end, False, "", token.tag_ in {"NNS", "NNPS"})

    def _together(self, token: Token, mention: Mention) -> tuple[str, str, int, bool]:
        """A named subject with the names coordinated with it ("Tore Sohlberg and Lehla Abreder said"):
        (text as written, canonical names joined by "and", end offset, several people)."""
        names, end = [mention.canonical], mention.end
        for conj in token.conjuncts:
            other = self.mention_at(conj)
            if conj.i > token.i and other is not None and other.label == mention.label:
                if other.canonical not in names:
                    names.append(other.canonical)
                end = max(end, other.end)
        if len(names) == 1:
            return self.text[mention.start : mention.end], mention.canonical, mention.end, False
        return self.text[mention.start : end], " and ".join(names), end, True

    def _phrase(self, token: Token, described: bool = False) -> tuple[str, int, int]:
        """The speaker's noun phrase: the head and its left-hand modifiers, as written; for a speaker known
        only by description also what follows the head and says who it is ("a person familiar with the
        talks", "an official with the agency"), when that is short."""
        left = [c for c in token.lefts if c.dep_ in PHRASE_DEPS]
        start = min([t.i for c in left for t in c.subtree] + [token.i])
        end = token.i + 1
        if described:
            right = [c for c in token.rights if c.dep_ in POSTMODIFIER_DEPS]
            last = max([t.i for c in right for t in c.subtree] + [token.i]) + 1
            inside = self.doc[token.i + 1 : last]
            if last - start <= POSTMODIFIER_MAX and not any(t.is_punct or t.is_quote for t in inside):
                end = last
        span = self.doc[start:end]
        return span.text, span.start_char, span.end_char

    def _by_title(self, token: Token) -> str:
        """The person introduced with this title noun, nearest before the description in this article."""
        options = self.titles.get(token.lemma_.lower(), [])
        here = [(offset, name) for aid, offset, name in options if aid == self.article_id]
        before = [o for o in here if o[0] < token.idx]
        if before:
            return max(before)[1]
        names = {name for _, _, name in options}
        return names.pop() if len(names) == 1 else ""

    def _pronoun(self, token: Token) -> Speaker:
        name, is_person = self.coref.resolve(token, self.history)
        person = token.lower_ in MALE or token.lower_ in FEMALE
        label = self.coref.referents[name].label if name in self.coref.referents else ""
        plural = bool(name) and " and " in name
        end = token.idx + len(token)
        return Speaker(token.text, name, token.idx, end, person or is_person, label, plural)


def _expand_short_names(mentions: list[Mention]) -> list[Mention]:
    """A one-word name that opens exactly one longer name of the same kind in the article is that name:
    a given name ("Jayme" → "Jayme Closs"), a family name written first ("Wang" → "Wang Qishan"), a short
    company name ("Suncor" → "Suncor Energy"). (The story's entities already join a surname to its name.)"""
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    surnames: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        words = m.canonical.split()
        if len(words) >= 2:
            names[(m.label, words[0])].add(m.canonical)
            if m.label == "PERSON":
                surnames[words[-1]].add(m.canonical)
    expanded = []
    for m in mentions:
        longer = names.get((m.label, m.canonical), set()) if " " not in m.canonical else set()
        if len(longer) == 1:
            m = Mention(m.start, m.end, m.label, next(iter(longer)))
        elif m.label != "PERSON" and " " not in m.canonical:
            # a person's given name or surname that the entity vote took for something else ("Freeland" as
            # ORG): the one person whose name it opens or ends
            people = names.get(("PERSON", m.canonical), set()) | surnames.get(m.canonical, set())
            if len(people) == 1:
                m = Mention(m.start, m.end, "PERSON", next(iter(people)))
        expanded.append(m)
    return expanded


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
        # A title written as part of the name ("Education Minister Rob Fleming") stands left of the entity.
        nouns += [t for t in root.lefts if t.dep_ == "compound" and t.pos_ == "PROPN" and t.i < span.start]
        for noun in nouns:
            index[noun.lemma_.lower()].append((str(row.article_id), int(row.start), str(row.canonical)))
    return dict(index)

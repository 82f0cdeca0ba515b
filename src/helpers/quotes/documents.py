"""Who issued a document that speaks: "the report said" is its author speaking.

A document noun ("report", "study", "statement": the ``source`` and ``noun`` rows of
``data/speech_verbs.csv``) names its author in the article one way or another: a possessive ("the
railway's white paper"), "by X" or "from X" in its phrase ("a study released Monday by Civic Action"), or
the subject of the verb that issued it ("Canadian Pacific released a document ..."). A later bare mention
("the study said") takes the author of the nearest earlier document with the same noun.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Doc, Token

from helpers.quotes.speech import speech_cues

#: Prepositions that introduce a document's author.
AUTHOR_PREPS = frozenset({"by", "from"})


def is_document(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return token.pos_ == "NOUN" and (("source", lemma) in speech_cues() or ("noun", lemma) in speech_cues())


def author_of(token: Token, named: Callable[[Token], str]) -> str:
    """The author a document noun names in its own phrase or clause, or ""; ``named`` gives the canonical
    name of an entity at a token ("" for none)."""
    for child in token.children:  # "the railway's white paper", "a Civic Action study"
        if child.dep_ in {"poss", "compound"} and (name := named(child)):
            return name
    for t in token.subtree:  # "a study released Monday by Civic Action", "a release from the union"
        if t.lower_ in AUTHOR_PREPS and t.dep_ in {"prep", "agent"}:
            for obj in t.children:
                if obj.dep_ == "pobj" and (name := named(obj)):
                    return name
    head = token.head
    if token.dep_ in {"dobj", "obj"} and head.pos_ == "VERB":  # "X released a report"
        subjects = [c for c in head.children if c.dep_ == "nsubj"]
        if subjects and (name := named(subjects[0])):
            return name
    return ""


def document_authors(doc: Doc, named: Callable[[Token], str]) -> list[tuple[int, str, str]]:
    """Every document noun of the article whose author it names: (offset, lemma, author)."""
    found = []
    for token in doc:
        if is_document(token) and (author := author_of(token, named)):
            found.append((token.idx, token.lemma_.lower(), author))
    return found


def earlier_author(token: Token, authors: list[tuple[int, str, str]]) -> str:
    """The author of the nearest earlier document with the same noun as ``token``, or ""."""
    lemma = token.lemma_.lower()
    before = [(offset, author) for offset, noun, author in authors if noun == lemma and offset < token.idx]
    return max(before)[1] if before else ""

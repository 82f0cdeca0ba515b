"""Numbers that are not figures of the story, and the indefinite "one".

- A clock time: "at 9 p.m.", "2 p.m. Wednesday", "0401 GMT" count nothing.
- An ordinal period: "in the second quarter", "the first half", "a first-quarter loss" name a stretch of
  time, not a share of 0.25 or 0.5.
- A label: "a category 4 hurricane", "stage 3", "type 2 diabetes", "Flight 370" name a grade or an item of a
  series, not an amount.
- The pronoun "one": "each one", "the same one", "get their hands on one" stand for a noun already named.
- The indefinite "one" ("one of the largest ...", "one witness said") is a number in form, but it selects a
  member or stands for "a": it stays in the ``figures`` table, flagged ``indefinite``, and matching never
  reports it as dropped or new (see :mod:`helpers.figures.matching`).

Word lists are data (``data/nonfigure_words.csv``: clock words after a number, words before a period noun,
nouns a number labels).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from helpers.figures.numbers import _rows

_WORDS: dict[str, frozenset[str]] = {}
for _row in _rows("nonfigure_words.csv"):
    _WORDS[_row["kind"]] = _WORDS.get(_row["kind"], frozenset()) | {_row["word"]}
#: Words right after a number that make it a clock time ("9 p.m.", "0401 GMT").
CLOCK_WORDS = _WORDS["clock"]
#: Words before "quarter", "half", "third" that make it a period of time ("the second quarter").
PERIOD_WORDS = _WORDS["period"]
#: Words before the pronoun "one" ("each one", "the same one", "no one").
PRONOUN_ONE_WORDS = _WORDS["pronoun_one"]
#: Last words of a street name: "49 Zorro Ranch Road", "9 E 71st St" are addresses.
STREET_WORDS = _WORDS["street"]
#: Nouns that a number after them labels rather than counts: "a category 4 hurricane", "stage 3", "type 2".
LABEL_WORDS = _WORDS["label"]
#: Lemmas of speech and cognition verbs, read from the quote stage's table: "one witness said".
SPEECH_LEMMAS = frozenset(r["lemma"] for r in _rows("speech_verbs.csv") if " " not in r["lemma"])


def is_clock_time(doc: Doc, end: int) -> bool:
    """Whether the number ending before token ``end`` is a clock time: "9 p.m.", "11 a.m.", "0401 GMT"."""
    if end >= len(doc):
        return False
    word = doc[end].lower_
    return word in CLOCK_WORDS or (word.rstrip(".") + ".") in CLOCK_WORDS or word.rstrip(".") in CLOCK_WORDS


def is_period(token: Token) -> bool:
    """ "quarter", "half", "third" naming a period: "the second quarter", "first-quarter", "the last half"."""
    if token.i == 0:
        return False
    previous = token.nbor(-1)
    if previous.text == "-" and token.i > 1:  # "first-quarter", "second-half"
        previous = token.nbor(-2)
    return previous.lower_ in PERIOD_WORDS or (
        previous.ent_type_ == "ORDINAL" and previous.lower_ not in {"a", "an", "one"}
    )


def is_pronoun_one(token: Token) -> bool:
    """The pronoun "one", standing for a noun already named: "each one", "the same one", "on one"."""
    if token.lower_ != "one" or token.dep_ in {"nummod", "quantmod"}:
        return False
    if any(c.dep_ == "prep" and c.lower_ in {"of", "in", "out"} for c in token.children):
        return False  # "one of the ...", "one in four"
    previous = token.nbor(-1) if token.i > 0 else None
    if previous is not None and (previous.lower_ in PRONOUN_ONE_WORDS or previous.pos_ == "ADJ"):
        return True
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    if nxt is not None and nxt.lower_ in {"another", "by"}:
        return True  # "one another", "one by one"
    return token.dep_ == "pobj" and not list(token.children)  # "get their hands on one"


def is_indefinite_one(token: Token) -> bool:
    """The indefinite "one": a member picked from a group ("one of the largest dinosaurs") or a stand-in for
    "a" before the subject of a speech verb ("one witness said", "one official told reporters")."""
    if token.lower_ != "one":
        return False
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
        return True
    noun = token.head
    return (
        token.dep_ == "nummod"
        and noun.tag_ == "NN"
        and noun.dep_ == "nsubj"
        and noun.head.lemma_.lower() in SPEECH_LEMMAS
    )


def is_address(doc: Doc, end: int) -> bool:
    """Whether the number ending before token ``end`` is a house number: a capitalised street name follows
    ("49 Zorro Ranch Road", "575 Wilbraham Road", "9 E 71st St")."""
    for token in doc[end : end + 5]:
        if token.lower_ in STREET_WORDS and token.text[:1].isupper():
            return True
        if not token.text[:1].isupper() and not token.text[:1].isdigit():
            return False
    return False


def is_model_name(doc: Doc, start: int, end: int) -> bool:
    """A number inside a name: a proper noun before and after it ("iPhone 14 Pro", "Galaxy 12 Mini")."""
    if start == 0 or end >= len(doc) or not doc[start].text.isdigit():
        return False
    before, after = doc[start - 1], doc[end]
    return (
        before.pos_ == "PROPN"
        and after.pos_ == "PROPN"
        and after.text[:1].isupper()
        and before.whitespace_ != ""
        and before.ent_type_ not in {"DATE", "MONEY"}
    )


def is_label(doc: Doc, start: int, end: int) -> bool:
    """A number that names a grade or an item of a series, right after the noun it labels: "a category 4
    hurricane", "stage 3 cancer", "type 2 diabetes", "Flight 370"."""
    if start == 0 or end - start != 1 or not doc[start].text.isdigit():
        return False
    noun, number = doc[start - 1], doc[start]
    return noun.lower_ in LABEL_WORDS and number.head.i == noun.i

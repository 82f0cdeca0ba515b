"""What a figure is about, read from the dependency parse: the noun phrase it counts (its referent) and
the rise or fall it measures. Kept apart from :mod:`helpers.figures.extract`, which finds the numbers.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from helpers.figures.numbers import CHANGE_WORDS, NUMBER_WORDS, UNITS

#: Nouns too vague to name what is counted on their own; the verb that governs them is added.
VAGUE_NOUNS = frozenset({"people", "person", "individual", "one", "other", "some", "many", "resident"})


def bare(token: Token) -> str:
    """A token's lower-case text without the sentence's full stop swallowed into it ("€40m." → "m")."""
    text = token.lower_
    if len(text) > 1 and text.endswith(".") and (token.is_sent_end or token.i + 1 == len(token.doc)):
        return text[:-1]
    return text


def as_written(token: Token) -> str:
    """:func:`bare` in the token's own case: "PS6m" (a transliterated "£6m") is not "ps6m"."""
    return token.text[: len(bare(token))]


def is_scale(token: Token) -> bool:
    return NUMBER_WORDS.get(bare(token), (0, ""))[1] == "scale"


def governing_noun(token: Token) -> Token | None:
    """The noun a number counts: its head when it modifies a noun, the object of "of", or itself."""
    head = token.head
    if token.dep_ in {"nummod", "quantmod", "amod", "compound"} and head.pos_ in {"NOUN", "PROPN"}:
        return head
    for child in token.children:  # "half of them children", "14,000 of the residents"
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                obj = objects[0]
                if obj.pos_ == "PRON":  # "half of them children", "half of whom are children"
                    named = [c for c in token.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
                    if token.dep_ == "nsubj":
                        named += [c for c in token.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
                    return named[0] if named else antecedent(obj)
                appos = [c for c in obj.children if c.dep_ in {"appos", "npadvmod"} and c.pos_ == "NOUN"]
                return appos[0] if appos else obj
    if head.lower_ == "of" and head.head.pos_ == "NOUN":  # "a population of about two million"
        return head.head
    if token.pos_ in {"NOUN", "PROPN"} and token.lower_ not in NUMBER_WORDS:
        return token
    return None


#: Personal pronouns a figure may count ("half of it", "a third of them"), with the number they agree in.
PRONOUN_NUMBER = {"it": "Sing", "them": "Plur"}


def antecedent(pronoun: Token) -> Token | None:
    """The noun a personal pronoun stands for, looked for in its own sentence before it: the nearest
    subject that agrees in number ("The farmers lost their crops, and a third of them left" → "farmers"),
    else the nearest agreeing noun ("Rebels stormed Mosul, Iraq's second city, capturing half of it" →
    "city"); ``None`` for other pronouns ("whom", "which") or when no noun agrees."""
    number = PRONOUN_NUMBER.get(pronoun.lower_)
    if number is None:
        return None
    candidates = []
    for token in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
        if token.pos_ not in {"NOUN", "PROPN"} or token.dep_ == "compound" or token.like_num:
            continue
        if token.lower_ in UNITS or token.lower_ in NUMBER_WORDS:
            continue
        if number in (token.morph.get("Number") or ["Sing"]):
            candidates.append(token)
    subjects = [t for t in candidates if t.dep_ in {"nsubj", "nsubjpass"}]
    return (subjects or candidates or [None])[0]


def noun_phrase(noun: Token) -> tuple[str, str, str]:
    """A short noun phrase: compounds and adjectives before the noun, conjoined nouns after it; as written,
    as lemmas (the key matching compares: "people rescued" and "people rescue" are one referent), and the
    head noun's lemma ("displaced residents" → "resident")."""
    left = [t for t in noun.lefts if t.dep_ in {"compound", "amod"} and t.i == noun.i - 1 and not t.like_num]
    words = [*(t.text for t in left), noun.text]
    lemmas = [t.lemma_.lower() for t in (*left, noun)]
    for conj in noun.conjuncts:
        if conj.i > noun.i and conj.pos_ == "NOUN" and conj.lower_ not in UNITS:
            words += ["and", conj.text]
            lemmas += ["and", conj.lemma_.lower()]
            break
    if noun.lemma_.lower() in VAGUE_NOUNS:
        verb = noun.head if noun.dep_ in {"dobj", "nsubjpass", "nsubj"} else None
        if verb is not None and verb.pos_ == "VERB":
            words.append(verb.text if verb.tag_ == "VBN" else verb.lemma_)
            lemmas.append(verb.lemma_.lower())
        for child in noun.children:  # "people displaced", "civilians killed"
            if child.dep_ == "acl" and child.tag_ == "VBN":
                words.append(child.text)
                lemmas.append(child.lemma_.lower())
    return " ".join(words), " ".join(lemmas), noun.lemma_.lower()


def referent_of(doc: Doc, number: Token, unit: str) -> tuple[str, str, str]:
    """What ``number`` counts: as written, as lemmas, and its head noun's lemma ("" when the parse names
    nothing)."""
    noun = governing_noun(number)
    if noun is not None and (noun.lower_ in UNITS or bare(noun) in UNITS or is_scale(noun)):
        # "300 kilometers", "7% of homes", "€40m.": look past the unit
        unit_token = noun
        noun = None
        for child in unit_token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                noun = objects[0] if objects else None
        if (
            noun is None
            and unit_token.head.pos_ == "NOUN"
            and unit_token.dep_ in {"compound", "nmod", "amod"}
        ):
            noun = unit_token.head
        if noun is None and unit_token.dep_ == "pobj" and unit_token.head.lower_ == "of":
            noun = unit_token.head.head if unit_token.head.head.pos_ == "NOUN" else None
    if noun is None:
        change_head = change_verb(number)
        if change_head is not None:
            subjects = [c for c in change_head[0].children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subjects:
                noun = subjects[0]
    if noun is None:
        noun = measured_subject(number, unit)
    return noun_phrase(noun) if noun is not None else ("", "", "")


def measured_subject(number: Token, unit: str) -> Token | None:
    """What a measure or an amount is said of, when no noun is counted: the subject of the clause.

    "Rainfall reached 210 millimetres" → "Rainfall"; "The bill costs £3.5bn" → "bill"; "The population is
    about 4.5 million" → "population". A bare count takes the subject only through "be" ("Police arrested
    23" does not count police).
    """
    token = number
    for _ in range(4):
        if token.dep_ not in {"dobj", "attr", "pobj", "prep", "nummod", "quantmod", "npadvmod", "compound"}:
            return None
        head = token.head
        if head is token:
            return None
        if head.pos_ in {"VERB", "AUX"}:
            if unit == "count" and head.lemma_ != "be":
                return None
            subjects = [c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}]
            if subjects and subjects[0].pos_ in {"NOUN", "PROPN"} and subjects[0].lower_ not in UNITS:
                return subjects[0]
            return None
        token = head
    return None


#: Adverbs that give any verb a direction: "revised upward by 5%", "adjusted downwards by 2 points".
DIRECTION_ADVERBS = {"upward": "up", "upwards": "up", "downward": "down", "downwards": "down"}


def change_verb(number: Token) -> tuple[Token, str] | None:
    """The rise or fall a number measures: "rose 4.2%", "fell by 3 points", "cut 800 jobs".

    Only the amount of the move counts: the verb's object or measure, or "by" it. The level reached or
    left ("rose to $7 billion", "from 4.8%"), the subject ("80 mm of rain may fall") and a noun's
    modifier ("a 19% drop", news tables give that no direction) are not changes.
    """
    token = number
    for _ in range(4):
        head = token.head
        if head is token:
            break
        if token.dep_ == "pobj" and head.lower_ != "by":
            return None
        if token.dep_ not in {
            "agent",  # "was cut by 5%": the "by" of a passive
            "dobj",
            "npadvmod",
            "advmod",
            "nummod",
            "quantmod",
            "pobj",
            "prep",
            "attr",
            "compound",
            "appos",
        }:
            return None
        lemma = head.lemma_.lower()
        if head.pos_ == "VERB" and (lemma in CHANGE_WORDS or head.lower_ in CHANGE_WORDS):
            return head, CHANGE_WORDS.get(lemma, CHANGE_WORDS.get(head.lower_, ""))
        if head.pos_ == "VERB":  # "revised upward by 40 billion yen": any verb given a direction
            ways = [DIRECTION_ADVERBS[c.lower_] for c in head.children if c.lower_ in DIRECTION_ADVERBS]
            if ways:
                return head, ways[0]
        if head.pos_ in {"VERB", "AUX"}:
            break
        token = head
    return None


def moves(token: Token) -> bool:
    """A word of rise or fall ("rose", "cut", "increase"), by lemma or as written."""
    return token.lemma_.lower() in CHANGE_WORDS or token.lower_ in CHANGE_WORDS

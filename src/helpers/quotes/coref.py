"""Who a pronoun in a speaker slot stands for: a small coreference step on the parse of one article.

Referents are the article's named people and organisations (rows of the story's ``entities`` table) and the
speakers of its earlier quotes. Each person gets a gender from the evidence the article gives: an honorific
or a gendered noun beside the name ("Ms. Rao", "spokeswoman Ana Lopez", from ``data/gender_words.csv``),
the pronouns that refer to the name where nobody else is in the sentence ("Rao said her team ..."), and the
given name in gender-guesser's list (shipped with the package; used as weaker evidence, and outvoted by the
text). A pronoun takes the most salient referent before it that agrees with it: recency in sentences that
hold words, subject position, how often it was named, whether it spoke last. "he"/"she" resolve to a person
only, "they" to a group, an organisation or several people, "it" to an organisation. When nothing agrees the
pronoun stays unresolved: never a guess.
"""

from __future__ import annotations

import bisect
import csv
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from spacy.tokens import Doc, Token

#: Pronouns by the referents they may stand for, and the gender they carry.
MALE = frozenset({"he", "him", "his", "himself"})
FEMALE = frozenset({"she", "her", "hers", "herself"})
PLURAL = frozenset({"they", "them", "their", "themselves"})
NEUTER = frozenset({"it", "its", "itself"})
#: Labels of named referents that "they" may stand for.
GROUP_LABELS = frozenset({"ORG", "NORP"})
#: How many sentences back (counting only sentences with words) a pronoun may find its referent.
MAX_DISTANCE = 8
#: Salience: a referent named as a subject, each earlier mention (up to a cap), the last quote's speaker,
#: and the cost of not knowing a person's gender.
SUBJECT_BONUS, MENTION_BONUS, MENTION_CAP, LAST_SPEAKER_BONUS, UNKNOWN_GENDER_COST = 1.5, 0.3, 5, 1.5, 2.0
#: Evidence weights for a person's gender, and the margin a side must win by.
HONORIFIC_WEIGHT, NOUN_WEIGHT, PRONOUN_WEIGHT, NAME_WEIGHT, WEAK_NAME_WEIGHT = 3.0, 2.0, 1.0, 1.5, 0.5
GENDER_MARGIN = 1.0
#: Pronouns after a name (alone in its sentence) that make a name spaCy took for an organisation a person.
PERSON_PRONOUNS = 2
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@functools.lru_cache(maxsize=1)
def gender_words() -> dict[str, tuple[str, str]]:
    """Honorifics and nouns that give a person's gender: word → (gender "m"/"f", kind)."""
    with resources.files("helpers").joinpath("data/gender_words.csv").open(encoding="utf-8") as handle:
        return {row["word"]: (row["gender"], row["kind"]) for row in csv.DictReader(handle)}


@functools.lru_cache(maxsize=1)
def _detector():
    """gender-guesser's detector (its name list ships with the package), or None when not installed."""
    try:
        from gender_guesser.detector import Detector
    except ImportError:  # pragma: no cover - a declared dependency; the text evidence still works without it
        return None
    return Detector(case_sensitive=False)


def name_gender(given: str) -> tuple[str, float]:
    """Gender and weight that a given name suggests: ("m", 1.5) for "Jeff", ("f", 0.5) for "Kim"."""
    detector = _detector()
    if detector is None or not given.isalpha() or len(given) < 2:
        return "", 0.0
    guess = detector.get_gender(given)
    if guess in {"male", "female"}:
        return guess[0], NAME_WEIGHT
    if guess in {"mostly_male", "mostly_female"}:
        return guess[7], WEAK_NAME_WEIGHT
    return "", 0.0


@dataclass
class Referent:
    """Someone or something the article names: its canonical name, kind and where it was named."""

    canonical: str
    label: str
    plural: bool = False
    gender: str = ""  # "m", "f" or "" (unknown); people only
    mentions: list[tuple[int, bool]] = field(default_factory=list)  # (offset, named as a subject)

    @property
    def is_person(self) -> bool:
        return self.label == "PERSON"


class Coreference:
    """Pronoun resolution over one article.

    Args:
        doc: The parsed article.
        mentions: (start, end, label, canonical) of the article's named-entity mentions.
    """

    def __init__(self, doc: Doc, mentions: Iterable[tuple[int, int, str, str]]) -> None:
        self.doc = doc
        self.sentence_starts = [s.start_char for s in doc.sents]
        self.content_rank = _content_ranks(doc)
        self.referents: dict[str, Referent] = {}
        self._spans: list[tuple[int, int, str]] = []  # (start, end, canonical)
        for start, end, label, canonical in sorted(mentions):
            if not canonical:
                continue
            referent = self.referents.setdefault(canonical, Referent(canonical, label))
            span = doc.char_span(start, end, alignment_mode="expand")
            subject = span is not None and span.root.dep_ in SUBJECT_DEPS
            referent.mentions.append((start, subject))
            self._spans.append((start, end, canonical))
        self._genders()

    # --- where things are --------------------------------------------------------------------------------

    def rank(self, offset: int) -> int:
        """The number of sentences with words that start at or before ``offset`` (a distance measure that
        ignores separator lines such as " .")."""
        i = max(bisect.bisect_right(self.sentence_starts, offset) - 1, 0)
        return self.content_rank[i]

    def canonical_at(self, offset: int) -> str:
        for start, end, canonical in self._spans:
            if start <= offset < end:
                return canonical
        return ""

    # --- gender ------------------------------------------------------------------------------------------

    def _genders(self) -> None:
        """Weigh each person's gender evidence: honorifics and nouns, pronouns, the given name."""
        score: dict[str, float] = dict.fromkeys(self.referents, 0.0)
        pronouns: dict[str, int] = dict.fromkeys(self.referents, 0)
        words = gender_words()
        for start, end, canonical in self._spans:
            if canonical not in score:
                continue
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for token, kind in _beside(span):
                gender = words.get(token.lower_.rstrip("."))
                if gender and (kind == "before" or gender[1] == "noun"):
                    weight = HONORIFIC_WEIGHT if gender[1] == "honorific" else NOUN_WEIGHT
                    score[canonical] += weight if gender[0] == "m" else -weight
        for sent in self.doc.sents:  # "Rao said her team ...": pronouns after a person who is alone there
            named = {c for s, _, c in self._spans if sent.start_char <= s < sent.end_char}
            people = {c for c in named if self.referents[c].is_person}
            if len(people) > 1 or len(named) != 1 and not people:
                continue
            canonical = (people or named).pop()
            first = min(s for s, _, c in self._spans if c == canonical and sent.start_char <= s)
            quoted = _quoted_offsets(sent.text, sent.start_char)
            for token in sent:
                if token.idx <= first or token.idx in quoted:
                    continue
                if token.lower_ in MALE or token.lower_ in FEMALE:
                    score[canonical] += PRONOUN_WEIGHT if token.lower_ in MALE else -PRONOUN_WEIGHT
                    pronouns[canonical] += 1
        for canonical, referent in self.referents.items():
            if not referent.is_person and pronouns[canonical] < PERSON_PRONOUNS:
                continue  # an organisation, unless the article keeps calling it "he" or "she"
            words_of_name = canonical.split()
            if len(words_of_name) >= 2:
                gender, weight = name_gender(words_of_name[0])
                score[canonical] += weight if gender == "m" else -weight if gender == "f" else 0.0
            if score[canonical] >= GENDER_MARGIN:
                referent.gender = "m"
            elif score[canonical] <= -GENDER_MARGIN:
                referent.gender = "f"

    # --- resolution --------------------------------------------------------------------------------------

    def resolve(self, token: Token, history: list[tuple[int, str, str, bool]]) -> tuple[str, bool]:
        """The referent a pronoun speaker stands for, as (canonical, is a person); ("", ...) if none agrees.

        Args:
            token: The pronoun.
            history: Earlier quotes' speakers as (offset, canonical, label, plural), in text order.
        """
        word = token.lower_
        if word in MALE or word in FEMALE:
            gender = "m" if word in MALE else "f"
            return self._best(token, history, gender=gender), True
        if word in PLURAL:
            return self._best(token, history, plural=True), False
        if word in NEUTER:
            return self._best(token, history, neuter=True), False
        return "", False

    def _best(
        self,
        token: Token,
        history: list[tuple[int, str, str, bool]],
        *,
        gender: str = "",
        plural: bool = False,
        neuter: bool = False,
    ) -> str:
        here = self.rank(token.idx)
        last_speaker = next((c for o, c, _, _ in reversed(history) if o < token.idx), "")
        candidates: dict[str, tuple[int, bool, int]] = {}  # canonical → (last offset, subject, count)
        kinds: dict[str, tuple[str, bool, str]] = {}  # canonical → (label, plural, gender)
        for canonical, referent in self.referents.items():
            before = [(o, s) for o, s in referent.mentions if o < token.idx]
            if before:
                candidates[canonical] = (before[-1][0], before[-1][1], len(before))
                label = "PERSON" if referent.gender else referent.label
                kinds[canonical] = (label, referent.plural, referent.gender)
        for offset, canonical, label, is_plural in history:
            if offset >= token.idx or not canonical:
                continue
            last, subject, count = candidates.get(canonical, (-1, False, 0))
            candidates[canonical] = (max(last, offset), True if offset >= last else subject, count + 1)
            referent = self.referents.get(canonical)
            if referent is not None:
                label = "PERSON" if referent.gender else referent.label
            kinds[canonical] = (label, is_plural, referent.gender if referent else "")
        best, best_score = "", float("-inf")
        for canonical, (last, subject, count) in candidates.items():
            label, is_plural, known = kinds[canonical]
            if gender:
                if label != "PERSON" or is_plural or (known and known != gender):
                    continue
            elif plural and not (is_plural or label in GROUP_LABELS):
                continue
            elif neuter and (label != "ORG" or is_plural):
                continue
            if (plural or neuter) and not subject:
                continue  # a body speaks again where it spoke or acted before, not where it was named
            distance = here - self.rank(last)
            if distance > MAX_DISTANCE:
                continue
            score = -distance + SUBJECT_BONUS * subject + MENTION_BONUS * min(count, MENTION_CAP)
            score += LAST_SPEAKER_BONUS * (canonical == last_speaker)
            score -= UNKNOWN_GENDER_COST * (bool(gender) and not known)
            if (score, last) > (best_score, candidates.get(best, (-1,))[0]):
                best, best_score = canonical, score
        return best


def _content_ranks(doc: Doc) -> list[int]:
    """For each sentence, how many sentences with a letter or digit start at or before it."""
    ranks, n = [], 0
    for sent in doc.sents:
        if any(ch.isalnum() for ch in sent.text):
            n += 1
        ranks.append(n)
    return ranks


def _beside(span) -> list[tuple[Token, str]]:
    """Tokens that may give a name's gender: the word right before it ("Ms. Rao"), the title nouns
    compounded with it ("spokeswoman Ana Lopez") and its apposition ("Ana Lopez, the spokeswoman")."""
    doc = span.doc
    out: list[tuple[Token, str]] = []
    if span.start > 0:
        out.append((doc[span.start - 1], "before"))
    out.append((span[0], "before"))  # "Mr. Smith" kept inside the entity
    root = span.root
    out += [(t, "noun") for t in root.lefts if t.dep_ == "compound" and t.i < span.start]
    out += [(t, "noun") for t in root.children if t.dep_ == "appos"]
    if root.dep_ == "appos":
        out.append((root.head, "noun"))
    return out


_OPEN, _CLOSE = '“"', '”"'


def _quoted_offsets(text: str, base: int) -> set[int]:
    """Offsets inside double quotation marks in ``text`` (quoted words speak of others in their own voice)."""
    inside, quoted = False, set()
    for i, ch in enumerate(text):
        if ch in _OPEN and not inside:
            inside = True
        elif ch in _CLOSE and inside:
            inside = False
        elif inside:
            quoted.add(base + i)
    return quoted

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
#: Labels of names that may turn out to be a person (the entity vote can take a surname for a place).
SPEAKING_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
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
#: Salience added to a body whose name holds the description's noun ("the diocese" → "... Diocese of X").
NAMED_SO_BONUS = 3.0
#: How near a body not named with the noun must have spoken or acted for "the company" to mean it.
BODY_DISTANCE = 3
#: Pronouns after a name (alone in its sentence) that make a name spaCy took for an organisation a person.
PERSON_PRONOUNS = 2
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


@functools.lru_cache(maxsize=1)
def gender_words() -> dict[str, tuple[str, str]]:
    """Honorifics and nouns that give a person's gender: word → (gender "m"/"f", kind)."""
    with resources.files("helpers").joinpath("data/gender_words.csv").open(encoding="utf-8") as handle:
        return {row["word"]: (row["gender"], row["kind"]) for row in csv.DictReader(handle)}


#: gender-guesser's codes for the gender of a line of its list.
_GENDER_CODES = {
    "M": "male",
    "1M": "mostly_male",
    "?M": "mostly_male",
    "F": "female",
    "1F": "mostly_female",
    "?F": "mostly_female",
    "?": "andy",
}


@functools.lru_cache(maxsize=1)
def _detector():
    """gender-guesser's detector (its name list ships with the package), or None when not installed.

    The list (49,000 lines) is read in one go and only indexed by name; a name's lines are parsed the first
    time it is asked for, as the package's own parser would (a "+" in a name stands for nothing, a space or
    a hyphen; a later line for the same name and gender wins). A story asks for a few hundred names, so
    this takes a fraction of parsing every line up front; the answers are the package's (tested)."""
    try:
        from gender_guesser.detector import Detector
    except ImportError:  # pragma: no cover - a declared dependency; the text evidence still works without it
        return None

    class IndexedDetector(Detector):
        def _parse(self, filename: str) -> None:
            self.names = {}
            # a name's line, or its lines when it has several: a string per name, not a list, so that
            # indexing the list makes no container for the garbage collector to walk
            self._lines: dict[str, str | list[str]] = {}
            with open(filename, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
            for line in lines:
                line = line.strip()
                if line and line[0] not in "#=":
                    name = line.split(None, 2)[1].lower()
                    variants = (
                        dict.fromkeys(name.replace("+", r) for r in ("", " ", "-"))
                        if "+" in name
                        else (name,)
                    )
                    for variant in variants:
                        found = self._lines.get(variant)
                        if found is None:
                            self._lines[variant] = line
                        elif isinstance(found, str):
                            self._lines[variant] = [found, line]
                        else:
                            found.append(line)

        def get_gender(self, name: str, country: str | None = None) -> str:
            key = name.lower()
            if key not in self.names and key in self._lines:
                genders: dict[str, str] = {}
                found = self._lines[key]
                for line in [found] if isinstance(found, str) else found:
                    genders[_GENDER_CODES[line.split(None, 1)[0]]] = line[30:-1]
                self.names[key] = genders
            return super().get_gender(name, country)

    return IndexedDetector(case_sensitive=False)


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
        score = self._score = dict.fromkeys(self.referents, 0.0)
        pronouns = self._pronouns = dict.fromkeys(self.referents, 0)
        self._name_score: dict[str, float] = {}
        self._votes: dict[int, list[tuple[str, float]]] = {}  # pronoun offset → (referent, its vote)

        def vote(token: Token, canonical: str) -> None:
            delta = PRONOUN_WEIGHT if token.lower_ in MALE else -PRONOUN_WEIGHT
            score[canonical] += delta
            pronouns[canonical] += 1
            self._votes.setdefault(token.idx, []).append((canonical, delta))

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
        previous = ""  # the one name the sentence before was about, when it was its subject
        for sent in self.doc.sents:
            if not any(ch.isalnum() for ch in sent.text):
                continue
            here = [(s, c) for s, _, c in self._spans if sent.start_char <= s < sent.end_char]
            named = {c for _, c in here}
            people = {c for c in named if self.referents[c].is_person}
            if not people:  # no person named: a name in subject position may be one the vote mislabelled
                named = {c for s, c in here if dict(self.referents[c].mentions)[s]} or named
            quoted = _quoted_offsets(sent.text, sent.start_char)
            if previous and not people:  # "Rao said ... . She added ...": the talk goes on about her
                for token in sent:
                    if token.dep_ == "nsubj" and token.idx not in quoted and token.lower_ in MALE | FEMALE:
                        vote(token, previous)
                        break
            previous = ""
            if len(people) > 1 or len(named) != 1 and not people:
                continue
            canonical = (people or named).pop()
            first = min(s for s, _, c in self._spans if c == canonical and sent.start_char <= s)
            subject = dict(self.referents[canonical].mentions)[first]
            if not self.referents[canonical].is_person and not subject:
                continue  # a name taken for an organisation counts as a person only as the subject
            previous = canonical if subject and self.referents[canonical].label in SPEAKING_LABELS else ""
            for token in sent:  # "Rao said her team ...": pronouns after a person who is alone there
                if token.idx <= first or token.idx in quoted:
                    continue
                if token.lower_ in MALE or token.lower_ in FEMALE:
                    vote(token, canonical)
        for canonical, referent in self.referents.items():
            words_of_name = canonical.split()
            if len(words_of_name) >= 2:
                gender, weight = name_gender(words_of_name[0])
                self._name_score[canonical] = weight if gender == "m" else -weight if gender == "f" else 0.0
            referent.gender = self.gender_without(canonical, -1)

    def gender_without(self, canonical: str, offset: int) -> str:
        """A referent's gender ("m", "f", "") leaving out the vote of the pronoun at ``offset``: a pronoun
        never decides its own agreement ("Berg left. “...,” she said." is no evidence that Berg is a she)."""
        own = [delta for c, delta in self._votes.get(offset, []) if c == canonical]
        votes, name = self._pronouns[canonical] - len(own), self._name_score.get(canonical, 0.0)
        if not self.referents[canonical].is_person and votes < PERSON_PRONOUNS:
            # an organisation, unless the article keeps calling it "he" or "she", or does so once and
            # the name opens with a given name of that gender ("Tareq Hadad ... his father")
            if not (votes and abs(name) == NAME_WEIGHT and name * (self._score[canonical] - sum(own)) > 0):
                return ""
        score = self._score[canonical] - sum(own) + name
        return "m" if score >= GENDER_MARGIN else "f" if score <= -GENDER_MARGIN else ""

    # --- resolution --------------------------------------------------------------------------------------

    def resolve(self, token: Token, history: list[tuple[int, str, str, bool]]) -> tuple[str, bool]:
        """The referent a pronoun speaker stands for, as (canonical, is a person); ("", ...) if none agrees.

        Args:
            token: The pronoun.
            history: Earlier quotes' speakers as (offset, canonical, label, plural), in text order; a label
                "NAME" marks a proper noun spaCy did not recognise (a person or a body, gender unknown).
        """
        word = token.lower_
        if word in MALE or word in FEMALE:
            gender = "m" if word in MALE else "f"

            def agrees(c: _Candidate) -> bool:
                return c.label in {"PERSON", "NAME"} and not c.plural and c.gender in {"", gender}

            return self._best(token, history, agrees, unknown_cost=UNKNOWN_GENDER_COST), True
        if word in PLURAL:  # a group, an organisation or several people that spoke or acted before
            return self._best(
                token, history, lambda c: c.subject and (c.plural or c.label in GROUP_LABELS)
            ), False
        if word in NEUTER:  # an organisation that spoke or acted before
            return self._best(
                token, history, lambda c: c.subject and c.label == "ORG" and not c.plural
            ), False
        return "", False

    def body(self, token: Token, label: str, history: list[tuple[int, str, str, bool]]) -> str:
        """The organisation (or place) a description such as "the company" or "the city" stands for: one of
        that kind named before, preferring one whose name holds the noun ("the diocese" → "Roman Catholic
        Diocese of Covington"), then the most salient; "" when there is none within reach."""
        noun = token.lower_

        def named_so(c: _Candidate) -> bool:
            return noun in c.canonical.lower().split()

        here = self.rank(token.idx)

        def agrees(c: _Candidate) -> bool:
            if c.plural or not (c.label == label or c.label in {"ORG", "GPE"} and named_so(c)):
                return False
            # a body named so may be further back; any other must have just spoken or acted
            return named_so(c) or c.subject and here - self.rank(c.last) <= BODY_DISTANCE

        return self._best(token, history, agrees, bonus=named_so)

    def _candidates(self, token: Token, history: list[tuple[int, str, str, bool]]) -> list[_Candidate]:
        """Every referent named or heard before ``token``, with what salience needs to know about it."""
        found: dict[str, _Candidate] = {}
        for canonical, referent in self.referents.items():
            before = [(o, s) for o, s in referent.mentions if o < token.idx]
            if before:
                gender = self.gender_without(canonical, token.idx)
                label = "PERSON" if gender else referent.label
                found[canonical] = _Candidate(
                    canonical,
                    label,
                    referent.plural,
                    gender,
                    before[-1][0],
                    before[-1][1],
                    len(before),
                )
        for offset, canonical, label, plural in history:
            if offset >= token.idx or not canonical:
                continue
            referent = self.referents.get(canonical)
            gender = self.gender_without(canonical, token.idx) if referent is not None else ""
            if referent is not None:
                label = "PERSON" if gender else referent.label
            old = found.get(canonical)
            found[canonical] = _Candidate(
                canonical,
                label,
                plural,
                gender,
                max(offset, old.last if old else -1),
                True,
                (old.count if old else 0) + 1,
                spoke=True,
            )
        return list(found.values())

    def _best(
        self,
        token: Token,
        history: list[tuple[int, str, str, bool]],
        agrees,
        *,
        unknown_cost: float = 0.0,
        bonus=None,
    ) -> str:
        """The most salient agreeing candidate within reach: recency in sentences with words, subject
        position, mentions, the last speaker; ``bonus`` marks candidates that fit better still."""
        here = self.rank(token.idx)
        last_speaker = next((c for o, c, _, _ in reversed(history) if o < token.idx), "")
        best, best_key = "", (float("-inf"), -1)
        for c in self._candidates(token, history):
            if not agrees(c):
                continue
            distance = here - self.rank(c.last)
            if distance > MAX_DISTANCE:
                continue
            score = -distance + SUBJECT_BONUS * c.subject + MENTION_BONUS * min(c.count, MENTION_CAP)
            score += LAST_SPEAKER_BONUS * (c.canonical == last_speaker)
            score -= unknown_cost * (not c.gender)
            score += NAMED_SO_BONUS * bool(bonus and bonus(c))
            if (score, c.last) > best_key:
                best, best_key = c.canonical, (score, c.last)
        return best


@dataclass(frozen=True)
class _Candidate:
    canonical: str
    label: str
    plural: bool
    gender: str
    last: int  # offset of the last mention before the pronoun
    subject: bool  # named there as a subject, or spoke there
    count: int
    spoke: bool = False


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

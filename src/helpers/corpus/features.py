"""What grouping needs to know about one article: its content words, names (people and places apart too),
dates and the years they name, numbers.

Runs on the workers, one partition of articles at a time, with the shared spaCy pipeline (loaded once per
worker process by :func:`helpers.nlp.pipeline.load_pipeline`). Grouping needs no dependency parse, so the
parser is switched off here: tagging, lemmas and named entities are enough, and cheaper.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc

from helpers.nlp.pipeline import BATCH_SIZE, load_pipeline
from helpers.nlp.text import content_lemmas, fold_quotes

#: Pipes grouping does without (the per-story analyses parse again with everything).
SKIPPED_PIPES = ("parser",)
#: Entity labels that name a person, group, place or thing; a person's surname is a name of its own.
NAME_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
#: Names that say where: two events of one kind are most often told apart by who, where and when.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DATE_LABELS = frozenset({"DATE", "TIME"})
NUMBER_LABELS = frozenset({"CARDINAL", "QUANTITY", "MONEY", "PERCENT"})
#: Content words that make an article's opening.
LEAD_WORDS = 40
_LEADING = re.compile(r"^(?:the|a|an)\s+")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_SPACES = re.compile(r"\s+")
#: A year written in a date ("December 2008", "in 2012"): the one part of a date that is the same however
#: the date is written and whatever day the article was published.
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class ArticleFeatures:
    """One article's evidence for grouping, each a count of keys (sorted, so reruns agree).

    ``terms`` counts content lemmas, ``lead`` those of the opening (title and lede, where what the story
    is about is said), ``names``, ``dates`` and ``numbers`` the entity mentions by key; ``persons`` and
    ``places`` are the people's and the places' names among ``names`` (who and where, without the teams,
    companies and agencies that recur from one event of a kind to the next), ``years`` the years the dates
    name.
    """

    terms: dict[str, int]
    lead: dict[str, int]
    names: dict[str, int]
    dates: dict[str, int]
    numbers: dict[str, int]
    persons: dict[str, int]
    places: dict[str, int]
    years: dict[str, int]


def entity_key(text: str) -> str:
    """One spelling per name: lower case, quotes folded, a leading article and a possessive dropped."""
    key = _SPACES.sub(" ", fold_quotes(text).lower()).strip()
    key = _POSSESSIVE.sub("", _LEADING.sub("", key)).strip(" -\"'")
    return key


def doc_features(doc: Doc) -> ArticleFeatures:
    """Features of one parsed article."""
    lemmas = content_lemmas(doc)
    names: Counter[str] = Counter()
    dates: Counter[str] = Counter()
    numbers: Counter[str] = Counter()
    persons: Counter[str] = Counter()
    places: Counter[str] = Counter()
    years: Counter[str] = Counter()
    for ent in doc.ents:
        key = entity_key(ent.text)
        if not key or not any(ch.isalnum() for ch in key):
            continue
        if ent.label_ in NAME_LABELS:
            names[key] += 1
            if ent.label_ == "PERSON":
                persons[key] += 1
                if " " in key:
                    surname = key.rsplit(" ", 1)[1]
                    names[surname] += 1
                    persons[surname] += 1
            elif ent.label_ in PLACE_LABELS:
                places[key] += 1
        elif ent.label_ in DATE_LABELS:
            dates[key] += 1
            years.update(_YEAR.findall(ent.text))
        elif ent.label_ in NUMBER_LABELS:
            numbers[key] += 1
    return ArticleFeatures(
        _sorted(Counter(lemmas)),
        _sorted(Counter(lemmas[:LEAD_WORDS])),
        _sorted(names),
        _sorted(dates),
        _sorted(numbers),
        _sorted(persons),
        _sorted(places),
        _sorted(years),
    )


def _sorted(counts: Counter[str]) -> dict[str, int]:
    return dict(sorted(counts.items()))


def parse_for_grouping(texts: Sequence[str]) -> list[ArticleFeatures]:
    """Tag and find entities in every text with the shared pipeline (no dependency parse)."""
    nlp = load_pipeline()
    disabled = [name for name in SKIPPED_PIPES if name in nlp.pipe_names]
    docs = nlp.pipe(texts, batch_size=BATCH_SIZE, disable=disabled)
    return [doc_features(doc) for doc in docs]

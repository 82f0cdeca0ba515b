"""Named entities with one canonical name per real-world entity across the whole story.

Three passes, all story-level:

1. **Mentions**: spaCy's named entities, tidied (leading "the", possessive "'s", stray hyphens), with
   "X for Y" organisation names that spaCy split rejoined.
2. **Aliases**: forms the story itself defines but spaCy missed: an acronym in brackets after a name
   ("... Human Rights (SOHR)"), a person's surname ("Peskov"), an organisation's head noun after "the"
   ("the Observatory"). Every article is scanned for them.
3. **Clusters and votes**: mentions with the same surface, a person's surname and full name, an acronym and
   its expansion, a shorter organisation name holding the longer one's head noun, fall into one cluster named
   by its fullest form. Its label is a vote over all its mentions: spaCy's label plus evidence from the parse
   (an appositive or "city of X" head noun, a place preposition, a bracketed acronym), so one slip such as
   a city tagged PERSON is outvoted by the rest of the story.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources

import pandas as pd
from spacy.tokens import Doc, Span

from helpers.nlp.intervals import SpanSet
from helpers.story import Story
from helpers.tables import register

#: spaCy labels that name things (numbers, dates and amounts belong to the figures analysis).
NAMED_LABELS = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)
#: Prepositions whose object is usually a place.
PLACE_PREPOSITIONS = frozenset(
    {"in", "into", "inside", "near", "across", "outside", "throughout", "toward", "towards", "around"}
)
#: Lower-case words that do not count when spelling an acronym from a name.
ACRONYM_SKIP = frozenset({"for", "of", "the", "and", "on", "in", "at", "to", "&"})
#: Weights of the evidence in the label vote.
WEIGHT_NER, WEIGHT_ALIAS, WEIGHT_CUE, WEIGHT_ACRONYM, WEIGHT_PLACE_PREP, WEIGHT_ADJECTIVE = (
    1.0,
    0.5,
    2.0,
    1.0,
    1.0,
    1.0,
)

_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_DETERMINERS = frozenset({"the", "a", "an"})


def _load_cues() -> dict[str, str]:
    """Head nouns that reveal an entity's type ("the city of X" → GPE), from ``data/entity_cues.csv``."""
    with resources.files("helpers").joinpath("data/entity_cues.csv").open(encoding="utf-8") as handle:
        return {row["word"]: row["label"] for row in csv.DictReader(handle)}


ENTITY_CUES = _load_cues()


@dataclass
class Mention:
    """One mention of a named entity in one article."""

    article_id: str
    start: int  # character offsets into the article text
    end: int
    text: str
    spacy_label: str
    origin: str  # "ner" or "alias"
    tokens: tuple[str, ...]
    root: str  # the syntactic head word of the mention
    votes: Counter = field(default_factory=Counter)
    target: str | None = None  # for an alias: the key of the name it stands for

    @property
    def key(self) -> str:
        return normalise(self.text)


def normalise(text: str) -> str:
    """Surface key: case-folded, quotes folded, no leading article, no possessive, no acronym dots."""
    text = text.replace("’", "'").replace("‘", "'")
    words = text.split()
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    text = _POSSESSIVE.sub("", " ".join(words))
    if re.fullmatch(r"(?:[A-Za-z]\.){2,}", text):
        text = text.replace(".", "")
    return text.casefold().strip(" -–—.,;:")


def _trim(span: Span) -> Span | None:
    """Drop leading determiners and trailing possessives/punctuation from an entity span."""
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS" or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    trimmed = Span(doc, start, end, label=span.label_)
    return trimmed if any(ch.isalpha() for ch in trimmed.text) else None


def _rejoin_split_orgs(spans: list[Span]) -> list[Span]:
    """Rejoin "Office" + "for the Coordination of ..." style names that spaCy split in two ORG spans."""
    joined: list[Span] = []
    for span in spans:
        if joined and span.label_ == "ORG" and joined[-1].label_ == "ORG":
            previous = joined[-1]
            between = span.doc[previous.end : span.start]
            if (
                len(between)
                and all(t.lower_ in {"for", "of", "the", "on"} for t in between)
                and between[0].lower_ in {"for", "of", "on"}
            ):
                joined[-1] = Span(span.doc, previous.start, span.end, label="ORG")
                continue
        joined.append(span)
    return joined


def _evidence(span: Span) -> Counter:
    """Label votes from the parse around one mention (not from spaCy's label)."""
    votes: Counter = Counter()
    root = span.root
    # "X, a jihadist group" / "X, the Observatory's director": an appositive's head noun.
    for child in root.children:
        if child.dep_ == "appos" and child.lemma_.lower() in ENTITY_CUES:
            votes[ENTITY_CUES[child.lemma_.lower()]] += WEIGHT_CUE
    head = root.head
    # "the spokesman, X" / "a resident, X": X is the appositive of a cue noun.
    if root.dep_ == "appos" and head.lemma_.lower() in ENTITY_CUES:
        votes[ENTITY_CUES[head.lemma_.lower()]] += WEIGHT_CUE
    # "the city of X", "western districts of X": X is a place when the noun before "of" is a place word.
    if root.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in ENTITY_CUES:
        label = ENTITY_CUES[head.head.lemma_.lower()]
        if label in {"GPE", "LOC"}:
            votes[label] += WEIGHT_CUE
    # "in X", "near X": a singular proper noun after a place preposition.
    if root.dep_ == "pobj" and head.lower_ in PLACE_PREPOSITIONS and root.tag_ == "NNP":
        votes["GPE"] += WEIGHT_PLACE_PREP
    # "Iranian-backed", "Syrian forces": an adjective names a group of people, not a thing.
    if len(span) == 1 and root.tag_ == "JJ":
        votes["NORP"] += WEIGHT_ADJECTIVE
    # "X (ABC)": organisations get bracketed acronyms, people do not.
    doc = span.doc
    if (
        span.end + 2 < len(doc)
        and doc[span.end].text == "("
        and doc[span.end + 2].text == ")"
        and _ACRONYM.match(doc[span.end + 1].text)
    ):
        votes["ORG"] += WEIGHT_ACRONYM
    return votes


def _mention(article_id: str, span: Span, label: str, origin: str) -> Mention:
    votes = _evidence(span)
    votes[label] += WEIGHT_NER if origin == "ner" else WEIGHT_ALIAS
    tokens = tuple(normalise(t.text) for t in span if normalise(t.text))
    return Mention(
        article_id,
        span.start_char,
        span.end_char,
        span.text,
        label,
        origin,
        tokens,
        normalise(span.root.text),
        votes,
    )


def _ner_mentions(article_id: str, doc: Doc) -> list[Mention]:
    spans = [trimmed for ent in doc.ents if ent.label_ in NAMED_LABELS if (trimmed := _trim(ent)) is not None]
    return [_mention(article_id, span, span.label_, "ner") for span in _rejoin_split_orgs(spans)]


def _acronym_of(tokens: tuple[str, ...], words: list[str]) -> str:
    """Initials of a name's significant words: "Syrian Observatory for Human Rights" → "SOHR"."""
    return "".join(w[0] for w in words if w.lower() not in ACRONYM_SKIP and w[:1].isupper()).upper()


def _aliases(docs: dict[str, Doc], mentions: list[Mention]) -> dict[tuple[str, ...], tuple[str, str]]:
    """Alias token sequences (exact case) → (label, what they stand for, as a key) defined by the story."""
    aliases: dict[tuple[str, ...], tuple[str, str]] = {}
    ambiguous: set[tuple[str, ...]] = set()

    def add(alias: tuple[str, ...], label: str, target: str) -> None:
        if alias in aliases and aliases[alias][1] != target:
            ambiguous.add(alias)
        aliases[alias] = (label, target)

    for m in mentions:
        doc = docs[m.article_id]
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            continue
        words = [t.text for t in span]
        label = m.votes.most_common(1)[0][0]
        # A bracketed acronym right after the name.
        if (
            span.end + 2 < len(doc)
            and doc[span.end].text == "("
            and doc[span.end + 2].text == ")"
            and _ACRONYM.match(doc[span.end + 1].text)
        ):
            add((doc[span.end + 1].text,), label, m.key)
        if label == "PERSON" and len(words) >= 2 and all(w[:1].isupper() for w in words):
            for i in range(1, len(words)):  # surnames: "Abdel Rahman", "Rahman"
                if words[i][:1].isupper():
                    add(tuple(words[i:]), "PERSON", m.key)
        if label == "ORG" and len(words) >= 3:
            acronym = _acronym_of(m.tokens, words)
            if len(acronym) >= 3:
                add((acronym,), "ORG", m.key)
            if span.root.text[:1].isupper() and span.root.i > span.start:  # "the Observatory"
                add(("the", span.root.text), "ORG", m.key)
                add(("The", span.root.text), "ORG", m.key)
    return {alias: value for alias, value in aliases.items() if alias not in ambiguous}


def _alias_mentions(docs: dict[str, Doc], mentions: list[Mention]) -> list[Mention]:
    """Mentions of story-defined aliases that spaCy did not tag."""
    aliases = _aliases(docs, mentions)
    taken: dict[str, SpanSet] = defaultdict(SpanSet)
    for m in mentions:
        taken[m.article_id].add(m.start, m.end)
    sizes: dict[str, set[int]] = defaultdict(set)
    for alias in aliases:
        sizes[alias[0]].add(len(alias))
    lengths = {word: sorted(n, reverse=True) for word, n in sizes.items()}  # longest alias first
    found = []
    for article_id, doc in docs.items():
        words = [t.text for t in doc]
        for i, word in enumerate(words):
            for n in lengths.get(word, ()):
                alias = tuple(words[i : i + n])
                if alias not in aliases:
                    continue
                label, target = aliases[alias]
                if i + n < len(doc) and words[i + n][:1].isupper() and not doc[i + n].is_punct:
                    continue  # part of a longer capitalised name
                span = doc[i + 1 : i + n] if alias[0] in ("the", "The") else doc[i : i + n]
                if taken[article_id].overlaps(span.start_char, span.end_char):
                    continue
                taken[article_id].add(span.start_char, span.end_char)
                mention = _mention(article_id, span, label, "alias")
                mention.target = target
                found.append(mention)
    return found


def _cluster(mentions: list[Mention]) -> dict[str, str]:
    """Map each mention key to its cluster's key (the fullest name of the entity)."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        groups[m.key].append(m)
    votes = {key: sum((m.votes for m in ms), Counter()) for key, ms in groups.items()}
    label = {
        key: v.most_common(1)[0][0] if v else ms[0].spacy_label
        for (key, ms), v in zip(groups.items(), votes.values(), strict=True)
    }
    tokens = {key: max((m.tokens for m in ms), key=len) for key, ms in groups.items()}
    roots = {
        key: Counter(m.root for m in ms if len(m.tokens) == len(tokens[key])).most_common(1)[0][0]
        for key, ms in groups.items()
    }
    parent = {key: key for key in groups}
    for m in mentions:  # an alias joins the name the story defined it for
        if m.target in parent and m.target != m.key:
            parent[_find(parent, m.key)] = _find(parent, m.target)
    groups_of_people: dict[str, str] = {}
    for key in sorted(groups):  # "Jihadists" and "jihadist": one group of people, singular or plural
        if label[key] == "NORP":
            singular = key[:-1] if key.endswith("s") and not key.endswith("ss") else key
            if singular in groups_of_people:
                parent[_find(parent, key)] = _find(parent, groups_of_people[singular])
            else:
                groups_of_people[singular] = key

    # Indexes so that each name is compared only with names that could contain it: by any of their words
    # (surname, subset) and by their initials (acronym).
    by_word: dict[str, set[str]] = defaultdict(set)
    for other, other_tokens in tokens.items():
        for word in other_tokens:
            by_word[word].add(other)
        by_word["".join(t[0] for t in other_tokens if t and t not in ACRONYM_SKIP)].add(other)

    def candidates(key: str) -> list[str]:
        own = tokens[key]
        found = []
        pool = sorted(by_word.get(own[-1], set()) | by_word.get(own[0], set())) if own else []
        for other in pool:
            other_tokens = tokens[other]
            if other == key or len(other_tokens) <= len(own):
                continue
            if label[key] == "PERSON" and label[other] == "PERSON" and other_tokens[-len(own) :] == own:
                found.append(other)  # surname → full name
            elif label[other] == "ORG" and label[key] in {"ORG", "PERSON", "GPE", "NORP"}:
                significant = [t for t in other_tokens if t not in ACRONYM_SKIP]
                initials = "".join(t[0] for t in significant)
                if len(own) == 1 and own[0] == initials and len(initials) >= 2:
                    found.append(other)  # acronym → expansion
                elif label[key] == "ORG" and set(own) <= set(other_tokens) and roots[other] in own:
                    found.append(other)  # "Syrian Observatory", "Observatory" → the full name
        return found

    for key in sorted(groups, key=lambda k: len(tokens[k])):
        found = candidates(key)
        if not found:
            continue
        # Several candidates are fine when they are one entity already (nested names); else ambiguous.
        roots_found = {_find(parent, f) for f in found}
        longest = max(found, key=lambda k: (len(tokens[k]), len(groups[k])))
        if len(roots_found) == 1 or all(set(tokens[f]) <= set(tokens[longest]) for f in found):
            parent[_find(parent, key)] = _find(parent, longest)
    # Each cluster's name is its member with the most tokens (then the most mentions).
    members: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        members[_find(parent, key)].append(key)
    canonical_key = {}
    for keys in members.values():
        best = max(keys, key=lambda k: (len(tokens[k]), len(groups[k]), k))
        for key in keys:
            canonical_key[key] = best
    return canonical_key


def _find(parent: dict[str, str], key: str) -> str:
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key


def _display_name(mentions: list[Mention]) -> str:
    """How to write a cluster's name: its commonest written form, without article or possessive."""
    forms = Counter()
    for m in mentions:
        words = m.text.replace("’", "'").split()
        while words and words[0].lower() in _DETERMINERS:
            words = words[1:]
        forms[_POSSESSIVE.sub("", " ".join(words)).strip(" -–—")] += 1
    return max(forms, key=lambda f: (forms[f], f[:1].isupper(), f))


def extract_entities(story: Story) -> pd.DataFrame:
    """Every named-entity mention of the story with its voted label and canonical name."""
    docs = story.docs
    mentions = [m for article_id, doc in docs.items() for m in _ner_mentions(article_id, doc)]
    mentions += _alias_mentions(docs, mentions)
    canonical_key = _cluster(mentions)
    by_cluster: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_cluster[canonical_key[m.key]].append(m)
    names, labels = {}, {}
    for key, ms in by_cluster.items():
        names[key] = _display_name([m for m in ms if m.key == key])
        labels[key] = sum((m.votes for m in ms), Counter()).most_common(1)[0][0]
    sentences = story.table("sentences")
    sent_starts = {aid: list(g["start"]) for aid, g in sentences.groupby("article_id", sort=False)}
    rows = []
    for m in mentions:
        key = canonical_key[m.key]
        starts = sent_starts.get(m.article_id, [0])
        rows.append(
            {
                "article_id": m.article_id,
                "sent_idx": max(bisect.bisect_right(starts, m.start) - 1, 0),
                "text": m.text,
                "label": labels[key],
                "canonical": names[key],
                "start": m.start,
                "end": m.end,
                "spacy_label": m.spacy_label,
                "origin": m.origin,
            }
        )
    columns = [
        "article_id",
        "sent_idx",
        "text",
        "label",
        "canonical",
        "start",
        "end",
        "spacy_label",
        "origin",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    order = {aid: i for i, aid in enumerate(story.article_ids)}
    return frame.sort_values(
        ["article_id", "start"], key=lambda s: s.map(order) if s.name == "article_id" else s
    )


register(
    "entities",
    ("article_id", "sent_idx", "text", "label", "canonical"),
    "Named-entity mentions with a story-wide canonical name and a voted label.",
)(extract_entities)

"""Reported speech and speech cues on spaCy's dependency parse.

A reporting verb from ``data/speech_verbs.csv`` ("say", "report", "call for", ...) with a subject is an
attribution: the subject is who spoke, the verb's clausal complement (``ccomp``/``xcomp``, a "that" clause)
is what they said. Verbs marked ``object_content`` also take their direct object as content ("demanded an
immediate halt"), or only the predicate when there is one ("described the events as X", "called the plan
“X”": X was said, the events and the plan are what it was said about). Speech nouns ("voiced concerns
that ...") contribute their "that" clause, and "according to X, ..." makes X the speaker of the rest of the
clause. Direct quotes are attributed with the same cues by :mod:`helpers.quotes.attribution`.
"""

from __future__ import annotations

import csv
import functools
import weakref
from dataclasses import dataclass
from importlib import resources

from spacy.tokens import Doc, Span, Token

from helpers.nlp.intervals import SpanIndex, SpanSet

#: Dependency labels of a verb's clausal complement (what was said).
CLAUSE_DEPS = frozenset({"ccomp", "xcomp"})
#: Dependency labels of a verb's object when the verb takes its object as content.
OBJECT_DEPS = frozenset({"dobj", "obj", "attr"})
#: Dependency label of an object's predicate ("called it "a disaster"").
PREDICATE_DEPS = frozenset({"oprd"})
#: Prepositions after a content object that belong to the content ("described X as Y").
CONTENT_PREPS = frozenset({"as"})
#: Clause children of a speech noun ("concerns that ...").
NOUN_CLAUSE_DEPS = frozenset({"ccomp", "acl", "relcl"})
#: Subject dependencies; a passive subject is never the speaker ("clashes were reported").
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
#: Subjects that make a clause a statement of its own, the passive and the expletive ones included.
CLAUSE_SUBJECTS = SUBJECT_DEPS | {"nsubjpass", "expl"}
#: How a verb without its own subject inherits one from the verb it hangs from.
INHERIT_DEPS = frozenset({"conj", "advcl", "xcomp"})
#: Subjects of a person acting: a clause coordinated with a reporting verb and led by one of these tells what
#: the speaker (or someone) did next, not more of what was said.
PERSONAL_SUBJECTS = frozenset("i we you he she they".split())
#: Clause-opening words trimmed from the front of reported content.
LEADING_TRIM = frozenset({"that", "whether", "if"})


@dataclass(frozen=True)
class SpeechCue:
    """One entry of the speech-verb table."""

    lemma: str
    kind: str  # "verb" or "noun"
    particle: str  # required particle or preposition ("call for"), "" for none
    object_content: bool
    act: str = "speech"  # "speech", or "thought" for verbs of belief ("think", "believe"): not said aloud

    @property
    def name(self) -> str:
        return f"{self.lemma} {self.particle}".strip()


@functools.lru_cache(maxsize=1)
def speech_cues() -> dict[tuple[str, str], list[SpeechCue]]:
    """The speech-verb and speech-noun table, keyed by (kind, lemma); particle entries first."""
    table: dict[tuple[str, str], list[SpeechCue]] = {}
    with resources.files("helpers").joinpath("data/speech_verbs.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            cue = SpeechCue(
                row["lemma"],
                row["kind"],
                row["particle"],
                row["object_content"] == "yes",
                row.get("act") or "speech",
            )
            table.setdefault((cue.kind, cue.lemma), []).append(cue)
    for cues in table.values():
        cues.sort(key=lambda c: c.particle == "")
    return table


def verb_cue(token: Token) -> SpeechCue | None:
    """The speech-verb entry ``token`` matches (its lemma, and its particle if the entry needs one)."""
    if token.pos_ not in {"VERB", "AUX"}:
        return None
    for cue in speech_cues().get(("verb", token.lemma_.lower()), []):
        if not cue.particle:
            return cue
        if any(c.lower_ == cue.particle and c.dep_ in {"prep", "prt"} for c in token.children):
            return cue
    return None


def is_speech_noun(token: Token) -> bool:
    return token.pos_ in {"NOUN", "PROPN"} and ("noun", token.lemma_.lower()) in speech_cues()


def subject_of(verb: Token) -> Token | None:
    """Who performs ``verb``: its active subject, its passive agent, or the subject of the verb it
    is coordinated with or hangs from ("described ... and expressed", "reported ..., stating")."""
    seen = set()
    while verb.i not in seen:
        seen.add(verb.i)
        for child in verb.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return objects[0]
        if any(c.dep_ in {"nsubjpass", "expl"} for c in verb.children):
            return None
        if verb.dep_ in INHERIT_DEPS and verb.head is not verb and verb.head.pos_ in {"VERB", "AUX"}:
            verb = verb.head
            continue
        return None
    return None


def _subtree_span(tokens: list[Token]) -> tuple[int, int] | None:
    """Token index range (start, end) covering the subtrees of ``tokens``, trimmed of punctuation.

    The first and last token of every subtree are worked out once per parse (:func:`subtree_extents`):
    walking each subtree costs its length, quadratic when statements nest (`He said "He said "...`).
    """
    if not tokens:
        return None
    doc = tokens[0].doc
    first, last = subtree_extents(doc)
    start = min(first[token.i] for token in tokens)
    end = max(last[token.i] for token in tokens) + 1
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].lower_ in LEADING_TRIM):
        if doc[start].text in "“\"‘'":
            break  # keep an opening quotation mark with its closing one
        start += 1
    while end > start and (
        doc[end - 1].is_space or doc[end - 1].is_punct and doc[end - 1].text not in "”\"’'"
    ):
        end -= 1
    return (start, end) if start < end else None


_EXTENTS: weakref.WeakKeyDictionary[Doc, tuple[list[int], list[int]]] = weakref.WeakKeyDictionary()


def subtree_extents(doc: Doc) -> tuple[list[int], list[int]]:
    """For every token, the index of the first and of the last token of its subtree, in one pass.

    spaCy's ``left_edge``/``right_edge`` can fall short after a non-projective arc, so the extents are
    gathered from the heads: each token's range is widened by its children's, children first.
    """
    if doc in _EXTENTS:
        return _EXTENTS[doc]
    heads = [token.head.i for token in doc]
    children: list[list[int]] = [[] for _ in heads]
    order = []
    for i, head in enumerate(heads):
        if head == i:
            order.append(i)
        else:
            children[head].append(i)
    for i in order:  # breadth first from the roots: every token comes after its head
        order.extend(children[i])
    first, last = list(range(len(heads))), list(range(len(heads)))
    for i in reversed(order):
        head = heads[i]
        if head != i:
            first[head] = min(first[head], first[i])
            last[head] = max(last[head], last[i])
    _EXTENTS[doc] = (first, last)
    return first, last


def _noun_clause(noun: Token) -> list[Token]:
    """The "that" clause of a speech noun ("concerns that blockades could ...")."""
    return [
        c
        for c in noun.children
        if c.dep_ in NOUN_CLAUSE_DEPS and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
    ]


def content_of(verb: Token, cue: SpeechCue) -> list[Token]:
    """The heads of what ``verb`` reports: clausal complements, else (for object verbs) objects.

    When an object verb has a predicate ("called the plan "a disaster"", "described the raid as a
    failure"), the predicate alone is what was said: the object is only what it was said about.
    """
    clauses = [c for c in verb.children if c.dep_ in CLAUSE_DEPS]
    if clauses:
        return clauses
    if not cue.object_content:
        return []
    heads: list[Token] = []
    predicates: list[Token] = []
    for child in verb.children:
        if child.dep_ in PREDICATE_DEPS:
            predicates.append(child)
        elif child.dep_ in OBJECT_DEPS:
            clause = _noun_clause(child) if is_speech_noun(child) else []
            heads.extend(clause or [child])
            predicates.extend(_object_predicates(child))
        elif child.dep_ == "prep" and (child.lower_ in CONTENT_PREPS or child.lower_ == cue.particle):
            if child.lower_ in CONTENT_PREPS and child.lower_ != cue.particle:
                predicates.extend(_as_predicate(child))
            else:
                heads.extend(c for c in child.children if c.dep_ == "pobj")
    return predicates or heads


def _object_predicates(obj: Token) -> list[Token]:
    """A predicate the parser hung from the object instead of the verb: "described the raid as a failure"
    ("as" under "raid"), "called the plan "a disaster"" (an apposition right after the object)."""
    found = []
    for child in obj.children:
        if child.dep_ == "prep" and child.lower_ in CONTENT_PREPS:
            found.extend(_as_predicate(child))
        elif child.dep_ == "appos" and child.i > obj.i:
            between = obj.doc[obj.i + 1 : child.left_edge.i]
            if not any(t.text in ",;:()—–-" for t in between):
                found.append(child)
    return found


def _as_predicate(prep: Token) -> list[Token]:
    """What follows "as" in "described X as Y": its object, or the adjective the parser hung from it
    ("as “worse than ...”")."""
    return [c for c in prep.children if not c.is_punct and not c.is_space]


@dataclass(frozen=True)
class Attribution:
    """A reported statement found on the parse: token ranges of content, cue and speaker."""

    start: int  # token index of the content's first token
    end: int  # token index after the content
    cue: Token
    cue_name: str
    speaker: Token | None


def reported_speech(doc: Doc, direct: list[tuple[int, int]]) -> list[Attribution]:
    """Every reported statement in ``doc``.

    Args:
        doc: A parsed article.
        direct: Token ranges of its direct quotes; reporting verbs inside them are the quoted person's
            words, not the article's attributions.

    Returns:
        Attributions in text order. A speech verb found inside another attribution's content
        ("reported that ..., stating that ...") adds nothing of its own; a participle reporting verb
        hanging from another one ("called for X, claiming that Y") extends it, unless the content it would
        extend lies before their cue (`"X," she said, adding that Y`: two statements, not one over the cue).
        Content on both sides of one cue is two statements (:func:`_sides`).
    """
    found: list[Attribution] = []  # in the order of their cues
    cues: set[int] = set()
    quoted = SpanSet(direct)
    for token in doc:
        if quoted.overlaps(token.i, token.i + 1):
            continue
        cue = verb_cue(token)
        if cue is not None:
            speaker = subject_of(token)
            heads = content_of(token, cue) if speaker is not None else []
            heads += _continued(token, heads)
            for side in _sides(heads, token):
                span = _subtree_span(side)
                if span:
                    span = (span[0], _elided_end(doc, span[1]))
                    found.append(Attribution(span[0], span[1], token, cue.name, speaker))
                    cues.add(token.i)
            if not heads and speaker is not None and speaker.pos_ != "PRON":
                for start, end in _parenthetical(token, speaker):
                    found.append(Attribution(start, end, token, cue.name, speaker))
                    cues.add(token.i)
            continue
        if token.lower_ == "according" and token.dep_ == "prep":
            attribution = _according_to(token)
            if attribution:
                found.append(attribution)
        elif is_speech_noun(token) and (clause := _noun_clause(token)):
            verb = token.head if token.dep_ in OBJECT_DEPS | PREDICATE_DEPS else None
            owner = [c for c in token.children if c.dep_ == "poss"]
            speaker = owner[0] if owner else (subject_of(verb) if verb is not None else None)
            span = _subtree_span(clause)
            if span and speaker is not None and (verb is None or verb.i not in cues):
                found.append(Attribution(span[0], span[1], token, token.lemma_.lower(), speaker))
    # Nested cues add nothing; participle cues extend the cue they hang from.
    result: dict[int, Attribution] = {}  # by cue, the last content of each
    kept: list[Attribution] = []
    contents = SpanIndex([(att.start, att.end) for att in found])
    for k, att in enumerate(found):
        if contents.holds(att.cue.i, besides=k):
            continue
        head = att.cue.head
        parent = result.get(head.i)
        if att.cue.dep_ == "advcl" and att.cue.tag_ == "VBG" and parent is not None and parent.start > head.i:
            extended = Attribution(parent.start, max(parent.end, att.end), *_rest(parent))
            kept[kept.index(parent)] = result[head.i] = extended
            continue
        result[att.cue.i] = att
        kept.append(att)
    # A statement also counts once when several cues reach it ("voiced concerns that ...").
    unique: dict[tuple[int, int], Attribution] = {}
    for att in kept:
        unique.setdefault((att.start, att.end), att)
    return sorted(unique.values(), key=lambda a: (a.start, a.end))


def _elided_end(doc: Doc, end: int) -> int:
    """Where reported content ends once an elliptical clause right after it is taken in: "homes could be
    rebuilt but a life could not", "prices would fall, but wages would not". The clause after the
    conjunction is only an auxiliary with its subject (its verb phrase is the content's, left out), so it
    belongs to what was said; spaCy hangs it on the main verb instead."""
    k = end
    while k < len(doc) and doc[k].is_punct and doc[k].text == ",":
        k += 1
    if k >= len(doc) or doc[k].dep_ != "cc" or k + 1 >= len(doc):
        return end
    clause = next((t for t in doc[k + 1 : doc[k].sent.end] if t.dep_ == "conj"), None)
    if clause is None or clause.pos_ != "AUX" or any(c.pos_ == "VERB" for c in clause.children):
        return end
    first, last = subtree_extents(doc)
    if first[clause.i] != k + 1:
        return end
    return _trimmed(doc, k + 1, last[clause.i] + 1)[1]


#: Words that carry a statement on past a parenthetical cue ("X, she said, and Y"; "X, he said, but Y").
CARRY_ON = frozenset({"and", "but", "so", "yet"})


def _parenthetical(cue: Token, speaker: Token) -> list[tuple[int, int]]:
    """What a cue set into its statement says: "Prices will rise, she said." is found by the clause rule,
    but in "Too often, he said, the alarms fail" and "The pumps are old, she says, and need repair" the
    parser hangs the cue from the statement (``parataxis``). The statement is the clause around the cue, cut
    in two at it: what comes before the speaker and what comes after the cue; when the statement's subject
    comes before the cue ("The new rules, the minister warned, would hurt farms") it is one span, the cue
    inside, so that what was said keeps what it is about. After a statement that began
    before the cue, only a part carried on by "and"/"but" is more of it ("..., he said, though he named no
    one" is the writer's). Only a cue with a named subject counts ("X, Vint said, Y"): a bare "he says"
    set into a feature that quotes several people names the one meant too loosely for the pronoun step,
    which then gives the statement (and the quotes after it) to the wrong person."""
    head = cue.head
    if cue.dep_ != "parataxis" or head.pos_ not in {"VERB", "AUX"} or speaker.head.i != cue.i:
        return []
    doc = cue.doc
    first, last = subtree_extents(doc)
    low = first[head.i]
    high = max(last[head.i], last[cue.i]) + 1
    said_from = min(first[speaker.i], cue.i)
    spans = []
    if head.i < cue.i:
        spans.append(_trimmed(doc, low, said_from))
        after = _trimmed(doc, cue.i + 1, high)
        if after[0] < after[1] and doc[after[0]].lower_ in CARRY_ON:
            spans.append(after)
    elif any(t.dep_ in CLAUSE_SUBJECTS and first[t.i] < said_from for t in head.children):
        spans.append(_trimmed(doc, low, high))  # "The new rules, she warned, would hurt farms": one clause
    else:
        spans.append(_trimmed(doc, cue.i + 1, high))
    return [(start, end) for start, end in spans if any(t.is_alpha for t in doc[start:end])]


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the punctuation and spaces at either end."""
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _continued(verb: Token, heads: list[Token]) -> list[Token]:
    """Clauses the parser coordinated with the reporting verb that go on with what was said: `said the
    board was looking for a site, but talks have stalled` ("talks have stalled" is said too). A clause
    counts when it follows the content after a coordinating word, has a subject of its own (or opens with
    "that": a second content clause), and is no reporting verb itself (`said X, and Y added Z`)."""
    if not heads or any(h.dep_ not in CLAUSE_DEPS or h.i < verb.i for h in heads):
        return []
    doc = verb.doc
    _, extent = subtree_extents(doc)
    last = max(extent[h.i] for h in heads)
    found = []
    for conj in verb.children:
        if conj.dep_ != "conj" or conj.i <= last or verb_cue(conj) is not None:
            continue
        if any(t.is_quote for t in doc[last : conj.i]):
            continue  # a quotation closed in between: what follows is a statement of its own
        linked = any(c.dep_ == "cc" and last < c.i < conj.i for c in verb.children) or any(
            c.dep_ == "cc" for c in conj.children
        )
        subjects = [c for c in conj.children if c.dep_ in CLAUSE_SUBJECTS]
        that = any(c.dep_ == "mark" and c.lower_ == "that" for c in conj.children)
        # "..., and she left": a person's own next act, not more of what they said
        acting = any(c.lower_ in PERSONAL_SUBJECTS for c in subjects)
        if linked and (subjects and not acting or that):
            found.append(conj)
            last = extent[conj.i]
    return found


def _sides(heads: list[Token], cue: Token) -> list[list[Token]]:
    """Content heads on each side of their cue, apart: `"We won," she said, "and we will win again."` is
    two statements; one span over both would hold the cue and its speaker. When both sides hold content
    but one of them has no clause of its own (a dateline "PARIS — X says ...", an absolute "she said, eyes
    welling up"), that side is a misparse and is dropped."""
    before = [h for h in heads if h.i < cue.i]
    after = [h for h in heads if h.i > cue.i]
    if before and after:
        clauses = [[h for h in side if _is_clause(h)] for side in (before, after)]
        if any(clauses):
            before, after = clauses
    doc = cue.doc
    first, last = subtree_extents(doc)
    if before and _crosses_bracket(doc[max(last[h.i] for h in before) + 1 : cue.i]):
        before = []  # "X happened (the agency said that Y)": a cue in brackets reports nothing outside them
    if after and _crosses_bracket(doc[cue.i + 1 : min(first[h.i] for h in after)]):
        after = []
    return [side for side in (before, after) if side]


def _crosses_bracket(tokens: Span) -> bool:
    """Whether ``tokens`` open a bracket they do not close, or close one they did not open: their two ends
    lie at different levels of a parenthesis."""
    depth = 0
    for token in tokens:
        if token.text in ("(", "["):
            depth += 1
        elif token.text in (")", "]"):
            depth -= 1
            if depth < 0:
                return True
    return depth > 0


def _is_clause(head: Token) -> bool:
    """A verb that makes a clause of its own: not a noun, and not a bare participle ("eyes welling up")."""
    if head.pos_ not in {"VERB", "AUX"}:
        return False
    return head.tag_ not in {"VBG", "VBN"} or any(c.dep_ in {"aux", "auxpass"} for c in head.children)


def _rest(att: Attribution) -> tuple[Token, str, Token | None]:
    return att.cue, att.cue_name, att.speaker


def _according_to(according: Token) -> Attribution | None:
    """ "According to X, ..." / "..., according to X": X said the rest of the clause."""
    to = [c for c in according.children if c.lower_ == "to"]
    objects = [c for c in to[0].children if c.dep_ == "pobj"] if to else []
    if not objects:
        return None
    clause = according.head
    excluded = {t.i for t in according.subtree}
    sent = according.sent
    if according.i > clause.i:
        # "A, and B, according to X": spaCy hangs the phrase on the last conjunct; it covers all of them.
        while clause.dep_ == "conj" and clause.head.i < clause.i:
            clause = clause.head
    if not any(t.i not in excluded and sent.start <= t.i < sent.end for t in clause.subtree):
        return None
    span = _subtree_span([clause])
    if span is None:
        return None
    start, end = span
    # Cut the "according to X" phrase off whichever end it sits at.
    a_start, a_end = min(excluded), max(excluded) + 1
    doc = according.doc
    if a_start <= start:
        start = a_end
    elif a_end >= end - 1:
        end = a_start
    while start < end and (doc[start].is_punct and doc[start].text not in '“"' or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].is_punct and doc[end - 1].text not in '”"' or doc[end - 1].is_space):
        end -= 1
    if start >= end:
        return None
    return Attribution(start, end, according, "according to", objects[0])


def is_thought(cue_name: str) -> bool:
    """A cue of belief rather than speech ("think", "believe"): reported thoughts are not quotes."""
    lemma, _, particle = cue_name.partition(" ")
    return any(c.act == "thought" and c.particle == particle for c in speech_cues().get(("verb", lemma), []))

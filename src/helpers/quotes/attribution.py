"""Who a direct quote is from: the reporting verb (and so the speaker) found from the parse around it.

The cue finder climbs from the quoted words to the speech verb they hang from, then looks for the nearest
speech verb of the quote's sentences, an "according to X", or a short attribution the parser split off as a
sentence of its own. The speech verbs and "according to" phrases of an article are listed once per parse
(:class:`CueIndex`), so that each quote costs a binary search rather than a pass over its sentence (an
article that is one long sentence with thousands of quotes would otherwise take quadratic time).
"""

from __future__ import annotations

import bisect
import weakref

from spacy.tokens import Doc, Span, Token

from helpers.quotes.speech import subject_of, verb_cue

#: How many words a split-off attribution sentence may have before its speech verb (`the mayor said`).
NEIGHBOUR_CUE_WINDOW = 6
#: How far up the parse a quoted word is followed to find the verb it hangs from.
CLIMB_STEPS = 12
#: Distance given to an "according to" cue: any speech verb in the sentence closer than this comes first.
ACCORDING_DISTANCE = 10_000


def according_object(token: Token) -> Token | None:
    """X in "according to X" when ``token`` is that "according", else None."""
    if token.lower_ != "according" or token.dep_ != "prep":
        return None
    to = [c for c in token.children if c.lower_ == "to"]
    objects = [c for c in to[0].children if c.dep_ == "pobj"] if to else []
    return objects[0] if objects else None


class CueIndex:
    """The speech verbs that have a subject, and the "according to" phrases, of one parsed article."""

    def __init__(self, doc: Doc) -> None:
        self.verbs: list[int] = []  # token indices, in order
        self.names: list[str] = []
        self.according: list[int] = []
        for token in doc:
            cue = verb_cue(token)
            if cue is not None and subject_of(token) is not None:
                self.verbs.append(token.i)
                self.names.append(cue.name)
            if according_object(token) is not None:
                self.according.append(token.i)

    def verbs_between(self, start: int, end: int) -> tuple[int, int]:
        """Range of positions in :attr:`verbs` of the verbs with token index in ``[start, end)``."""
        return bisect.bisect_left(self.verbs, start), bisect.bisect_left(self.verbs, end)


_INDEXES: weakref.WeakKeyDictionary[Doc, CueIndex] = weakref.WeakKeyDictionary()


def cue_index(doc: Doc) -> CueIndex:
    """The :class:`CueIndex` of a parse, built on first use and kept as long as the parse."""
    if doc not in _INDEXES:
        _INDEXES[doc] = CueIndex(doc)
    return _INDEXES[doc]


def _sentences(quote: Span) -> tuple[int, int]:
    """Token range from the start of the quote's first sentence to the end of its last one."""
    doc = quote.doc
    sent = quote[0].sent
    first = sent.start
    while sent.end < quote.end:
        sent = doc[sent.end].sent
    return first, sent.end


def cue_for_quote(quote: Span) -> tuple[Token | None, Token | None, str]:
    """The reporting verb and speaker of a direct quote, found from the parse around it.

    Climbs from the quoted words' heads out of the quote to the first speech verb above them
    ("Peskov characterized the situation as “...”", "“...,” she said"); failing that, takes the nearest
    speech verb with a subject elsewhere in the sentence, then an "according to X" in the sentence, then a
    short attribution the parser split off as a sentence of its own (`“...?” Moore said.`, `He said:`).

    Returns:
        (cue token, speaker token, cue name); Nones and "" when the sentence has no attribution.
    """
    inside = range(quote.start, quote.end)
    for token in quote:
        node = token
        steps = 0
        while node.head is not node and steps < CLIMB_STEPS:
            node = node.head
            steps += 1
            if node.i in inside:
                continue
            cue = verb_cue(node)
            if cue is not None:
                return node, subject_of(node), cue.name
    doc = quote.doc
    index = cue_index(doc)
    first, last = _sentences(quote)
    candidates = []  # (distance, token index, cue name): the nearest speech verb before and after the quote
    lo, hi = index.verbs_between(first, quote.start)
    if lo < hi:
        candidates.append((quote.start - index.verbs[hi - 1], index.verbs[hi - 1], index.names[hi - 1]))
    lo, hi = index.verbs_between(quote.end, last)
    if lo < hi:
        candidates.append((index.verbs[lo] - quote.end, index.verbs[lo], index.names[lo]))
    for start, end in ((first, quote.start), (quote.end, last)):  # the first "according to" outside it
        k = bisect.bisect_left(index.according, start)
        if k < len(index.according) and index.according[k] < end:
            candidates.append((ACCORDING_DISTANCE, index.according[k], "according to"))
            break
    if not candidates:
        return _neighbour_cue(quote, index)
    _, i, name = min(candidates, key=lambda c: (c[0], c[1]))
    if name == "according to":
        return doc[i], according_object(doc[i]), name
    return doc[i], subject_of(doc[i]), name


def _neighbour_cue(quote: Span, index: CueIndex) -> tuple[Token | None, Token | None, str]:
    """The speech verb of the sentence right after the quote (when the quote ends its sentence and the next
    one starts with the attribution) or of the sentence right before it, when that ends with a colon."""
    doc = quote.doc
    end = quote.end
    while end < len(doc) and (doc[end].is_punct or doc[end].is_space) and end - quote.end < 3:
        end += 1
    last = doc[quote.end - 1].sent
    if end < len(doc) and end >= last.end and doc[end].sent.start >= last.end:
        following = doc[end].sent
        lo, hi = index.verbs_between(
            following.start, min(following.end, following.start + NEIGHBOUR_CUE_WINDOW)
        )
        if lo < hi:
            token = doc[index.verbs[lo]]
            return token, subject_of(token), index.names[lo]
    start = quote.start
    while start > 0 and (doc[start - 1].is_punct or doc[start - 1].is_space) and doc[start - 1].text != ":":
        start -= 1
    if start > 0 and doc[start - 1].text == ":":
        before = doc[start - 1].sent
        lo, hi = index.verbs_between(before.start, before.end)
        if lo < hi:
            token = doc[index.verbs[hi - 1]]
            return token, subject_of(token), index.names[hi - 1]
    return None, None, ""

"""The report's one vocabulary: reader words for every internal status, and the stable anchors of evidence.

Every page says "kept", "dropped", "turned into reported speech" … with these mappings, so the summary, the
side-by-side pages and the notebooks never disagree on a word; :func:`legend_html` shows them to the reader.
Anchors (``s-``, ``q-``, ``f-`` ids) and side-by-side page names are built here only, so a link made on one
page always finds its target on another.
"""

from __future__ import annotations

import hashlib
import html
import re

#: Sentences of a derived article against the source.
SENTENCE_WORDS = {
    "kept": "kept",
    "reworded": "reworded",
    "dropped": "dropped",
    "added": "added",
}
#: Quotes: ``verdict_items`` statuses (and ``verbatim`` for an unchanged quote) in reader words.
QUOTE_WORDS = {
    "verbatim": "verbatim",
    "altered": "altered",
    "paraphrased": "paraphrased",
    "to_reported": "turned into reported speech",
    "to_direct": "turned into direct speech",
    "reattributed": "re-attributed",
    "speaker_dropped": "speaker dropped",
    "lost": "lost",
    "new": "new",
}
#: Figures.
FIGURE_WORDS = {"agree": "agree", "conflict": "conflict", "dropped": "dropped", "new": "new"}
WORDS = {"sentence": SENTENCE_WORDS, "quote": QUOTE_WORDS, "figure": FIGURE_WORDS}
#: What each word means, for the legend.
MEANINGS = {
    "sentence": {
        "kept": "found nearly word for word in the derived article",
        "reworded": "found in other words",
        "dropped": "not found in the derived article",
        "added": "a derived sentence with no counterpart in the source",
    },
    "quote": {
        "verbatim": "same words, same speaker",
        "altered": "same quote, some words changed",
        "paraphrased": "same content in other words",
        "to_reported": "a direct quote now reported without quotation marks",
        "reattributed": "the same words given to another speaker",
        "speaker_dropped": "the words kept, the speaker no longer named",
        "lost": "a source quote missing from the derived article",
        "new": "a quote the source does not have",
    },
    "figure": {
        "agree": "same figure (units converted)",
        "conflict": "a different figure for the same thing",
        "dropped": "a source figure missing from the derived article",
        "new": "a figure the source does not have",
    },
}
_SAFE_ID = re.compile(r"[A-Za-z0-9_-]+")


def word(kind: str, status: str, old_speaker: str = "", new_speaker: str = "") -> str:
    """The reader word for an item; a re-attribution names both speakers (``re-attributed (A → B)``)."""
    text = WORDS[kind].get(status, status.replace("_", " "))
    if kind == "quote" and status == "reattributed" and (old_speaker or new_speaker):
        text += f" ({old_speaker or 'unnamed'} → {new_speaker or 'unnamed'})"
    return text


def slug(article_id: object) -> str:
    """An article id usable in an HTML id and a file name: itself when already safe, else a stable hash."""
    text = str(article_id)
    if _SAFE_ID.fullmatch(text):
        return text
    return "a" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def anchor(kind: str, article_id: object, ref: object) -> str:
    """The id of a sentence (``s-``), quote (``q-``) or figure (``f-``) on its side-by-side page."""
    return f"{kind[0]}-{slug(article_id)}-{int(ref)}"


def compare_page(derived: object) -> str:
    """File name of the side-by-side page of a derived article."""
    return f"compare-{slug(derived)}.html"


def legend_html(*, open_: bool = True) -> str:
    """The vocabulary as a definition list, one group per kind of item (folded unless ``open_``)."""
    groups = []
    for kind, title in (("sentence", "Sentences"), ("quote", "Quotes"), ("figure", "Figures")):
        entries = "".join(
            f'<dt><span class="st st-{status}">{html.escape(word(kind, status, "A", "B"))}</span></dt>'
            f"<dd>{html.escape(meaning)}</dd>"
            for status, meaning in MEANINGS[kind].items()
        )
        groups.append(f'<div class="legend-group"><h4>{title}</h4><dl>{entries}</dl></div>')
    state = " open" if open_ else ""
    return f'<details class="legend"{state}><summary>What the words mean</summary>{"".join(groups)}</details>'

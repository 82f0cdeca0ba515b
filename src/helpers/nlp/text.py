"""Small text utilities shared by the analyses: quote folding and content words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for hints: notebooks that read saved tables import this without loading spaCy
    from spacy.tokens import Span, Token

#: Typographic quotes and apostrophes folded to their straight forms.
_QUOTE_FOLD = str.maketrans(
    {"’": "'", "‘": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"'}
)


def fold_quotes(text: str) -> str:
    """Replace curly quotes and apostrophes with straight ones (same length, so offsets still hold)."""
    return text.translate(_QUOTE_FOLD)


def is_content(token: Token) -> bool:
    """A word that carries meaning: not a stop word, punctuation, space or a bare symbol."""
    return not (token.is_stop or token.is_punct or token.is_space or token.pos_ in {"SYM", "X"}) and any(
        ch.isalnum() for ch in token.text
    )


def content_lemmas(tokens: Iterable[Token]) -> list[str]:
    """Lower-case lemmas of the content words, in order."""
    return [fold_quotes(t.lemma_.lower()) for t in tokens if is_content(t)]


def span_of(doc_span: Span) -> tuple[int, int]:
    """Character (start, end) of a span."""
    return doc_span.start_char, doc_span.end_char

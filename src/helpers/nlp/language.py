"""Which language an article reads as, so that text the English pipeline cannot read is flagged.

The detector is lingua (PyPI ``lingua-language-detector``): its n-gram models ship inside the package, so
nothing is downloaded. It runs in low-accuracy mode (trigrams only: fast to load, accurate on article-length
text) over a fixed set of languages common in news, on the article's first characters.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

#: ISO 639-1 codes the detector chooses among (a larger set loads slower and confuses close languages).
LANGUAGES = (
    "en fr de es it pt nl ca sv da nb fi pl cs sk hu ro hr sr bg ru uk el tr "
    "ar fa he hi ur bn id ms vi th zh ja ko sw tl"
).split()
#: Characters read from the start of an article: plenty to tell a language, and a fixed cost per article.
SAMPLE_CHARS = 5000
#: Below this many letters a guess is noise ("Fine." reads as German): the language stays unknown.
MIN_LETTERS = 80
ENGLISH = "en"


@functools.lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


def detect_language(text: str) -> tuple[str | None, float | None]:
    """(ISO 639-1 code, confidence 0–1 rounded to 3 places) of ``text``; (None, None) when too short."""
    return detect_languages([text])[0]


def detect_languages(texts: Sequence[str]) -> list[tuple[str | None, float | None]]:
    """:func:`detect_language` of many texts in one call, which lingua spreads over the machine's cores."""
    samples = [text[:SAMPLE_CHARS] for text in texts]
    readable = [k for k, sample in enumerate(samples) if sum(ch.isalpha() for ch in sample) >= MIN_LETTERS]
    found: list[tuple[str | None, float | None]] = [(None, None)] * len(texts)
    if readable:
        values = _detector().compute_language_confidence_values_in_parallel([samples[k] for k in readable])
        for k, ranked in zip(readable, values, strict=True):
            best = ranked[0]
            found[k] = (best.language.iso_code_639_1.name.lower(), round(best.value, 3))
    return found


def language_name(code: str) -> str:
    """English name of a language code of :data:`LANGUAGES` ("fr" → "French")."""
    from lingua import IsoCode639_1, Language

    return Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())).name.title()

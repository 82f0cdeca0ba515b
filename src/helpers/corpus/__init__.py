"""Many stories: group a dump of articles into stories and compute every story's tables, on Dask.

``run_corpus`` is ``recount corpus``; ``load_corpus_story`` reads one story of a finished run back (its tables
as written, no recomputation).
"""

from helpers.corpus.load import CorpusStory, corpus_stories, load_corpus_story
from helpers.corpus.run import run_corpus

__all__ = ["CorpusStory", "corpus_stories", "load_corpus_story", "run_corpus"]

"""Recount helpers: turn a folder of news reports of one story into tidy tables and analyses.

The public entry point is :func:`helpers.story.load_story`, which reads a story folder and gives
lazy access to every registered table (``story.table("sentences")``).
"""

from helpers.errors import RecountError
from helpers.story import Story, load_story

__all__ = ["RecountError", "Story", "load_story"]

"""Recount helpers: turn a folder of news reports of one story into tidy tables and analyses.

The public entry point is :func:`helpers.story.load_story`, which reads a story folder and gives
lazy access to every registered table (``story.table("sentences")``).

The names below are imported on first use (PEP 562), so importing a submodule such as :mod:`helpers.cli`
does not load pandas and NumPy before the command line has set up how they run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from helpers.errors import RecountError

if TYPE_CHECKING:
    from helpers.story import Story, load_story

__all__ = ["RecountError", "Story", "load_story"]


def __getattr__(name: str) -> Any:
    """``Story`` and ``load_story`` from :mod:`helpers.story`, imported when first asked for."""
    if name in ("Story", "load_story"):
        from helpers import story

        return getattr(story, name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")

"""The registry of tables: every analysis registers its tables here, the CLI and notebooks ask for them
by name. Adding an analysis means adding its module to :data:`ANALYSIS_MODULES`; nothing else changes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

#: Modules whose import registers tables, in the order their tables are listed.
ANALYSIS_MODULES = (
    "helpers.nlp.core_tables",
    "helpers.nlp.entities",
    "helpers.quotes.extract",
    "helpers.quotes.matching",
    "helpers.comparison.align",
    "helpers.comparison.reuse",
    "helpers.comparison.diffs",
    "helpers.figures.extract",
    "helpers.figures.matching",
    "helpers.figures.consistency",
    "helpers.verdict.tables",
    "helpers.comparison.against_source",
)


@dataclass(frozen=True)
class TableSpec:
    """A named table: the columns others rely on, and the function that builds it from a story.

    ``build`` takes a :class:`helpers.story.Story`; the registry does not import it, so that the story
    (which asks the registry for tables) and the registry never import each other.
    """

    name: str
    columns: tuple[str, ...]
    build: Callable[[Any], pd.DataFrame]
    description: str


_REGISTRY: dict[str, TableSpec] = {}


def register(name: str, columns: tuple[str, ...], description: str) -> Callable:
    """Decorator: register ``build(story) -> DataFrame`` as table ``name`` with its key ``columns``."""

    def decorate(build: Callable[[Any], pd.DataFrame]) -> Callable[[Any], pd.DataFrame]:
        _REGISTRY[name] = TableSpec(name, columns, build, description)
        return build

    return decorate


def registry() -> dict[str, TableSpec]:
    """All registered tables, importing the analysis modules on first use, in the order of
    :data:`ANALYSIS_MODULES` (then the order each module registers them in), whatever order the modules
    happened to be imported in; tables registered elsewhere come last."""
    for module in ANALYSIS_MODULES:
        importlib.import_module(module)
    place = {module: k for k, module in enumerate(ANALYSIS_MODULES)}
    specs = list(_REGISTRY.values())
    specs.sort(key=lambda spec: place.get(getattr(spec.build, "__module__", ""), len(place)))
    return {spec.name: spec for spec in specs}


def conform(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    """Check a built table has its key columns and put them first, extra columns after."""
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing:
        raise AssertionError(f"table {spec.name} lacks columns {missing}")
    extra = [c for c in frame.columns if c not in spec.columns]
    return frame[list(spec.columns) + extra].reset_index(drop=True)


def records(frame: pd.DataFrame, *columns: str) -> Iterator[tuple]:
    """The rows of ``frame`` as plain tuples of ``columns``: only the columns read are converted
    (``itertuples`` converts every column, the long texts too, and builds a new row type on each call)."""
    return zip(*(frame[column].tolist() for column in columns), strict=True)


def by_article(table: pd.DataFrame) -> Callable[[str], pd.DataFrame]:
    """The rows of a per-article table for any one article (table order; no rows: an empty frame of the
    table's columns), the table split once rather than filtered once per article."""
    groups = {str(aid): rows for aid, rows in table.groupby("article_id", sort=False, observed=True)}
    return lambda article_id: groups.get(article_id, table.iloc[:0])

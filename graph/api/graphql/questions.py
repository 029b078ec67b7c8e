"""What a list field asks for: relations and neighbours questions, and their cursor kinds.

A question is a frozen value: the DataLoaders (``loaders``) batch equal
ones, and the types (``types``) make them from their field arguments.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.api.graphql import relations as rel
from graph.api.graphql.cursors import decode_cursor
from graph.api.graphql.limits import MAX_NEIGHBORHOOD_DEPTH, Limits, bounded

#: Cursor kinds and the shape of their keys.
STATEMENT_CURSOR = ("relation", (str, int))
TIMELINE_CURSOR = ("timeline", (str, str, int))


def category_names(category: Sequence[Any] | None) -> frozenset[str] | None:
    return None if category is None else frozenset(c.value if hasattr(c, "value") else str(c) for c in category)


@dataclass(frozen=True)
class RelationQuestion:
    """One relations list: where it starts (anchor, subject/object, article), filters, page."""

    rule: rel.RelationFilter
    first: int
    after: tuple | None = None
    anchor: str | None = None
    subject: str | None = None
    object: str | None = None
    direction: str = rel.BOTH
    timeline: bool = False
    newest_first: bool = False
    unknown: bool = False  # a name that matches no entity: the answer is empty

    @property
    def ends(self) -> rel.Ends:
        return rel.Ends(subject=self.subject, object=self.object, anchor=self.anchor, direction=self.direction)

    @classmethod
    def make(
        cls,
        limits: Limits,
        *,
        anchor: str | None = None,
        subject: str | None = None,
        object: str | None = None,
        direction: str = rel.BOTH,
        predicate: str | None = None,
        category: Sequence[Any] | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        article: str | None = None,
        min_confidence: float | None = None,
        asserted_only: bool = False,
        first: int | None = None,
        after: str | None = None,
        timeline: bool = False,
        newest_first: bool = False,
        unknown: bool = False,
    ) -> RelationQuestion:
        kind, shape = TIMELINE_CURSOR if timeline else STATEMENT_CURSOR
        return cls(
            rule=rel.RelationFilter(
                predicate=predicate,
                categories=category_names(category),
                since=since,
                until=until,
                article=article,
                min_confidence=min_confidence,
                asserted_only=asserted_only,
            ),
            first=limits.page_size(first),
            after=decode_cursor(kind, after, shape) if after else None,
            anchor=anchor,
            subject=subject,
            object=object,
            direction=direction,
            timeline=timeline,
            newest_first=newest_first,
            unknown=unknown,
        )


@dataclass(frozen=True)
class NeighborQuestion:
    anchor: str
    depth: int
    categories: frozenset[str] | None
    first: int

    @classmethod
    def make(cls, limits: Limits, *, anchor: str, depth: int, category: Sequence[Any] | None, first: int | None) -> NeighborQuestion:
        return cls(
            anchor=anchor,
            depth=bounded("depth", depth, 1, MAX_NEIGHBORHOOD_DEPTH),
            categories=category_names(category),
            first=limits.page_size(first),
        )

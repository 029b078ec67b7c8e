"""Per-request DataLoaders: nested lists resolved in one read per level, not one per row.

When a page of 50 entities each asks for its relations, strawberry collects
the 50 questions and ``Loaders._relations`` answers them all under one
acquisition of the knowledge lock; articles named by many relations are read
from the store with one SPARQL query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from strawberry.dataloader import DataLoader

from graph.api.graphql import relations as rel
from graph.api.graphql.cursors import decode_cursor, encode_cursor
from graph.api.graphql.limits import MAX_NEIGHBORHOOD_DEPTH, bounded
from graph.api.graphql.neighborhood import neighbourhood
from graph.api.graphql.types import (
    Article,
    Entity,
    Neighbor,
    PageInfo,
    Relation,
    RelationConnection,
    RelationEdge,
)
from graph.api.graphql.view import Snapshot

if TYPE_CHECKING:
    from graph.api.graphql.context import Context

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

    @classmethod
    def make(
        cls,
        context: Context,
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
            first=context.limits.page_size(first),
            after=decode_cursor(kind, after, shape) if after else None,
            anchor=anchor,
            subject=subject,
            object=object,
            direction=direction,
            timeline=timeline,
            newest_first=newest_first,
            unknown=unknown,
        )


def answer_relations(snapshot: Snapshot, question: RelationQuestion, context: Context) -> RelationConnection:
    """The page a question asks for, as a connection (count computed only if asked)."""
    ends = [e for e in (question.anchor, question.subject, question.object) if e is not None]
    if question.unknown or any(e not in snapshot.graph for e in ends):
        return empty_connection()
    if question.timeline:
        assert question.anchor is not None, "a timeline question names its entity"
        page = rel.timeline(
            snapshot,
            question.anchor,
            question.rule,
            direction=question.direction,
            after=question.after,
            first=question.first,
            newest_first=question.newest_first,
        )
        kind = TIMELINE_CURSOR[0]
    else:
        page = rel.select(
            snapshot,
            question.rule,
            subject=question.subject,
            object=question.object,
            anchor=question.anchor,
            direction=question.direction,
            after=question.after,
            first=question.first,
        )
        kind = STATEMENT_CURSOR[0]
    edges = [relation_edge(snapshot, kind, key, ref) for key, ref in page.items]

    anchored = any(e is not None for e in (question.anchor, question.subject, question.object))

    async def counter() -> int:
        return await context.read(
            lambda s: rel.count(
                s,
                question.rule,
                subject=question.subject,
                object=question.object,
                anchor=question.anchor,
                direction=question.direction,
            ),
            offload=not anchored,
        )

    return RelationConnection(edges=edges, page_info=page_info(edges, page.has_next, page.has_previous), counter=counter)


#: Relation edges remembered per graph version (a page seen again is not rebuilt).
EDGE_CACHE = 50_000


def relation_edge(snapshot: Snapshot, kind: str, key: tuple, ref: tuple[str, str, str]) -> RelationEdge:
    """The edge of a relation in a list of ``kind`` (its cursor depends only on the statement)."""
    return snapshot.cached(
        "edge",
        (kind, ref[2]),
        lambda: RelationEdge(cursor=encode_cursor(kind, key), node=relation(snapshot, ref)),
        size=EDGE_CACHE,
    )


def relation(snapshot: Snapshot, ref: tuple[str, str, str]) -> Relation:
    """The Relation object of a statement, built once per graph version."""
    return snapshot.cached("relation", ref[2], lambda: Relation.from_ref(snapshot, ref), size=EDGE_CACHE)


def page_info(edges: Sequence[Any], has_next: bool, has_previous: bool) -> PageInfo:
    return PageInfo(
        has_next_page=has_next,
        has_previous_page=has_previous,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )


def empty_connection() -> RelationConnection:
    async def zero() -> int:
        return 0

    return RelationConnection(edges=[], page_info=page_info([], False, False), counter=zero)


@dataclass(frozen=True)
class NeighborQuestion:
    anchor: str
    depth: int
    categories: frozenset[str] | None
    first: int

    @classmethod
    def make(cls, context: Context, *, anchor: str, depth: int, category: Sequence[Any] | None, first: int | None):
        return cls(
            anchor=anchor,
            depth=bounded("depth", depth, 1, MAX_NEIGHBORHOOD_DEPTH),
            categories=category_names(category),
            first=context.limits.page_size(first),
        )


def answer_neighbors(snapshot: Snapshot, question: NeighborQuestion, context: Context) -> list[Neighbor]:
    if question.anchor not in snapshot.graph:
        return []
    categories = question.categories
    found = neighbourhood(
        snapshot,
        question.anchor,
        depth=question.depth,
        accepts=None if categories is None else (lambda data: data.get("category") in categories),
        max_nodes=context.limits.max_neighborhood_nodes,
        max_edges=context.limits.max_neighborhood_edges,
    )
    ranked = sorted((d, k) for k, d in found.distances.items() if k != question.anchor)
    return [Neighbor(entity=Entity.from_node(snapshot, k), distance=d) for d, k in ranked[: question.first]]


class Loaders:
    """The DataLoaders of one request."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.relations = DataLoader(load_fn=self._relations)
        self.neighbors = DataLoader(load_fn=self._neighbors)
        self.articles = DataLoader(load_fn=self._articles)

    async def _relations(self, questions: list[RelationQuestion]) -> list[RelationConnection]:
        context = self.context
        # an article's statements come from a whole-graph index: built off the event loop
        heavy = len(questions) > 1 or any(q.anchor is None for q in questions)
        return await context.read(lambda s: [answer_relations(s, q, context) for q in questions], offload=heavy)

    async def _neighbors(self, questions: list[NeighborQuestion]) -> list[list[Neighbor]]:
        context = self.context
        return await context.read(lambda s: [answer_neighbors(s, q, context) for q in questions], offload=True)

    async def _articles(self, ids: list[str]) -> list[Article | None]:
        found = await self.context.fetch_articles(ids)
        return [found.get(i) for i in ids]

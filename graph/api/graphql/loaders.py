"""Per-request DataLoaders: nested lists resolved in one read per level, not one per row.

When a page of 50 entities each asks for its relations, strawberry collects
the 50 questions and ``Loaders._relations`` answers them all under one
acquisition of the knowledge lock; articles named by many relations are read
from the store with one SPARQL query.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from strawberry.dataloader import DataLoader

from graph.api.graphql import relations as rel
from graph.api.graphql.cursors import encode_cursor
from graph.api.graphql.limits import Limits
from graph.api.graphql.neighborhood import neighbourhood
from graph.api.graphql.questions import STATEMENT_CURSOR, TIMELINE_CURSOR, NeighborQuestion, RelationQuestion
from graph.api.graphql.types import (
    Article,
    Entity,
    Neighbor,
    PageInfo,
    Relation,
    RelationConnection,
    RelationEdge,
)
from graph.api.graphql.view import Reader, Snapshot


def answer_relations(snapshot: Snapshot, question: RelationQuestion, read: Reader) -> RelationConnection:
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
        page = rel.select(snapshot, question.rule, question.ends, after=question.after, first=question.first)
        kind = STATEMENT_CURSOR[0]
    edges = [relation_edge(snapshot, kind, key, ref) for key, ref in page.items]

    anchored = any(e is not None for e in (question.anchor, question.subject, question.object))

    async def counter() -> int:
        return await read(
            lambda s: rel.count(s, question.rule, question.ends),
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


def answer_neighbors(snapshot: Snapshot, question: NeighborQuestion, limits: Limits) -> list[Neighbor]:
    if question.anchor not in snapshot.graph:
        return []
    categories = question.categories
    found = neighbourhood(
        snapshot,
        question.anchor,
        depth=question.depth,
        accepts=None if categories is None else (lambda data: data.get("category") in categories),
        max_nodes=limits.max_neighborhood_nodes,
        max_edges=limits.max_neighborhood_edges,
    )
    ranked = sorted((d, k) for k, d in found.distances.items() if k != question.anchor)
    return [Neighbor(entity=Entity.from_node(snapshot, k), distance=d) for d, k in ranked[: question.first]]


class Loaders:
    """The DataLoaders of one request, over what they read: the graph, the limits, the articles."""

    def __init__(self, read: Reader, limits: Limits, fetch_articles: Callable[[Sequence[str]], Awaitable[dict[str, Article]]]) -> None:
        self.read = read
        self.limits = limits
        self.fetch_articles = fetch_articles
        self.relations = DataLoader(load_fn=self._relations)
        self.neighbors = DataLoader(load_fn=self._neighbors)
        self.articles = DataLoader(load_fn=self._articles)

    async def _relations(self, questions: list[RelationQuestion]) -> list[RelationConnection]:
        read = self.read
        # an article's statements come from a whole-graph index: built off the event loop
        heavy = len(questions) > 1 or any(q.anchor is None for q in questions)
        return await read(lambda s: [answer_relations(s, q, read) for q in questions], offload=heavy)

    async def _neighbors(self, questions: list[NeighborQuestion]) -> list[list[Neighbor]]:
        limits = self.limits
        return await self.read(lambda s: [answer_neighbors(s, q, limits) for q in questions], offload=True)

    async def _articles(self, ids: list[str]) -> list[Article | None]:
        found = await self.fetch_articles(ids)
        return [found.get(i) for i in ids]

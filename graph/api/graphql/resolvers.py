"""The root Query: the questions a front end asks without writing code around them."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from typing import Annotated

import strawberry
from anyio import to_thread

from graph.api.graphql import paths as path_search
from graph.api.graphql.context import Context, article_from
from graph.api.graphql.cursors import decode_cursor, encode_cursor
from graph.api.graphql.limits import (
    DEFAULT_NEIGHBORHOOD_EDGES,
    DEFAULT_NEIGHBORHOOD_NODES,
    MAX_NEIGHBORHOOD_DEPTH,
    MAX_NEIGHBORHOOD_EDGES,
    MAX_NEIGHBORHOOD_NODES,
    MAX_PATH_LENGTH,
    MAX_PATHS,
    bounded,
)
from graph.api.graphql.loaders import answer_relations, page_info, relation
from graph.api.graphql.neighborhood import neighbourhood as walk_neighbourhood
from graph.api.graphql.questions import RelationQuestion, category_names
from graph.api.graphql.search import entity_hits
from graph.api.graphql.types import (
    AFTER_HELP,
    FIRST_HELP,
    Article,
    ArticleConnection,
    ArticleEdge,
    Category,
    CategoryCount,
    Direction,
    Entity,
    EntityConnection,
    EntityEdge,
    GraphEdge,
    GraphNode,
    GraphStats,
    Path,
    PathStep,
    RankBy,
    RankedEntity,
    RelationConnection,
    Subgraph,
    _category,
    _date,
)
from graph.api.graphql.view import QUANTITY, Snapshot
from graph.errors import NotFoundError, QueryError

ENTITY_CURSOR = ("entity", (float, str))
ARTICLE_CURSOR = ("article", (str,))

First = Annotated[int | None, strawberry.argument(description=FIRST_HELP)]
After = Annotated[str | None, strawberry.argument(description=AFTER_HELP)]
Categories = Annotated[
    list[Category] | None,
    strawberry.argument(description="Only relations of these categories (one value or a list)."),
]
EntityRef = Annotated[str, strawberry.argument(description="An entity id, or a name (label or alias, any case).")]


def _context(info: strawberry.Info) -> Context:
    return info.context


def _must_resolve(snapshot: Snapshot, name: str) -> str:
    key = snapshot.resolve(name)
    if key is None:
        raise NotFoundError(f"no entity is named {name!r} (ids and names, labels or aliases, are matched case-insensitively)")
    return key


def _edge_test(categories: frozenset[str] | None, asserted_only: bool):
    if categories is None and not asserted_only:
        return None

    def accepts(data: dict) -> bool:
        if categories is not None and data.get("category") not in categories:
            return False
        return not asserted_only or bool(data.get("asserted"))

    return accepts


@strawberry.type(description="Relationship questions over the news knowledge graph.")
class Query:
    @strawberry.field(
        description=(
            "One entity by `id`, or by `name` (label or alias, case-insensitive; the most mentioned entity wins). Null when none matches."
        )
    )
    async def entity(self, info: strawberry.Info, id: strawberry.ID | None = None, name: str | None = None) -> Entity | None:
        if (id is None) == (name is None):
            raise QueryError("entity needs exactly one of `id` or `name`")

        def find(snapshot: Snapshot) -> Entity | None:
            if id is not None:
                key = str(id) if snapshot.is_entity(str(id)) else None
            else:
                found = snapshot.keys_named(str(name))
                key = found[0] if found else None
            return Entity.from_node(snapshot, key) if key else None

        return await _context(info).read(find)

    @strawberry.field(
        description=(
            "Entities, optionally matching `search` (labels and aliases, case-insensitive) and of one `type`; best match first, then by id."
        )
    )
    async def entities(
        self,
        info: strawberry.Info,
        search: str | None = None,
        type: str | None = None,
        first: First = None,
        after: After = None,
    ) -> EntityConnection:
        context = _context(info)
        size = context.limits.page_size(first)
        position = decode_cursor(ENTITY_CURSOR[0], after, ENTITY_CURSOR[1]) if after else None

        def page(snapshot: Snapshot) -> EntityConnection:
            hits = entity_hits(snapshot, search, type)
            start = 0 if position is None else bisect_right(hits, position)
            chosen = hits[start : start + size]
            edges = [
                EntityEdge(cursor=encode_cursor(ENTITY_CURSOR[0], hit), node=Entity.from_node(snapshot, hit[1]), score=-hit[0])
                for hit in chosen
            ]
            return EntityConnection(edges=edges, page_info=page_info(edges, start + size < len(hits), start > 0), total_count=len(hits))

        return await context.read(page, offload=True)

    @strawberry.field(
        description=(
            "Relations matching every given condition, in statement order (article id, then position). "
            "`subject`/`object` take an id or a name; an unknown name gives an empty page. "
            "`since`/`until` bound the event date (inclusive)."
        )
    )
    async def relations(
        self,
        info: strawberry.Info,
        subject: str | None = None,
        object: str | None = None,
        predicate: str | None = None,
        category: Categories = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        article: str | None = None,
        min_confidence: float | None = None,
        asserted_only: bool = False,
        first: First = None,
        after: After = None,
    ) -> RelationConnection:
        context = _context(info)
        # validate arguments before touching the graph
        RelationQuestion.make(context.limits, category=category, first=first, after=after)

        def run(snapshot: Snapshot) -> RelationConnection:
            keys = {end: (snapshot.resolve(name) if name is not None else None) for end, name in (("s", subject), ("o", object))}
            unknown = (subject is not None and keys["s"] is None) or (object is not None and keys["o"] is None)
            question = RelationQuestion.make(
                context.limits,
                subject=keys["s"],
                object=keys["o"],
                predicate=predicate,
                category=category,
                since=since,
                until=until,
                article=article,
                min_confidence=min_confidence,
                asserted_only=asserted_only,
                first=first,
                after=after,
                unknown=unknown,
            )
            return answer_relations(snapshot, question, context.read)

        unanchored = subject is None and object is None
        return await context.read(run, offload=unanchored)

    @strawberry.field(
        description=(
            "An entity's relations ordered by event date (undated ones last), oldest first unless "
            "`newestFirst`. Unknown entity: an empty page."
        )
    )
    async def timeline(
        self,
        info: strawberry.Info,
        entity: EntityRef,
        direction: Direction = Direction.BOTH,
        category: Categories = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        asserted_only: bool = False,
        newest_first: bool = False,
        first: First = None,
        after: After = None,
    ) -> RelationConnection:
        context = _context(info)
        RelationQuestion.make(context.limits, category=category, first=first, after=after, timeline=True)

        def run(snapshot: Snapshot) -> RelationConnection:
            key = snapshot.resolve(entity)
            question = RelationQuestion.make(
                context.limits,
                anchor=key,
                direction=direction.value,
                category=category,
                since=since,
                until=until,
                asserted_only=asserted_only,
                first=first,
                after=after,
                timeline=True,
                newest_first=newest_first,
                unknown=key is None,
            )
            return answer_relations(snapshot, question, context.read)

        return await context.read(run)

    @strawberry.field(
        description=(
            f"The shortest chains of relations linking two entities, whichever way each relation points "
            f"(quantities are not crossed). `maxLength`: most hops, 1–{MAX_PATH_LENGTH}; `first`: most paths, "
            f"1–{MAX_PATHS}. No path within `maxLength`: an empty list. Unknown entity: an error."
        )
    )
    async def path(
        self,
        info: strawberry.Info,
        from_: Annotated[str, strawberry.argument(name="from", description="An entity id or name.")],
        to: Annotated[str, strawberry.argument(description="An entity id or name.")],
        max_length: int = 4,
        category: Categories = None,
        asserted_only: bool = False,
        first: int = 5,
    ) -> list[Path]:
        bounded("maxLength", max_length, 1, MAX_PATH_LENGTH)
        bounded("first", first, 1, MAX_PATHS)
        accepts = _edge_test(category_names(category), asserted_only)

        def run(snapshot: Snapshot) -> list[Path]:
            source, target = _must_resolve(snapshot, from_), _must_resolve(snapshot, to)
            chains = path_search.shortest_paths(snapshot, source, target, max_length=max_length, limit=first, accepts=accepts)
            return [_path(snapshot, chain, accepts) for chain in chains]

        return await _context(info).read(run, offload=True)

    @strawberry.field(
        description=(
            f"Nodes and edges around an entity up to `depth` hops (1–{MAX_NEIGHBORHOOD_DEPTH}), for a graph view. "
            f"`maxNodes` (default {DEFAULT_NEIGHBORHOOD_NODES}, at most {MAX_NEIGHBORHOOD_NODES}) and `maxEdges` "
            f"(default {DEFAULT_NEIGHBORHOOD_EDGES}, at most {MAX_NEIGHBORHOOD_EDGES}) bound the walk "
            "(the caps are the server's defaults); `truncated` says when it was cut. Unknown entity: an error."
        )
    )
    async def neighborhood(
        self,
        info: strawberry.Info,
        entity: EntityRef,
        depth: int = 1,
        category: Categories = None,
        asserted_only: bool = False,
        max_nodes: int | None = None,
        max_edges: int | None = None,
        include_quantities: bool = False,
    ) -> Subgraph | None:
        context = _context(info)
        bounded("depth", depth, 1, MAX_NEIGHBORHOOD_DEPTH)
        node_budget, edge_budget = context.limits.max_neighborhood_nodes, context.limits.max_neighborhood_edges
        nodes_cap = min(DEFAULT_NEIGHBORHOOD_NODES, node_budget) if max_nodes is None else bounded("maxNodes", max_nodes, 1, node_budget)
        edges_cap = min(DEFAULT_NEIGHBORHOOD_EDGES, edge_budget) if max_edges is None else bounded("maxEdges", max_edges, 1, edge_budget)
        accepts = _edge_test(category_names(category), asserted_only)

        def run(snapshot: Snapshot) -> Subgraph:
            centre = _must_resolve(snapshot, entity)
            found = walk_neighbourhood(
                snapshot,
                centre,
                depth=depth,
                accepts=accepts,
                max_nodes=nodes_cap,
                max_edges=edges_cap,
                quantities=include_quantities,
            )
            nodes = snapshot.graph.nodes
            succ = snapshot.graph._succ
            graph_nodes = []
            for key, distance in found.distances.items():
                data = nodes[key]
                graph_nodes.append(
                    GraphNode(
                        id=strawberry.ID(key),
                        label=str(data.get("label") or key),
                        type=str(data.get("type") or "OTHER"),
                        depth=distance,
                        mentions=int(data.get("mentions") or 0),
                        degree=sum(snapshot.in_out_degree(key)),
                    )
                )
            graph_edges = []
            for u, v, k in found.edges:
                data = succ[u][v][k]
                graph_edges.append(
                    GraphEdge(
                        id=strawberry.ID(k),
                        source=strawberry.ID(u),
                        target=strawberry.ID(v),
                        predicate=str(data.get("predicate") or ""),
                        category=_category(data.get("category")),
                        date=_date(data.get("date")),
                        confidence=float(data.get("confidence") or 0.0),
                        asserted=bool(data.get("asserted")),
                    )
                )
            return Subgraph(center=Entity.from_node(snapshot, centre), nodes=graph_nodes, edges=graph_edges, truncated=found.truncated)

        return await context.read(run, offload=True)

    @strawberry.field(
        description=(
            "The most central entities: by DEGREE (relations), PAGERANK (on the directed multigraph, "
            "computed once per graph version) or MENTIONS. Quantities are not ranked."
        )
    )
    async def top_entities(
        self,
        info: strawberry.Info,
        by: RankBy = RankBy.DEGREE,
        type: str | None = None,
        first: First = None,
    ) -> list[RankedEntity]:
        context = _context(info)
        size = context.limits.page_size(first)

        def run(snapshot: Snapshot) -> list[RankedEntity]:
            nodes = snapshot.graph.nodes
            chosen: list[RankedEntity] = []
            for score, key in snapshot.ranking(by.value):
                if len(chosen) >= size:
                    break
                if type is None or nodes[key].get("type") == type:
                    chosen.append(RankedEntity(rank=len(chosen) + 1, score=score, entity=Entity.from_node(snapshot, key)))
            return chosen

        return await context.read(run, offload=True)

    @strawberry.field(
        description="Articles by id, optionally published between `since` and `until` (inclusive) or with `search` in the title."
    )
    async def articles(
        self,
        info: strawberry.Info,
        since: dt.date | None = None,
        until: dt.date | None = None,
        search: str | None = None,
        first: First = None,
        after: After = None,
    ) -> ArticleConnection:
        context = _context(info)
        size = context.limits.page_size(first)
        position = decode_cursor(ARTICLE_CURSOR[0], after, ARTICLE_CURSOR[1])[0] if after else None
        rows = await to_thread.run_sync(
            lambda: context.catalog.page(after=position, limit=size + 1, since=since, until=until, search=search)
        )
        edges = [ArticleEdge(cursor=encode_cursor(ARTICLE_CURSOR[0], (row.id,)), node=article_from(row)) for row in rows[:size]]

        async def counter() -> int:
            return await to_thread.run_sync(lambda: context.catalog.count(since=since, until=until, search=search))

        return ArticleConnection(edges=edges, page_info=page_info(edges, len(rows) > size, position is not None), counter=counter)

    @strawberry.field(description="One article by id. Null when there is none.")
    async def article(self, info: strawberry.Info, id: strawberry.ID) -> Article | None:
        return await _context(info).loaders.articles.load(str(id))

    @strawberry.field(description="Counts of entities, relations and articles.")
    async def stats(self, info: strawberry.Info) -> GraphStats:
        context = _context(info)

        def run(snapshot: Snapshot) -> GraphStats:
            figures = snapshot.figures
            counted = figures.counted() if figures is not None else None
            if figures is not None and counted is not None:  # kept as the mirror changes: nothing to build
                quantities, asserted, by_category = counted
                relations = figures.statements
            else:  # a mirror saved before those figures were kept: counted from the graph, once per version
                quantities, asserted, by_category, relations = _graph_counts(snapshot)
            counts: dict[str, int] = {}
            for name, n in by_category.items():
                category = _category(name).value
                counts[category] = counts.get(category, 0) + n
            return GraphStats(
                entities=snapshot.graph.number_of_nodes() - quantities,
                quantities=quantities,
                relations=relations,
                asserted=asserted,
                articles=0,
                categories=[CategoryCount(category=_category(name), count=n) for name, n in sorted(counts.items())],
                version=None if snapshot.version is None else str(snapshot.version),
            )

        stats = await context.read(run, offload=True)
        stats.articles = await to_thread.run_sync(context.catalog.count)
        return stats


def _graph_counts(snapshot: Snapshot) -> tuple[int, int, dict[str, int], int]:
    """(quantity nodes, asserted statements, statements by category, statements) counted through the graph."""
    quantities = snapshot.memo.get("quantities")
    if quantities is None:
        quantities = snapshot.memo["quantities"] = sum(1 for _, t in snapshot.graph.nodes(data="type") if t == QUANTITY)
    asserted = snapshot.memo.get("asserted")
    if asserted is None:
        asserted = snapshot.memo["asserted"] = sum(1 for *_, a in snapshot.graph.edges(data="asserted") if a)
    return quantities, asserted, snapshot.category_counts(), snapshot.graph.number_of_edges()


def _path(snapshot: Snapshot, chain: list[str], accepts) -> Path:
    steps = []
    for a, b in zip(chain, chain[1:], strict=False):
        relations = [relation(snapshot, ref) for ref in path_search.hop_statements(snapshot, a, b, accepts)]
        relations.sort(key=lambda r: -r.confidence)  # stable: statement order among equals
        steps.append(PathStep(source=Entity.from_node(snapshot, a), target=Entity.from_node(snapshot, b), relations=relations))
    return Path(length=len(chain) - 1, entities=[Entity.from_node(snapshot, k) for k in chain], steps=steps)

"""The GraphQL types: entities, relations, quantities, articles, pages and graph views.

Objects are built from a ``Snapshot`` while the knowledge lock is held
(``from_node`` / ``from_ref``), so they carry plain copies of the mirror's
attributes; only the nested lists (an entity's relations and neighbours, an
article's relations, a relation's article) are resolved later, through the
request's DataLoaders, one batch per level instead of one lookup per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from graph.api.graphql import limits as L
from graph.api.graphql.questions import NeighborQuestion, RelationQuestion
from graph.api.graphql.view import QUANTITY, Snapshot
from graph.model import CATEGORIES

Category = strawberry.enum(  # type: ignore[call-overload]  # a functional Enum, built from the closed set
    Enum("Category", {name: name for name in CATEGORIES}),
    description=(
        "The kind of event or tie a relation states. The first sixteen are the top-level "
        "PLOVER event types; AFFILIATION is a person's role in an organization or country; "
        "OTHER is any other action between two actors."
    ),
)


@strawberry.enum(description="Whether the sentence states the relation or denies it.")
class Polarity(Enum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


@strawberry.enum(description="How the sentence presents the relation: as fact, as someone's report, or as a possibility.")
class Modality(Enum):
    ASSERTED = "asserted"
    REPORTED = "reported"
    HYPOTHETICAL = "hypothetical"


@strawberry.enum(description="Which of an entity's relations: those it is the subject of (OUT), the object of (IN), or both.")
class Direction(Enum):
    OUT = "OUT"
    IN = "IN"
    BOTH = "BOTH"


@strawberry.enum(description="How `topEntities` ranks entities.")
class RankBy(Enum):
    DEGREE = "DEGREE"
    PAGERANK = "PAGERANK"
    MENTIONS = "MENTIONS"


FIRST_HELP = (
    f"Page size: at most {L.MAX_FIRST} (the server's cap, {L.MAX_FIRST} by default; a larger value is an error), "
    f"{L.DEFAULT_FIRST} when omitted."
)
AFTER_HELP = "The `endCursor` of the previous page. Cursors are keys, not offsets: pages don't shift when articles are ingested."


def _category(value: Any) -> Any:
    return Category[value] if value in Category.__members__ else Category["OTHER"]


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


@strawberry.type(description="Paging state of a connection (Relay).")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(description="A number with a unit that a relation points at: money (ISO 4217 code) or a count.")
class Quantity:
    id: strawberry.ID
    value: float
    unit: str
    text: str = strawberry.field(description='The amount as the article wrote it, e.g. "$425 million".')
    approximate: str | None = strawberry.field(description='A hedge such as "at least" or "about".')

    @classmethod
    def from_node(cls, key: str, data: dict[str, Any]) -> Quantity:
        return cls(
            id=strawberry.ID(key),
            value=float(data.get("value") or 0.0),
            unit=str(data.get("unit") or ""),
            text=str(data.get("label") or ""),
            approximate=data.get("approximate"),
        )


@strawberry.type(description="An actor: a person, organization, country, city, group…")
class Entity:
    id: strawberry.ID = strawberry.field(description="Stable key: the slug of the canonical name.")
    name: str = strawberry.field(description="Canonical name (the most frequent label).")
    type: str = strawberry.field(description="PERSON, ORG, GPE, NORP, LOC, FAC, EVENT, PRODUCT or OTHER.")
    aliases: list[str] = strawberry.field(description="Surface forms the articles used for it.")
    mentions: int = strawberry.field(description="How often the articles mention it.")
    degree: int = strawberry.field(description="Number of relations it takes part in (either end).")
    in_degree: int
    out_degree: int
    article_count: int = strawberry.field(description="Number of articles that mention it.")

    @classmethod
    def from_node(cls, snapshot: Snapshot, key: str) -> Entity:
        memo = snapshot.memo.setdefault("entities", {})
        found = memo.get(key)
        if found is None:
            data = snapshot.graph.nodes[key]
            indegree, outdegree = snapshot.in_out_degree(key)
            found = cls(
                id=strawberry.ID(key),
                name=str(data.get("label") or key),
                type=str(data.get("type") or "OTHER"),
                aliases=list(data.get("aliases") or ()),
                mentions=int(data.get("mentions") or 0),
                degree=indegree + outdegree,
                in_degree=indegree,
                out_degree=outdegree,
                article_count=len(data.get("articles") or ()),
            )
            memo[key] = found
        return found

    @strawberry.field(description="Relations this entity takes part in, in statement order.")
    async def relations(
        self,
        info: strawberry.Info,
        direction: Direction = Direction.BOTH,
        predicate: str | None = None,
        category: list[Category] | None = None,  # type: ignore[valid-type]
        since: dt.date | None = None,
        until: dt.date | None = None,
        article: str | None = None,
        min_confidence: float | None = None,
        asserted_only: bool = False,
        first: Annotated[int | None, strawberry.argument(description=FIRST_HELP)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER_HELP)] = None,
    ) -> RelationConnection:
        question = RelationQuestion.make(
            info.context.limits,
            anchor=str(self.id),
            direction=direction.value,
            predicate=predicate,
            category=category,
            since=since,
            until=until,
            article=article,
            min_confidence=min_confidence,
            asserted_only=asserted_only,
            first=first,
            after=after,
        )
        return await info.context.loaders.relations.load(question)

    @strawberry.field(description=f"Entities linked to this one within `depth` hops (1–{L.MAX_NEIGHBORHOOD_DEPTH}), nearest first. ")
    async def neighbors(
        self,
        info: strawberry.Info,
        depth: int = 1,
        category: list[Category] | None = None,  # type: ignore[valid-type]
        first: int | None = None,
    ) -> list[Neighbor]:
        question = NeighborQuestion.make(info.context.limits, anchor=str(self.id), depth=depth, category=category, first=first)
        return await info.context.loaders.neighbors.load(question)


@strawberry.type(description="An entity near another one, and how many hops away.")
class Neighbor:
    entity: Entity
    distance: int


RelationObject = Annotated[Entity | Quantity, strawberry.union("RelationObject", description="What a relation points at.")]


@strawberry.type(description="A news article the graph was built from.")
class Article:
    id: strawberry.ID
    title: str
    date: dt.date | None = strawberry.field(description="Publication date, when known.")
    source: str = strawberry.field(description="The file or feed it was read from.")
    url: str | None

    @strawberry.field(description="The relations extracted from this article, in statement order.")
    async def relations(
        self,
        info: strawberry.Info,
        category: list[Category] | None = None,  # type: ignore[valid-type]
        asserted_only: bool = False,
        first: Annotated[int | None, strawberry.argument(description=FIRST_HELP)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER_HELP)] = None,
    ) -> RelationConnection:
        question = RelationQuestion.make(
            info.context.limits, article=str(self.id), category=category, asserted_only=asserted_only, first=first, after=after
        )
        return await info.context.loaders.relations.load(question)


@strawberry.type(description="Where a relation was read: the sentence, its offsets in the article text, and the article.")
class Evidence:
    sentence: str
    start: int = strawberry.field(description="Offset of the sentence's first character in the article text.")
    end: int = strawberry.field(description="Offset just past the sentence's last character.")
    source: str
    subject_text: str = strawberry.field(description="How the sentence names the subject.")
    object_text: str = strawberry.field(description="How the sentence names the object.")
    article_id: strawberry.ID

    @strawberry.field(description="The article the sentence comes from.")
    async def article(self, info: strawberry.Info) -> Article | None:
        return await info.context.loaders.articles.load(str(self.article_id))


@strawberry.type(description="One extracted claim: subject –predicate→ object, with its truth status and evidence.")
class Relation:
    id: strawberry.ID = strawberry.field(description="Statement id: `<article id>/<n>`.")
    subject: Entity
    predicate: str = strawberry.field(description="Normalized verb label, e.g. `attacked`, `pledged`, `mayor of`.")
    category: Category  # type: ignore[valid-type]
    object: RelationObject
    date: dt.date | None = strawberry.field(description="Date of the event (the sentence's date, else the article's).")
    polarity: Polarity
    modality: Modality
    asserted: bool = strawberry.field(description="True when stated as fact: positive and not hypothetical.")
    confidence: float = strawberry.field(description="Extraction confidence, 0–1.")
    qualifiers: JSON = strawberry.field(description="Facts about the event: amount, currency, count, injured, killed, location, …")
    amount: float | None = strawberry.field(description="Money involved, when known (also in `qualifiers`).")
    currency: str | None = strawberry.field(description="ISO 4217 code of `amount`.")
    evidence: Evidence

    @classmethod
    def from_ref(cls, snapshot: Snapshot, ref: tuple[str, str, str]) -> Relation:
        u, v, k = ref
        data = snapshot.graph._succ[u][v][k]
        target = snapshot.graph.nodes[v]
        obj: Entity | Quantity = Quantity.from_node(v, target) if target.get("type") == QUANTITY else Entity.from_node(snapshot, v)
        return cls(
            id=strawberry.ID(k),
            subject=Entity.from_node(snapshot, u),
            predicate=str(data.get("predicate") or ""),
            category=_category(data.get("category")),
            object=obj,
            date=_date(data.get("date")),
            polarity=Polarity.NEGATIVE if data.get("polarity") == "negative" else Polarity.POSITIVE,
            modality=Modality(data["modality"]) if data.get("modality") in ("reported", "hypothetical") else Modality.ASSERTED,
            asserted=bool(data.get("asserted")),
            confidence=float(data.get("confidence") or 0.0),
            qualifiers=JSON(dict(data.get("qualifiers") or {})),
            amount=data.get("amount"),
            currency=data.get("currency"),
            evidence=Evidence(
                sentence=str(data.get("sentence") or ""),
                start=int(data.get("start") or 0),
                end=int(data.get("end") or 0),
                source=str(data.get("source") or ""),
                subject_text=str(data.get("subject_text") or ""),
                object_text=str(data.get("object_text") or ""),
                article_id=strawberry.ID(str(data.get("article") or "")),
            ),
        )


Counter = Callable[[], Awaitable[int]]


@strawberry.type
class RelationEdge:
    cursor: str
    node: Relation


@strawberry.type(description="A page of relations (Relay connection with keyset cursors).")
class RelationConnection:
    edges: list[RelationEdge]
    page_info: PageInfo
    counter: strawberry.Private[Counter]

    @strawberry.field(description="Number of relations matching the question, over all pages.")
    async def total_count(self) -> int:
        return await self.counter()


@strawberry.type
class EntityEdge:
    cursor: str
    node: Entity
    score: float = strawberry.field(
        description="How well the name matched the search: 1 exact (label or alias), 0.8 prefix, "
        "0.6 word prefix, 0.4 substring; 1 for every entity when there is no search."
    )


@strawberry.type(description="A page of entities (Relay connection with keyset cursors).")
class EntityConnection:
    edges: list[EntityEdge]
    page_info: PageInfo
    total_count: int


@strawberry.type
class ArticleEdge:
    cursor: str
    node: Article


@strawberry.type(description="A page of articles by id (Relay connection with keyset cursors).")
class ArticleConnection:
    edges: list[ArticleEdge]
    page_info: PageInfo
    counter: strawberry.Private[Counter]

    @strawberry.field(description="Number of articles matching the question, over all pages.")
    async def total_count(self) -> int:
        return await self.counter()


@strawberry.type(description="An entity with its rank and score in `topEntities`.")
class RankedEntity:
    rank: int
    score: float
    entity: Entity


@strawberry.type(description="One hop of a path: two entities and the relations between them (either direction).")
class PathStep:
    source: Entity
    target: Entity
    relations: list[Relation]


@strawberry.type(description="A shortest chain of relations linking two entities.")
class Path:
    length: int = strawberry.field(description="Number of hops.")
    entities: list[Entity] = strawberry.field(description="The entities along the path, from `from` to `to`.")
    steps: list[PathStep]

    @strawberry.field(description="One relation per hop (the most confident one), in path order.")
    def relations(self) -> list[Relation]:
        return [step.relations[0] for step in self.steps if step.relations]


@strawberry.type(description="A node of a graph view.")
class GraphNode:
    id: strawberry.ID
    label: str
    type: str
    depth: int = strawberry.field(description="Hops from the centre.")
    mentions: int
    degree: int


@strawberry.type(description="An edge of a graph view: one relation.")
class GraphEdge:
    id: strawberry.ID
    source: strawberry.ID
    target: strawberry.ID
    predicate: str
    category: Category  # type: ignore[valid-type]
    date: dt.date | None
    confidence: float
    asserted: bool


@strawberry.type(description="Nodes and edges around an entity, ready for a graph view.")
class Subgraph:
    center: Entity
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = strawberry.field(description="True when the node or edge budget cut the walk short.")


@strawberry.type
class CategoryCount:
    category: Category  # type: ignore[valid-type]
    count: int


@strawberry.type(description="Size of the graph.")
class GraphStats:
    entities: int
    quantities: int
    relations: int
    asserted: int
    articles: int
    categories: list[CategoryCount]
    version: str | None = strawberry.field(description="Changes whenever the graph does.")

"""What the explorer pages show, read from the mirror and the store: frozen records, no HTML.

``Explorer`` (``graph.api.pages``) renders these; they come from the same
snapshot, search, ranking and neighbourhood code as the GraphQL answers
(``graph.api.graphql.view``, ``search``, ``neighborhood``), so a page and a
GraphQL query agree.

Nothing on a page's path goes through the whole graph or all of a hub's
statements: the home page's counts, date range, most connected entities and
newest articles are the mirror's running ``figures`` (``graph.figures``), and
an entity page reads counts per category, one page of rows per category and
its timeline from the mirror's ``incidence`` (``graph.incidence``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from graph.api.graphql.articles import ArticleCatalog, ArticleInfo
from graph.api.graphql.neighborhood import neighbourhood
from graph.api.graphql.search import entity_hits
from graph.api.graphql.view import QUANTITY, MirrorView, Snapshot
from graph.errors import NotFoundError
from graph.exports.sizes import SizeMeter
from graph.exports.style import CATEGORY_COLORS, TYPE_COLORS, UNKNOWN_COLOR
from graph.figures import Figures
from graph.incidence import Statement
from graph.knowledge import KnowledgeReader
from graph.model import Article, ArticleExtraction, Quantity

#: Entities listed on the home page and per search.
TOP_ENTITIES = 15
SEARCH_HITS = 25
RECENT_ARTICLES = 10
#: Relations an entity page lists per category, newest first (a hub has thousands; ``?category=`` pages through the rest).
ROWS_PER_CATEGORY = 20
#: Relations per page of one category (``/entity/{key}?category=X&page=N``).
ROWS_PER_PAGE = 100
#: Seconds the home page waits for a mirror still being built before it says so instead.
MIRROR_WAIT = 1.0
#: Export sizes are measured (by writing every export once per graph version, in the background) up to this many relations.
SIZES_UP_TO = 2000
#: Seconds the export page waits for a measurement under way (the home page does not wait).
SIZES_WAIT = 2.0
#: The neighbourhood graph of an entity page, at most.
GRAPH_NODES = 150
GRAPH_EDGES = 600


@dataclass(frozen=True)
class EntityLink:
    key: str
    label: str
    type: str
    statements: int = 0
    mentions: int = 0


@dataclass(frozen=True)
class Overview:
    """The home page's figures; ``ready`` False (all empty) while the mirror is still being built."""

    ready: bool
    articles: int = 0
    entities: int = 0
    relations: int = 0
    first_date: str | None = None
    last_date: str | None = None
    top_entities: tuple[EntityLink, ...] = ()
    recent_articles: tuple[ArticleInfo, ...] = ()


@dataclass(frozen=True)
class RelationRow:
    """One statement seen from an entity: ``out`` (it is the subject) or ``in``."""

    statement: str
    direction: str
    predicate: str
    category: str
    counterpart: EntityLink | None  # None: a quantity
    counterpart_text: str
    date: str | None
    confidence: float
    asserted: bool
    sentence: str
    article: str


@dataclass(frozen=True)
class EntityView:
    entity: EntityLink
    aliases: tuple[str, ...]
    article_count: int
    groups: tuple[tuple[str, tuple[RelationRow, ...]], ...]  # (category, rows of this page, newest first), most rows first
    group_sizes: dict[str, int]  # category → all its rows, most first
    timeline: tuple[tuple[str, int], ...]  # (day, statements that day), by day
    category: str | None = None  # the one category listed (``?category=``), None: every category's first page
    page: int = 1  # of ``category``'s rows, from 1
    per_page: int = ROWS_PER_CATEGORY  # rows per category listed (ROWS_PER_PAGE when one category is)

    def pages(self, category: str) -> int:
        """How many pages ``category``'s rows fill."""
        return max(1, -(-self.group_sizes.get(category, 0) // self.per_page))

    @property
    def first_row(self) -> int:
        """The number (from 1) of the first row listed in the paged category."""
        return (self.page - 1) * self.per_page + 1


@dataclass(frozen=True)
class Highlight:
    """One piece of an article's text: plain, inside an evidence sentence, and/or a mention."""

    text: str
    evidence: tuple[int, ...] = ()  # the statements whose sentence covers it
    entity: str | None = None  # the entity key it mentions


@dataclass(frozen=True)
class ArticleTriple:
    """One statement of an article, for its list of triples."""

    index: int
    subject: EntityLink
    predicate: str
    category: str
    object: EntityLink | None  # None: a quantity
    object_text: str
    date: str | None
    confidence: float
    asserted: bool
    sentence: str


@dataclass(frozen=True)
class ArticleView:
    article: Article
    pieces: tuple[Highlight, ...]
    triples: tuple[ArticleTriple, ...]


def _link(snapshot: Snapshot, figures: Figures, key: str) -> EntityLink:
    data = snapshot.graph.nodes[key]
    return EntityLink(
        key=key,
        label=str(data.get("label") or key),
        type=str(data.get("type") or "OTHER"),
        statements=figures.degree(key) or sum(snapshot.in_out_degree(key)),  # a quantity's is not kept
        mentions=int(data.get("mentions") or 0),
    )


class Browser:
    """The explorer's questions over one knowledge graph (a KnowledgeReader)."""

    def __init__(self, knowledge: KnowledgeReader) -> None:
        self.knowledge = knowledge
        self.view = MirrorView(knowledge)
        self.catalog = ArticleCatalog(knowledge.store)
        self.meter = SizeMeter(knowledge)

    # -- the home page --------------------------------------------------------

    def overview(self) -> Overview:
        """The home page's figures, read from the mirror's running figures (no pass over the graph).

        A mirror still being built (``serve`` builds it in the background) is
        waited for ``MIRROR_WAIT`` seconds at most; then the page says it is loading.
        """
        if not self._mirror_ready():
            return Overview(ready=False)
        with self.view.reading() as snapshot:
            figures = self.knowledge.mirror.figures
            dates = figures.date_range()
            overview = Overview(
                ready=True,
                articles=figures.articles,
                entities=figures.entities,
                relations=figures.statements,
                first_date=dates[0] if dates else None,
                last_date=dates[1] if dates else None,
                top_entities=tuple(_link(snapshot, figures, key) for key in figures.most_connected(TOP_ENTITIES)),
            )
            newest = figures.newest_articles(RECENT_ARTICLES)
            infos = self.catalog.by_ids(newest)
        return replace(overview, recent_articles=tuple(infos[i] for i in newest if i in infos))

    def _mirror_ready(self) -> bool:
        knowledge = self.knowledge
        if not knowledge.mirror_ready:
            knowledge.warm_mirror().join(MIRROR_WAIT)
        return knowledge.mirror_ready

    def export_sizes(self, wait: float = 0.0) -> dict[str, int] | None:
        """Bytes of each export with default options at this version, measured in the background
        (``wait``: seconds to wait for a measurement under way); None while measuring, and for a
        graph too big to measure for a page."""
        if not self._mirror_ready():
            return None
        with self.knowledge.lock:
            statements = self.knowledge.mirror.figures.statements
        if statements > SIZES_UP_TO:
            return None
        return self.meter.sizes(wait)

    def search(self, text: str, limit: int = SEARCH_HITS) -> list[EntityLink]:
        if not text.strip():
            return []
        with self.view.reading() as snapshot:
            figures = self.knowledge.mirror.figures
            return [_link(snapshot, figures, key) for _, key in entity_hits(snapshot, text, None)[:limit]]

    # -- an entity -------------------------------------------------------------

    def entity(self, key: str, category: str | None = None, page: int = 1) -> EntityView:
        """An entity with the first page of each category's relations, or (``category``) page ``page`` of one category."""
        with self.view.reading() as snapshot:
            if not snapshot.is_entity(key):
                raise NotFoundError(f"no entity {key!r}")
            mirror = self.knowledge.mirror
            figures, incidence = mirror.figures, mirror.incidence
            data = snapshot.graph.nodes[key]
            sizes = incidence.category_sizes(key)
            if category is not None and category not in sizes:
                raise NotFoundError(f"no {category} relations of entity {key!r}")
            per_page = ROWS_PER_PAGE if category is not None else ROWS_PER_CATEGORY
            pages = max(1, -(-sizes.get(category or "", 0) // per_page))
            page = min(max(page, 1), pages) if category is not None else 1
            start = (page - 1) * per_page
            groups = tuple(
                (name, tuple(self._row(snapshot, figures, key, found) for found in incidence.newest(key, name, start, per_page)))
                for name in ([category] if category is not None else sizes)
            )
            link = _link(snapshot, figures, key)
            return EntityView(
                entity=link,
                aliases=tuple(a for a in data.get("aliases") or () if a != link.label),
                article_count=len(data.get("articles") or ()),
                groups=groups,
                group_sizes=sizes,
                timeline=tuple(incidence.timeline(key)),
                category=category,
                page=page,
                per_page=per_page,
            )

    def neighbourhood(self, key: str, *, depth: int = 1, categories: Sequence[str] = ()) -> dict[str, Any]:
        """The graph around ``key`` for the page's drawing: nodes and edges with colours and sizes."""
        wanted = frozenset(c.upper() for c in categories)
        with self.view.reading() as snapshot:
            if not snapshot.is_entity(key):
                raise NotFoundError(f"no entity {key!r}")
            found = neighbourhood(
                snapshot,
                key,
                depth=max(1, min(depth, 3)),
                accepts=(lambda d: d.get("category") in wanted) if wanted else None,
                max_nodes=GRAPH_NODES,
                max_edges=GRAPH_EDGES,
            )
            figures = self.knowledge.mirror.figures
            nodes = []
            for node, distance in found.distances.items():
                link = _link(snapshot, figures, node)
                nodes.append(
                    {
                        "key": node,
                        "label": link.label,
                        "type": link.type,
                        "distance": distance,
                        "color": TYPE_COLORS.get(link.type, UNKNOWN_COLOR),
                        "size": round(4 + min(link.statements, 100) ** 0.5 * 2, 2),
                    }
                )
            edges = []
            for u, v, k in found.edges:
                attrs = snapshot.edge(u, v, k)
                category = str(attrs.get("category"))
                edges.append(
                    {
                        "key": k,
                        "source": u,
                        "target": v,
                        "predicate": attrs.get("predicate"),
                        "category": category,
                        "color": CATEGORY_COLORS.get(category, UNKNOWN_COLOR),
                    }
                )
        return {"centre": key, "nodes": nodes, "edges": edges, "truncated": found.truncated}

    def _row(self, snapshot: Snapshot, figures: Figures, key: str, statement: Statement) -> RelationRow:
        u, v, k = statement.subject, statement.object, statement.key
        attrs = snapshot.edge(u, v, k)
        other = v if u == key else u
        other_data = snapshot.graph.nodes[other]
        is_quantity = other_data.get("type") == QUANTITY
        return RelationRow(
            statement=k,
            direction="out" if u == key else "in",
            predicate=str(attrs.get("predicate")),
            category=str(attrs.get("category")),
            counterpart=None if is_quantity else _link(snapshot, figures, other),
            counterpart_text=str(other_data.get("label") or attrs.get("object_text") or other),
            date=attrs.get("date") or attrs.get("article_date"),
            confidence=float(attrs.get("confidence") or 0.0),
            asserted=bool(attrs.get("asserted")),
            sentence=str(attrs.get("sentence") or ""),
            article=str(attrs.get("article")),
        )

    # -- an article --------------------------------------------------------------

    def article(self, article_id: str) -> ArticleView:
        extraction = self.knowledge.store.extraction(article_id)
        if extraction is None:
            raise NotFoundError(f"no article {article_id!r}")
        rows = tuple(self._article_row(extraction, index) for index in range(len(extraction.triples)))
        return ArticleView(article=extraction.article, pieces=highlight(extraction), triples=rows)

    def _article_row(self, extraction: ArticleExtraction, index: int) -> ArticleTriple:
        triple = extraction.triples[index]
        subject, obj = triple.subject, triple.object
        return ArticleTriple(
            index=index,
            subject=EntityLink(subject.key, subject.label, subject.type),
            predicate=triple.predicate,
            category=triple.category,
            object=None if isinstance(obj, Quantity) else EntityLink(obj.key, obj.label, obj.type),
            object_text=(obj.text or f"{obj.value:g} {obj.unit or ''}".strip()) if isinstance(obj, Quantity) else obj.label,
            date=triple.date or triple.article_date,
            confidence=float(triple.confidence),
            asserted=triple.asserted,
            sentence=triple.sentence,
        )


def highlight(extraction: ArticleExtraction) -> tuple[Highlight, ...]:
    """The article text cut where a mention or an evidence sentence starts or ends (displaCy-like)."""
    text = extraction.article.text
    spans: list[tuple[int, int, int | None, str | None]] = []  # start, end, statement index, entity key
    for index, triple in enumerate(extraction.triples):
        if 0 <= triple.start < triple.end <= len(text):
            spans.append((triple.start, triple.end, index, None))
    for mention in extraction.mentions:
        if 0 <= mention.start < mention.end <= len(text):
            spans.append((mention.start, mention.end, None, mention.entity.key))
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    pieces: list[Highlight] = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [span for span in spans if span[0] <= start and end <= span[1]]
        statements = tuple(sorted({i for _, _, i, _ in covering if i is not None}))
        entities = [key for *_, key in covering if key is not None]
        pieces.append(Highlight(text[start:end], statements, entities[0] if entities else None))
    return tuple(pieces)

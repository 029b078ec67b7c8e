"""What the explorer pages show, read from the mirror and the store: frozen records, no HTML.

``Explorer`` (``graph.api.pages``) renders these; they come from the same
snapshot, search, ranking and neighbourhood code as the GraphQL answers
(``graph.api.graphql.view``, ``search``, ``neighborhood``), so a page and a
GraphQL query agree.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from graph.api.graphql.articles import ArticleCatalog, ArticleInfo
from graph.api.graphql.neighborhood import neighbourhood
from graph.api.graphql.search import entity_hits
from graph.api.graphql.view import QUANTITY, MirrorView, Snapshot
from graph.errors import NotFoundError
from graph.exports.sizes import export_sizes
from graph.exports.style import CATEGORY_COLORS, TYPE_COLORS, UNKNOWN_COLOR
from graph.knowledge import KnowledgeReader
from graph.model import Article, ArticleExtraction, Quantity

SCHEMA = "https://schema.org/"
#: Entities listed on the home page and per search.
TOP_ENTITIES = 15
SEARCH_HITS = 25
RECENT_ARTICLES = 10
#: Relations an entity page lists per category, newest first (a hub has thousands).
ROWS_PER_CATEGORY = 100
#: Export sizes are measured (by writing every export once per graph version) up to this many relations.
SIZES_UP_TO = 2000
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
    articles: int
    entities: int
    relations: int
    first_date: str | None
    last_date: str | None
    top_entities: tuple[EntityLink, ...]
    recent_articles: tuple[ArticleInfo, ...]


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
    groups: tuple[tuple[str, tuple[RelationRow, ...]], ...]  # (category, newest rows), most rows first
    group_sizes: dict[str, int]  # category → all its rows (a page lists at most ROWS_PER_CATEGORY)
    timeline: tuple[tuple[str, int], ...]  # (day, statements that day), by day


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


def _link(snapshot: Snapshot, key: str) -> EntityLink:
    data = snapshot.graph.nodes[key]
    incoming, outgoing = snapshot.in_out_degree(key)
    return EntityLink(
        key=key,
        label=str(data.get("label") or key),
        type=str(data.get("type") or "OTHER"),
        statements=incoming + outgoing,
        mentions=int(data.get("mentions") or 0),
    )


class Browser:
    """The explorer's questions over one knowledge graph (a KnowledgeReader)."""

    def __init__(self, knowledge: KnowledgeReader) -> None:
        self.knowledge = knowledge
        self.view = MirrorView(knowledge)
        self.catalog = ArticleCatalog(knowledge.store)
        self._sizes: tuple[int, dict[str, int]] | None = None
        self._sizes_lock = threading.Lock()

    # -- the home page --------------------------------------------------------

    def overview(self) -> Overview:
        """The home page's figures, computed once per version of the graph."""
        with self.view.reading() as snapshot:
            return snapshot.cached("explorer-overview", None, lambda: self._overview(snapshot), size=1)

    def _overview(self, snapshot: Snapshot) -> Overview:
        graph = snapshot.graph
        first, last = None, None
        for *_, data in graph.edges(data=True):
            day = data.get("date") or data.get("article_date")
            if day:
                first = day if first is None or day < first else first
                last = day if last is None or day > last else last
        return Overview(
            articles=len(self.knowledge.mirror.article_ids()),
            entities=len(snapshot.entity_order()),
            relations=graph.number_of_edges(),
            first_date=first,
            last_date=last,
            top_entities=tuple(_link(snapshot, key) for _, key in snapshot.ranking("DEGREE")[:TOP_ENTITIES]),
            recent_articles=tuple(self.recent_articles()),
        )

    def recent_articles(self, limit: int = RECENT_ARTICLES) -> list[ArticleInfo]:
        """The newest articles by publication date (undated ones last), in one query."""
        sparql = f"""
            SELECT ?id WHERE {{
              ?a a <{SCHEMA}NewsArticle> ; <{SCHEMA}identifier> ?id .
              OPTIONAL {{ ?a <{SCHEMA}datePublished> ?date }}
            }} ORDER BY DESC(?date) DESC(?id) LIMIT {int(limit)}"""
        ids = list(dict.fromkeys(row["id"].value for row in self.knowledge.store.select(sparql)))
        infos = self.catalog.by_ids(ids)
        return [infos[i] for i in ids if i in infos]

    def export_sizes(self) -> dict[str, int] | None:
        """Bytes of each export with default options, per graph version; None for a graph too big to measure on a page view."""
        version = self.knowledge.version
        with self._sizes_lock:
            if self._sizes is not None and self._sizes[0] == version:
                return self._sizes[1]
            if int(self.knowledge.summary()["statements"]) > SIZES_UP_TO:
                return None
            sizes = export_sizes(self.knowledge)
            self._sizes = (version, sizes)
            return sizes

    def search(self, text: str, limit: int = SEARCH_HITS) -> list[EntityLink]:
        if not text.strip():
            return []
        with self.view.reading() as snapshot:
            return [_link(snapshot, key) for _, key in entity_hits(snapshot, text, None)[:limit]]

    # -- an entity -------------------------------------------------------------

    def entity(self, key: str) -> EntityView:
        with self.view.reading() as snapshot:
            if not snapshot.is_entity(key):
                raise NotFoundError(f"no entity {key!r}")
            data = snapshot.graph.nodes[key]
            rows = [self._row(snapshot, key, u, v, k) for _, (u, v, k) in snapshot.incident(key)]
            link = _link(snapshot, key)
        groups: dict[str, list[RelationRow]] = {}
        for row in sorted(rows, key=lambda r: (r.date or "", r.statement), reverse=True):
            groups.setdefault(row.category, []).append(row)
        days = Counter(row.date for row in rows if row.date)
        return EntityView(
            entity=link,
            aliases=tuple(a for a in data.get("aliases") or () if a != link.label),
            article_count=len(data.get("articles") or ()),
            groups=tuple(
                (category, tuple(items[:ROWS_PER_CATEGORY]))
                for category, items in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
            ),
            group_sizes={category: len(items) for category, items in groups.items()},
            timeline=tuple(sorted(days.items())),
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
            nodes = []
            for node, distance in found.distances.items():
                link = _link(snapshot, node)
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

    def _row(self, snapshot: Snapshot, key: str, u: str, v: str, k: str) -> RelationRow:
        attrs = snapshot.edge(u, v, k)
        other = v if u == key else u
        other_data = snapshot.graph.nodes[other]
        is_quantity = other_data.get("type") == QUANTITY
        return RelationRow(
            statement=k,
            direction="out" if u == key else "in",
            predicate=str(attrs.get("predicate")),
            category=str(attrs.get("category")),
            counterpart=None if is_quantity else _link(snapshot, other),
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

"""Read access to the knowledge graph for resolvers, with indexes cached per version.

``MirrorView`` wraps a ``KnowledgeReader`` (a KnowledgeGraph). ``reading()`` holds the knowledge lock, so a resolver never
sees half an article, and hands out the ``Snapshot`` of the current version:
the networkx graph plus lazily built indexes (names and aliases, the sorted
incident statements of a node, rankings, the statements of an article,
counts). Names and aliases come from the mirror's own ``NameIndex`` when there
is one (``graph.names``, kept on every write), so a search after a write does
not index the graph again. When an ingest bumps the version the next read starts a fresh
snapshot, so no index is ever stale and none is rebuilt while unchanged.

Reads on the event loop (``inline``) never build a whole-graph index: they
raise ``OffloadRequired`` and the caller reruns them in a worker thread.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator
from typing import Any, Protocol, TypeVar

import networkx as nx

from graph.api.graphql.cursors import statement_order
from graph.api.graphql.names import normalize_name
from graph.figures import Figures
from graph.knowledge import KnowledgeReader
from graph.model import slugify
from graph.names import NameIndex
from graph.store.oxigraph import Store

QUANTITY = "QUANTITY"

T = TypeVar("T")


class Reader(Protocol):
    """``await read(fn, offload=…)``: ``fn(snapshot)`` under the knowledge lock (``Context.read``)."""

    async def __call__(self, fn: Callable[[Snapshot], T], *, offload: bool = False) -> T: ...


class OffloadRequired(Exception):
    """Raised on the event loop when a read would build a whole-graph index: rerun it in a thread."""


#: Entities with more distinct neighbours than this get their statement index built off the event loop.
INLINE_NEIGHBOURS = 2000
#: An incident statement: (sort key, (subject key, object key, statement id)).
Incidence = tuple[tuple, tuple[str, str, str]]


class Snapshot:
    """The mirror graph at one version, with the indexes resolvers need."""

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        version: Any,
        *,
        incidence_cache: int = 4096,
        name_index: NameIndex | None = None,
        figures: Figures | None = None,
    ) -> None:
        """``name_index``: the live index of ``graph``'s names (the mirror's); None builds one per version.
        ``figures``: the mirror's running figures, read under the same lock (None: counted from the graph)."""
        self.graph = graph
        self.version = version
        self.figures = figures
        self._name_index = name_index
        self._incidence_cache = incidence_cache
        self._names: dict[str, list[str]] | None = None
        self._slugs: dict[str, list[str]] | None = None
        self._entity_order: list[str] | None = None
        self._by_article: dict[str, list[Incidence]] | None = None
        self._statement_order: list[Incidence] | None = None
        self._rankings: dict[str, list[tuple[float, str]]] = {}
        self._category_counts: dict[str, int] | None = None
        self._degrees: dict[str, tuple[int, int]] = {}
        self.memo: dict[Any, Any] = {}  # small per-version results (entities, counts)
        self._lru: dict[str, OrderedDict] = {}
        self._local = threading.local()
        self._tables_lock = threading.Lock()

    @property
    def inline(self) -> bool:
        """True while this thread reads on the event loop: whole-graph builds must be offloaded."""
        return getattr(self._local, "inline", False)

    @inline.setter
    def inline(self, value: bool) -> None:
        self._local.inline = value

    def cached(self, kind: str, key: Any, build: Callable[[], Any], *, size: int | None = None) -> Any:
        """``build()`` remembered under (kind, key) for this version, the ``size`` most recent per kind.

        Readers may run in several threads at once (the knowledge lock is
        shared); the tables are guarded, the builds are not (a race only
        builds the same value twice).
        """
        with self._tables_lock:
            table = self._lru.setdefault(kind, OrderedDict())
            found = table.get(key)
            if found is not None:
                table.move_to_end(key)
                return found
        found = build()
        with self._tables_lock:
            table[key] = found
            if len(table) > (size or self._incidence_cache):
                table.popitem(last=False)
        return found

    def _building(self) -> None:
        if self.inline:
            raise OffloadRequired

    # -- nodes ------------------------------------------------------------------

    def is_entity(self, key: str) -> bool:
        data = self.graph.nodes.get(key)
        return data is not None and data.get("type") != QUANTITY

    def resolve(self, id_or_name: str) -> str | None:
        """The node key for an id (node key) or a name (label or alias, any case)."""
        if id_or_name in self.graph and self.is_entity(id_or_name):
            return id_or_name
        matches = self.keys_named(id_or_name)
        return matches[0] if matches else None

    def keys_named(self, name: str) -> list[str]:
        """Entities whose label or an alias is ``name`` (case-insensitive), most mentioned first."""
        normal = normalize_name(name)
        if self._name_index is not None:
            found: list[str] | None = self._by_mentions(self._name_index.get(normal) or ())
        else:
            found = self.names().get(normal)
        if not found:
            found = self._slug_index().get(slugify(name))
        return list(found or ())

    def _by_mentions(self, keys: Iterable[str]) -> list[str]:
        nodes = self.graph.nodes
        return sorted(keys, key=lambda k: (-int(nodes[k].get("mentions") or 0), k))

    def name_entries(self) -> Iterable[tuple[str, Collection[str]]]:
        """(normalized name, entity keys) pairs, the keys in no particular order: what a search goes through."""
        if self._name_index is not None:
            return self._name_index.items()
        return self.names().items()

    def names(self) -> dict[str, list[str]]:
        """normalized label or alias → entity keys, most mentioned first."""
        if self._names is None and self._name_index is not None:
            self._building()
            self._names = {name: self._by_mentions(keys) for name, keys in self._name_index.items()}
        if self._names is None:
            self._building()
            index: dict[str, list[str]] = {}
            for key, data in self.graph.nodes(data=True):
                if data.get("type") == QUANTITY:
                    continue
                names = {normalize_name(str(data.get("label") or key))}
                names.update(normalize_name(str(alias)) for alias in data.get("aliases") or ())
                for name in names:
                    if name:
                        index.setdefault(name, []).append(key)
            nodes = self.graph.nodes
            for keys in index.values():
                keys.sort(key=lambda k: (-int(nodes[k].get("mentions") or 0), k))
            self._names = index
        return self._names

    def _slug_index(self) -> dict[str, list[str]]:
        if self._slugs is None:
            self._building()
            index: dict[str, list[str]] = {}
            for name, keys in self.names().items():
                for key in keys:
                    bucket = index.setdefault(slugify(name), [])
                    if key not in bucket:
                        bucket.append(key)
            self._slugs = index
        return self._slugs

    def entity_order(self) -> list[str]:
        """Every entity key (no quantities), sorted."""
        if self._entity_order is None:
            self._building()
            self._entity_order = sorted(k for k, d in self.graph.nodes(data=True) if d.get("type") != QUANTITY)
        return self._entity_order

    def in_out_degree(self, key: str) -> tuple[int, int]:
        """(number of statements pointing at ``key``, number it is the subject of), cached."""
        found = self._degrees.get(key)
        if found is None:
            found = (sum(map(len, self.graph._pred[key].values())), sum(map(len, self.graph._succ[key].values())))
            self._degrees[key] = found
        return found

    # -- statements ----------------------------------------------------------------

    def incident(self, key: str) -> list[Incidence]:
        """The statements with ``key`` at either end, in statement order (cached, LRU)."""
        return self.cached("incident", key, lambda: self._sorted_incident(key))

    def _sorted_incident(self, key: str) -> list[Incidence]:
        succ, pred = self.graph._succ[key], self.graph._pred[key]
        if len(succ) + len(pred) > INLINE_NEIGHBOURS:
            self._building()  # a hub: sorting its statements is not event-loop work
        items: list[Incidence] = []
        append = items.append
        for v, keyed in succ.items():
            for k in keyed:
                append((statement_order(k), (key, v, k)))
        for u, keyed in pred.items():
            if u != key:  # a self-loop is already listed
                for k in keyed:
                    append((statement_order(k), (u, key, k)))
        items.sort()
        return items

    def edge(self, u: str, v: str, k: str) -> dict[str, Any]:
        return self.graph._succ[u][v][k]

    def between(self, u: str, v: str) -> list[Incidence]:
        """Statements from ``u`` to ``v`` (one direction), in statement order."""
        return sorted((statement_order(k), (u, v, k)) for k in self.graph._succ.get(u, {}).get(v, {}))

    def by_article(self) -> dict[str, list[Incidence]]:
        """article id → its statements in order (built once per version)."""
        if self._by_article is None:
            self._building()
            index: dict[str, list[Incidence]] = {}
            for u, v, k, article in self.graph.edges(keys=True, data="article"):
                index.setdefault(str(article), []).append((statement_order(k), (u, v, k)))
            for items in index.values():
                items.sort()
            self._by_article = index
        return self._by_article

    def all_statements(self) -> list[Incidence]:
        """Every statement in statement order (built once per version, for unanchored lists)."""
        if self._statement_order is None:
            self._building()
            items: list[Incidence] = []
            for article in sorted(self.by_article()):
                items.extend(self.by_article()[article])
            self._statement_order = items
        return self._statement_order

    # -- rankings and counts ---------------------------------------------------------

    def ranking(self, measure: str) -> list[tuple[float, str]]:
        """Entities best first by DEGREE, PAGERANK or MENTIONS: (score, key) pairs."""
        ranked = self._rankings.get(measure)
        if ranked is None:
            self._building()
            nodes = self.graph.nodes
            if measure == "PAGERANK":
                scores = nx.pagerank(self.graph) if self.graph.number_of_edges() else {}
            elif measure == "MENTIONS":
                scores = {k: float(d.get("mentions") or 0) for k, d in nodes(data=True)}
            else:
                scores = {k: float(d) for k, d in self.graph.degree()}
            ranked = sorted(
                ((float(scores.get(k, 0.0)), k) for k, d in nodes(data=True) if d.get("type") != QUANTITY),
                key=lambda pair: (-pair[0], pair[1]),
            )
            self._rankings[measure] = ranked
        return ranked

    def category_counts(self) -> dict[str, int]:
        if self._category_counts is None:
            self._building()
            counts: dict[str, int] = {}
            for _, _, category in self.graph.edges(data="category"):
                counts[str(category)] = counts.get(str(category), 0) + 1
            self._category_counts = counts
        return self._category_counts


class MirrorView:
    """Snapshots of a KnowledgeGraph's mirror, one per version, read under its lock."""

    def __init__(self, knowledge: KnowledgeReader, *, incidence_cache: int = 4096) -> None:
        self.knowledge = knowledge
        self._incidence_cache = incidence_cache
        self._snapshot: Snapshot | None = None
        self._guard = threading.Lock()

    @property
    def store(self) -> Store:
        return self.knowledge.store

    @contextlib.contextmanager
    def reading(self, *, inline: bool = False) -> Iterator[Snapshot]:
        """The current snapshot, with the knowledge lock held until the block ends.

        ``inline``: the caller is the event loop. Building a whole-graph index
        then raises OffloadRequired instead, and so does a lock that a writer
        holds or waits for (``try_read``), so the loop never waits.
        """
        with self._acquire(inline):
            graph = self.knowledge.mirror.graph
            version = self.knowledge.version
            with self._guard:
                snapshot = self._snapshot
                if snapshot is None or snapshot.version != version or snapshot.graph is not graph:
                    # a bare graph (as bench/graphql.py hands over) has no name index: one is built per version
                    name_index = getattr(self.knowledge.mirror, "names", None)
                    figures = getattr(self.knowledge.mirror, "figures", None)
                    snapshot = Snapshot(graph, version, incidence_cache=self._incidence_cache, name_index=name_index, figures=figures)
                    self._snapshot = snapshot
            snapshot.inline = inline
            try:
                yield snapshot
            finally:
                snapshot.inline = False

    @contextlib.contextmanager
    def _acquire(self, inline: bool) -> Iterator[None]:
        if inline:
            with self.knowledge.try_read() as acquired:
                # a writer holds the lock, or the mirror is still being built: wait in a worker thread
                if not acquired or not self.knowledge.mirror_ready:
                    raise OffloadRequired
                yield
            return
        with self.knowledge.lock:
            yield

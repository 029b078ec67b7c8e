"""The shared store: articles as named graphs in a remote SPARQL 1.1 dataset.

>>> with RemoteStore.open("http://127.0.0.1:7878/") as store:   # `oxigraph serve` there
...     store.put_article(extraction)

``RemoteStore`` is a :class:`graph.store.oxigraph.Store` whose dataset is a
:class:`graph.store.endpoint.SparqlEndpoint` instead of an embedded Oxigraph:
records are read and written the same way, with the same RDF, so ingest
workers and several ``serve`` replicas can share one graph. Writes replace
an article's graph with one SPARQL update (``DROP SILENT GRAPH`` then ``INSERT
DATA``, and ``INSERT DATA`` of its entities' descriptions into the entity
graph), a whole batch in one request, so readers see an article's old graph
or its new one, never a mix. What a replaced article alone said of an entity
is taken out of the entity graph right after, in a second update.

The remote dataset holds no newsgraph metadata: the base IRI is the default
one (or the ``vocab`` given), and nothing checks that the dataset was written
with it. Locks and the server file of on-disk stores don't apply: several
processes may write at once (the last write of an article wins).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import pyoxigraph as ox

from graph.errors import InputError, StoreError
from graph.model import ArticleExtraction
from graph.rdf.entities import Descriptions, description_quads, insert_update, merged, shrunk
from graph.rdf.vocab import Vocabulary
from graph.rdf.write import article_iri, replace_graph_update
from graph.store import is_remote
from graph.store.endpoint import DEFAULT_TIMEOUT, SparqlEndpoint
from graph.store.oxigraph import Store

#: Characters of SPARQL Update per request: a batch bigger than that goes in several requests (transactions).
MAX_UPDATE_CHARS = 8 * 1024 * 1024


class RemoteStore(Store):
    """Articles as named graphs in a remote SPARQL dataset, read and written as model records."""

    def __init__(self, endpoint: SparqlEndpoint, *, vocab: Vocabulary, read_only: bool = False) -> None:
        # the endpoint answers every call Store makes of a pyoxigraph.Store (see graph.store.endpoint)
        super().__init__(cast(ox.Store, endpoint), vocab=vocab, read_only=read_only)
        self.endpoint = endpoint
        self.url = endpoint.url

    @classmethod
    def open(cls, path: str | Path | None = None, *, vocab: Vocabulary | None = None, read_only: bool = False) -> RemoteStore:
        """Connect to the SPARQL endpoint at the URL ``path``; StoreError (naming it) when it does not answer."""
        return cls.connect(str(path), vocab=vocab, read_only=read_only)

    @classmethod
    def connect(
        cls, url: str, *, vocab: Vocabulary | None = None, read_only: bool = False, timeout: float = DEFAULT_TIMEOUT
    ) -> RemoteStore:
        if not is_remote(url):
            raise StoreError(f"{url} is not an http:// or https:// URL of a SPARQL endpoint")
        endpoint = SparqlEndpoint(url, timeout=timeout)
        try:
            endpoint.ping()
        except SyntaxError as error:
            endpoint.close()
            raise StoreError(f"{endpoint.query_url} refused a plain ASK query ({error}); is it a SPARQL 1.1 query endpoint?") from None
        except BaseException:
            endpoint.close()
            raise
        return cls(endpoint, vocab=vocab or Vocabulary(), read_only=read_only)

    def close(self) -> None:
        if self._oxigraph is not None:
            self._oxigraph = None
            self.endpoint.close()

    def __enter__(self) -> RemoteStore:
        return self

    def __repr__(self) -> str:
        return f"<RemoteStore {self.url}{' read-only' if self.read_only else ''}>"

    # -- writing ----------------------------------------------------------------

    def _put_locked(self, extraction: ArticleExtraction) -> bool:
        graph = ox.NamedNode(article_iri(self.vocab, extraction.article.id))
        quads, described = self._quads(extraction)
        existed = self._contains_graph(graph)
        old = self._said_in(list(self.oxigraph.quads_for_pattern(None, None, None, graph))) if existed else {}
        try:
            self.oxigraph.update(self._replace_update(graph, quads, described))
        except SyntaxError as error:
            raise InputError(f"article {extraction.article.id!r} can't be stored: {error}") from error
        self._refresh_descriptions(shrunk(old, described))
        return existed

    def _replace_update(self, graph: ox.NamedNode, quads: list[ox.Quad], described: Descriptions) -> str:
        """Replace the article's graph and add what it says of its entities (``INSERT DATA`` adds only what is missing)."""
        entities = insert_update(description_quads(self.vocab, described))
        return replace_graph_update(graph, quads) + (f" ;\n{entities}" if entities else "")

    def put_articles(self, extractions: Sequence[ArticleExtraction], done: list[int] | None = None) -> list[bool | InputError]:
        """Write several articles with one update request (one transaction; several for a batch over
        ``MAX_UPDATE_CHARS``), replacing earlier versions.

        As ``Store.put_articles``: per article True if it replaced one, False if it was new,
        or the InputError that kept it out; ``done`` gets the positions committed.
        """
        self._check_writable()
        done = [] if done is None else done
        outcomes: list[bool | InputError] = [False] * len(extractions)
        graphs: list[tuple[int, ox.NamedNode, list[ox.Quad], Descriptions]] = []
        for position, extraction in enumerate(extractions):
            try:
                quads, described = self._quads(extraction)
            except InputError as error:
                outcomes[position] = error
                continue
            graphs.append((position, ox.NamedNode(article_iri(self.vocab, extraction.article.id)), quads, described))
        if not graphs:
            return outcomes
        with self._write_lock:
            existing = self._existing_graphs({graph for _, graph, _, _ in graphs})
            lost: list[Descriptions] = []  # what replaced articles said of entities that they no longer say
            for graph in existing:
                old = self._said_in(list(self.oxigraph.quads_for_pattern(None, None, None, graph)))
                lost.extend(shrunk(old, described) for _, replacing, _, described in graphs if replacing == graph)
            for position, graph, _, _ in graphs:  # a second version in the same batch replaces the first
                outcomes[position] = graph in existing
                existing.add(graph)
            updates = [(position, self._replace_update(graph, quads, described)) for position, graph, quads, described in graphs]
            for chunk in _chunks(updates):
                try:
                    self.oxigraph.update(" ;\n".join(update for _, update in chunk))
                except SyntaxError:  # the endpoint refused one of them: write them one by one to keep it out
                    for position, update in chunk:
                        try:
                            self.oxigraph.update(update)
                        except SyntaxError as error:
                            outcomes[position] = InputError(f"article {extractions[position].article.id!r} can't be stored: {error}")
                        else:
                            done.append(position)
                else:
                    done.extend(position for position, _ in chunk)
            self._refresh_descriptions(merged(lost))
        return outcomes

    def _missing(self, quads: list[ox.Quad]) -> list[ox.Quad]:
        return quads  # INSERT DATA adds only what is missing: no round trip to ask

    def _existing_graphs(self, graphs: set[ox.NamedNode]) -> set[ox.NamedNode]:
        """Which of ``graphs`` hold anything, with one query."""
        values = " ".join(str(graph) for graph in graphs)
        answer = self.oxigraph.query(f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} FILTER EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}")
        assert isinstance(answer, ox.QuerySolutions), "a SELECT query"
        return {row["g"] for row in answer if isinstance(row["g"], ox.NamedNode)}

    # -- reading ----------------------------------------------------------------

    def fingerprint(self) -> tuple[int, int]:
        """(named graphs, quads) of the dataset, read with one query: it changes when another
        process adds, removes or (almost always) replaces an article."""
        answer = self.query(
            "SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?quads) WHERE { GRAPH ?g { ?s ?p ?o } }", use_default_graph_as_union=False
        )
        assert isinstance(answer, ox.QuerySolutions), "a SELECT query"
        row = next(iter(answer))
        return int(row["graphs"].value), int(row["quads"].value)

    def stats(self) -> dict[str, Any]:
        stats = super().stats()
        stats["path"] = self.url
        return stats

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.url} is open read-only")


def _chunks(updates: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Updates grouped into requests of at most ``MAX_UPDATE_CHARS`` (one article's update always fits in one)."""
    chunks: list[list[tuple[int, str]]] = []
    size = MAX_UPDATE_CHARS
    for position, update in updates:
        if size + len(update) > MAX_UPDATE_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append((position, update))
        size += len(update)
    return chunks

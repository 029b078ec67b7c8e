"""A SPARQL 1.1 endpoint over HTTP, answering the calls newsgraph makes of a ``pyoxigraph.Store``.

``SparqlEndpoint(url)`` talks to any server with the SPARQL 1.1 Protocol
(queries at ``<url>query``, updates at ``<url>update``, as ``oxigraph serve``
and Fuseki name them; both can be given explicitly). It offers the part of
``pyoxigraph.Store``'s interface the store and the server use: ``query``
(answers are the pyoxigraph objects an embedded store gives: ``QuerySolutions``,
``QueryBoolean``, ``QueryTriples``), ``update``, ``extend``, ``remove_graph``,
``contains_named_graph``, ``named_graphs``, ``quads_for_pattern``, ``len``,
``dump`` and ``load``.

Only named graphs are read and written: newsgraph keeps everything in named
graphs (one per article, one for the ontology). Queries that ask for the union
of all graphs as their default graph send ``union-default-graph`` (Oxigraph's
parameter; other servers need the union configured, see docs/scale.md).

Errors: an endpoint that can't be reached, answers too late or fails gives a
StoreError naming its URL; a request it calls malformed (HTTP 400) gives a
SyntaxError, as pyoxigraph's parser would. Credentials in the URL
(``http://user:password@host/``) go out as HTTP Basic auth and are left out
of every URL shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from email.message import Message
from typing import IO, Any

import httpx
import pyoxigraph as ox

from graph.errors import StoreError

#: Seconds to wait for an endpoint to answer one request (connecting: ``CONNECT_TIMEOUT``).
DEFAULT_TIMEOUT = 120.0
CONNECT_TIMEOUT = 5.0
#: What a query accepts: SPARQL JSON results for SELECT and ASK, N-Triples for CONSTRUCT and DESCRIBE.
QUERY_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, application/sparql-results+xml;q=0.5, text/turtle;q=0.5"
#: Longest part of an endpoint's error message quoted back.
MESSAGE_CHARS = 500


class SparqlEndpoint:
    """One remote dataset, reached with the SPARQL 1.1 Protocol (thread-safe: one pooled HTTP client)."""

    def __init__(
        self,
        url: str,
        *,
        query_url: str | None = None,
        update_url: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        base = url if url.endswith("/") else url + "/"
        self.url = shown(url)
        self._query_url = query_url or base + "query"
        self._update_url = update_url or base + "update"
        self.query_url, self.update_url = shown(self._query_url), shown(self._update_url)
        self.timeout = timeout
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=CONNECT_TIMEOUT), transport=transport)

    def close(self) -> None:
        self._client.close()

    def __repr__(self) -> str:
        return f"<SparqlEndpoint {self.url}>"

    # -- the protocol ----------------------------------------------------------------

    def ping(self) -> None:
        """Ask the query endpoint something trivial: StoreError unless it answers as a SPARQL endpoint."""
        answer = self.query("ASK {}")
        if not isinstance(answer, ox.QueryBoolean):
            raise StoreError(f"{self.query_url} does not answer as a SPARQL endpoint (an ASK query gave no boolean)")

    def query(
        self,
        sparql: str,
        *,
        prefixes: dict[str, str] | None = None,
        base_iri: str | None = None,
        use_default_graph_as_union: bool = False,
        default_graph: Any = None,
        named_graphs: Iterable[Any] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a query on the endpoint; the arguments mean what they mean to ``pyoxigraph.Store.query``."""
        params: list[tuple[str, str]] = []
        if default_graph is not None:
            graphs = default_graph if isinstance(default_graph, list | tuple) else [default_graph]
            params += [("default-graph-uri", graph.value) for graph in graphs if isinstance(graph, ox.NamedNode)]
        elif use_default_graph_as_union:
            params.append(("union-default-graph", ""))
        params += [("named-graph-uri", graph.value) for graph in named_graphs or () if isinstance(graph, ox.NamedNode)]
        prologue = _prologue(prefixes, base_iri)
        try:
            response = self._post(
                self._query_url, prologue + sparql, content_type="application/sparql-query", params=params, accept=QUERY_ACCEPT
            )
        except SyntaxError as error:
            raise SyntaxError(_shift_position(str(error), prologue.count("\n"))) from None
        return _answer(response, self.query_url)

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL update (the endpoint applies one request in one transaction, as Oxigraph and Fuseki do)."""
        self._post(self._update_url, _prologue(None, base_iri) + sparql, content_type="application/sparql-update")

    def _post(
        self, url: str, body: str, *, content_type: str, params: list[tuple[str, str]] | None = None, accept: str | None = None
    ) -> httpx.Response:
        headers = {"Content-Type": f"{content_type}; charset=utf-8"}
        where = shown(url)
        if accept:
            headers["Accept"] = accept
        try:
            response = self._client.post(url, content=body.encode("utf-8"), params=tuple(params or ()), headers=headers)
        except httpx.TimeoutException:
            raise StoreError(f"the SPARQL endpoint at {where} did not answer within {self.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise StoreError(
                f"can't reach the SPARQL endpoint at {where} ({shown(str(error)) or type(error).__name__}); "
                "is `oxigraph serve` (or another SPARQL 1.1 server) running there?"
            ) from None
        if response.status_code == 400:
            raise SyntaxError(_message(response) or "the endpoint refused the request as malformed")
        if response.status_code >= 300:
            detail = _message(response)
            hint = f" (is {self.url} the dataset's URL, with query and update under it?)" if response.status_code in (404, 405) else ""
            raise StoreError(f"the SPARQL endpoint at {where} answered {response.status_code}{': ' + detail if detail else ''}{hint}")
        return response

    # -- what newsgraph uses of pyoxigraph.Store ---------------------------------------

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Insert quads (into their named graphs) in one update."""
        update = insert_data(quads)
        if update:
            self.update(update)

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"DROP SILENT GRAPH {graph}")

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        answer = self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
        return isinstance(answer, ox.QueryBoolean) and bool(answer)

    def named_graphs(self) -> Iterator[ox.NamedNode | ox.BlankNode]:
        for row in self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"):
            graph = row["g"]
            if isinstance(graph, ox.NamedNode | ox.BlankNode):
                yield graph

    def quads_for_pattern(self, subject: Any, predicate: Any, object: Any, graph_name: Any = None) -> Iterator[ox.Quad]:  # noqa: A002
        """The quads of the named graphs matching the pattern (None: any term)."""
        if isinstance(graph_name, ox.DefaultGraph):
            return  # nothing is written to the default graph
        terms = [_pattern_term(term, name) for term, name in ((subject, "?s"), (predicate, "?p"), (object, "?o"), (graph_name, "?g"))]
        variables = " ".join(term for term in terms if term.startswith("?")) or "*"
        sparql = f"SELECT {variables} WHERE {{ GRAPH {terms[3]} {{ {terms[0]} {terms[1]} {terms[2]} }} }}"
        for row in self._select(sparql):
            yield ox.Quad(
                subject if subject is not None else row["s"],
                predicate if predicate is not None else row["p"],
                object if object is not None else row["o"],
                graph_name if graph_name is not None else row["g"],
            )

    def __iter__(self) -> Iterator[ox.Quad]:
        return self.quads_for_pattern(None, None, None, None)

    def __len__(self) -> int:
        rows = list(self._select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))
        return int(rows[0]["n"].value) if rows and rows[0]["n"] is not None else 0

    def dump(self, output: IO[bytes], format: ox.RdfFormat, *, prefixes: dict[str, str] | None = None) -> None:  # noqa: A002
        """Every quad of the named graphs, serialized to ``output`` (read with one query)."""
        options: dict[str, Any] = {"prefixes": prefixes} if prefixes and format is not ox.RdfFormat.N_QUADS else {}
        ox.serialize(self.quads_for_pattern(None, None, None, None), output, format, **options)

    def load(self, data: IO[bytes] | bytes, format: ox.RdfFormat) -> None:  # noqa: A002
        """Parse ``data`` here and insert its quads (Turtle's triples into the default graph) in one update."""
        self.extend(ox.parse(data, format))

    def flush(self) -> None:
        """Nothing to do: every update is committed by the endpoint before it answers."""

    def _select(self, sparql: str) -> ox.QuerySolutions:
        answer = self.query(sparql)
        if not isinstance(answer, ox.QuerySolutions):
            raise StoreError(f"the SPARQL endpoint at {self.query_url} answered a SELECT query with no solutions")
        return answer


# -- request and answer texts -------------------------------------------------------------


def insert_data(quads: Iterable[ox.Quad]) -> str | None:
    """One ``INSERT DATA`` holding ``quads`` grouped by graph; None when there are none."""
    by_graph: dict[str, list[str]] = {}
    for quad in quads:
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
        by_graph.setdefault(graph, []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    if not by_graph:
        return None
    blocks = [("\n".join(lines) if not graph else f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}") for graph, lines in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


_USERINFO = re.compile(r"(?<=://)[^/@\s]*@")


def shown(text: str) -> str:
    """``text`` with the credentials of any URL in it left out (they are sent as HTTP Basic auth, never printed)."""
    return _USERINFO.sub("", text)


def _prologue(prefixes: dict[str, str] | None, base_iri: str | None) -> str:
    """``BASE`` and ``PREFIX`` declarations for what pyoxigraph takes as arguments (the query's own come after and win)."""
    lines = [f"BASE <{base_iri}>"] if base_iri else []
    lines += [f"PREFIX {name}: <{iri}>" for name, iri in (prefixes or {}).items()]
    return "\n".join(lines) + "\n" if lines else ""


_POSITION = re.compile(r"^error at (\d+):")


def _shift_position(message: str, lines: int) -> str:
    """An Oxigraph parser message (``error at LINE:COLUMN: …``) with the line counted in the query as it was given."""
    found = _POSITION.match(message)
    if not found or not lines or int(found[1]) <= lines:
        return message
    return f"error at {int(found[1]) - lines}:" + message[found.end() :]


def _pattern_term(term: Any, variable: str) -> str:
    if term is None:
        return variable
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term)
    raise ValueError(f"a remote store can't match {term!r}")


def _answer(response: httpx.Response, url: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """The pyoxigraph answer a response body holds, by its media type."""
    media_type = _media_type(response)
    results_format = ox.QueryResultsFormat.from_media_type(media_type) if media_type else None
    try:
        if results_format is not None:
            return ox.parse_query_results(response.content, format=results_format)
        rdf_format = ox.RdfFormat.from_media_type(media_type) if media_type else None
        if rdf_format is not None:
            # a CONSTRUCT or DESCRIBE answer: the same triples, as the QueryTriples pyoxigraph gives
            triples = ox.Store()
            triples.load(response.content, rdf_format)
            return triples.query("CONSTRUCT WHERE { ?s ?p ?o }")
    except (SyntaxError, ValueError) as error:
        raise StoreError(f"the SPARQL endpoint at {url} sent an answer that can't be read: {error}") from None
    raise StoreError(f"the SPARQL endpoint at {url} answered in {media_type or 'no media type'}, not SPARQL results or RDF")


def _media_type(response: httpx.Response) -> str:
    header = response.headers.get("content-type", "")
    message = Message()
    message["content-type"] = header
    return message.get_content_type() if header else ""


def _message(response: httpx.Response) -> str:
    text = " ".join(response.text.split())
    return text[:MESSAGE_CHARS] + ("…" if len(text) > MESSAGE_CHARS else "")

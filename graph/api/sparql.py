"""The SPARQL 1.1 Protocol endpoint at ``/sparql`` (read-only) and its query page.

Views (routed in ``graph.api.app``):

* ``GET /sparql?query=…``, ``POST /sparql`` as a form or as
  ``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri``
  select the dataset, otherwise the default graph is the union of all graphs;
* results in the format negotiated by :mod:`graph.sparql.formats`, produced
  by :mod:`graph.sparql.engine` (Oxigraph, with a time limit, fully buffered
  before the first byte is sent);
* ``GET /sparql`` without a query: the query page for browsers
  (``Accept: text/html``), else the SPARQL Service Description;
* ``GET <base path>ontology``: the ontology (:mod:`graph.rdf.ontology`).

Errors: 400 malformed query (with the parser's message), nested too deep or
calling a SERVICE that is not allowed (:mod:`graph.sparql.guard`), 403 updates,
406 no acceptable format, 415 unknown request body type, 503 time limit.
"""

from __future__ import annotations

import asyncio
import json
from importlib import resources
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse

from graph.api.errors import sparql_error
from graph.api.state import api_state
from graph.errors import NewsgraphError, PayloadTooLargeError, QueryError, QueryTimeoutError, UnsupportedMediaTypeError
from graph.rdf.ontology import ontology_path, serialize_ontology
from graph.rdf.vocab import DEFAULT_BASE_IRI, Vocabulary
from graph.sparql.engine import QueryAnswer, QueryRequest, QueryRunner, UpdateRefusedError, split_graph_uris
from graph.sparql.formats import GRAPH_FORMATS, SOLUTION_FORMATS, accepts_html, choose_format
from graph.sparql.guard import SparqlShape
from graph.sparql.service import service_description
from graph.sparql.xml_escape import escape_cr

#: Seconds a query may run before it is cancelled (``newsgraph serve --sparql-timeout``).
DEFAULT_TIMEOUT = 10.0
#: Results up to this size are sent in one piece; bigger ones are streamed from the buffer.
INLINE_BYTES = 1024 * 1024
#: Named graphs listed in the service description, at most.
DESCRIBED_GRAPHS = 1000
#: Largest request body (a query or a form) accepted, in bytes.
MAX_BODY_BYTES = 2 * 1024 * 1024
#: Charset names of a query body the endpoint reads (the protocol allows UTF-8 only; ASCII is a subset).
UTF8_NAMES = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})
STATIC_FILES = {"sparql.js": "text/javascript", "sparql.css": "text/css"}


async def endpoint(request: Request) -> Response:
    """``/sparql``: a query (GET or POST), else the query page or the service description."""
    state = api_state(request)
    store = state.knowledge.store
    try:
        query_request = await read_request(request)
        if query_request is None:
            if request.method == "POST":
                raise QueryError("no query: send it as 'query' (form) or as an application/sparql-query body")
            if accepts_html(request.headers.get("accept")):
                return HTMLResponse(query_page(store.vocab, request.url.path), headers={"Vary": "Accept"})
            return await run_in_threadpool(describe_service, request, store.vocab, store.oxigraph, state.sparql)
        shape = await run_in_threadpool(state.sparql.check, query_request)
        answer = await run_with_deadline(state.sparql, query_request, shape)
    except NewsgraphError as exc:
        return sparql_error(exc)
    return answer_response(answer)


async def static(request: Request) -> Response:
    """The query page's script and style sheet."""
    name = request.path_params["name"]
    if name not in STATIC_FILES:
        return PlainTextResponse("not found\n", status_code=404)
    body = resources.files("graph.api").joinpath("static", name).read_bytes()
    return Response(body, media_type=STATIC_FILES[name], headers={"Cache-Control": "max-age=3600"})


async def ontology(request: Request) -> Response:
    """``<base path>ontology``: the ontology, in the RDF format negotiated."""
    try:
        fmt = choose_format(
            GRAPH_FORMATS,
            format_param=request.query_params.get("format"),
            accept=request.headers.get("accept"),
        )
    except QueryError as exc:
        return sparql_error(exc)
    body = serialize_ontology(api_state(request).knowledge.vocab, fmt.rdf_format)
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


# -- protocol --------------------------------------------------------------------


async def read_request(request: Request) -> QueryRequest | None:
    """The query operation a request carries; None for a bare GET (or empty POST)."""
    params = request.query_params
    default_graphs = list(params.getlist("default-graph-uri"))
    named_graphs = list(params.getlist("named-graph-uri"))
    queries = list(params.getlist("query"))
    if params.getlist("update"):
        raise UpdateRefusedError("this endpoint is read-only: SPARQL updates are refused")
    if request.method == "POST":
        media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if media_type == "application/x-www-form-urlencoded":
            form = _parse_form(await _body(request), _charset(request.headers.get("content-type", "")))
            if form.get("update"):
                raise UpdateRefusedError("this endpoint is read-only: SPARQL updates are refused")
            queries += form.get("query", [])
            default_graphs += form.get("default-graph-uri", [])
            named_graphs += form.get("named-graph-uri", [])
        elif media_type == "application/sparql-query":
            body = await _body(request)
            charset = _charset(request.headers.get("content-type", ""))
            if charset.lower().replace("_", "-") not in UTF8_NAMES:
                raise UnsupportedMediaTypeError(f"a query body must be UTF-8 (SPARQL 1.1 Protocol), not {charset}")
            try:
                queries.append(body.decode("utf-8"))
            except (UnicodeDecodeError, LookupError) as exc:
                raise QueryError(f"the query body is not valid text: {exc}") from None
        elif media_type == "application/sparql-update":
            raise UpdateRefusedError("this endpoint is read-only: SPARQL updates are refused")
        elif media_type or await _body(request):
            raise UnsupportedMediaTypeError(
                f"unsupported request body type {media_type!r}: use application/x-www-form-urlencoded or application/sparql-query"
            )
    if len(queries) > 1:
        raise QueryError("more than one query in the request")
    if not queries or not queries[0].strip():
        if queries:
            raise QueryError("the query is empty")
        return None
    return QueryRequest(
        query=queries[0],
        default_graph_uris=split_graph_uris(default_graphs),
        named_graph_uris=split_graph_uris(named_graphs),
        format_param=_format_param(request),
        accept=request.headers.get("accept"),
    )


async def _body(request: Request) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise PayloadTooLargeError(f"request body over {MAX_BODY_BYTES} bytes")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise PayloadTooLargeError(f"request body over {MAX_BODY_BYTES} bytes")
    return body


def _parse_form(body: bytes, charset: str) -> dict[str, list[str]]:
    """An application/x-www-form-urlencoded body, field name → values."""
    try:
        text = body.decode("ascii")
        return parse_qs(text, keep_blank_values=True, encoding=charset, errors="strict")
    except (UnicodeDecodeError, LookupError) as exc:
        raise QueryError(f"the form body is not valid: {exc}") from None


def _format_param(request: Request) -> tuple[str, ...]:
    # Browsers' download links and SPARQLWrapper name the format in the URL
    # (SPARQLWrapper sends it as format=, output= and results=).
    return tuple(v for name in ("format", "output", "results") for v in request.query_params.getlist(name) if v)


def _charset(content_type: str) -> str:
    for param in content_type.split(";")[1:]:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset":
            return value.strip().strip('"') or "utf-8"
    return "utf-8"


async def run_with_deadline(runner: QueryRunner, query_request: QueryRequest, shape: SparqlShape | None = None) -> QueryAnswer:
    """Evaluate in the runner's pool; past the deadline, cancel and raise QueryTimeoutError."""
    future, cancelled = runner.submit(query_request, shape)
    timeout = runner.timeout_for(shape)

    def discard_late(done) -> None:
        # A result that completes after the client got its error: free its buffer.
        if cancelled.is_set() and not done.cancelled() and done.exception() is None:
            done.result().body.close()

    future.add_done_callback(discard_late)
    try:
        return await asyncio.wait_for(asyncio.wrap_future(future), timeout=timeout)
    except TimeoutError:
        cancelled.set()
        raise QueryTimeoutError(f"the query ran past the time limit of {timeout:g} s and was cancelled") from None
    except asyncio.CancelledError:
        cancelled.set()
        raise


def answer_response(answer: QueryAnswer) -> Response:
    headers = {"Vary": "Accept", "X-Query-Time": f"{answer.elapsed:.4f}"}
    if answer.size <= INLINE_BYTES:
        with answer.body:
            return Response(answer.body.read(), media_type=answer.media_type, headers=headers)

    def chunks():
        with answer.body:
            while chunk := answer.body.read(256 * 1024):
                yield chunk

    headers["Content-Length"] = str(answer.size)
    return StreamingResponse(iterate_in_threadpool(chunks()), media_type=answer.media_type, headers=headers)


# -- service description and page -------------------------------------------------


def describe_service(request: Request, vocab: Vocabulary, oxigraph: ox.Store, runner: QueryRunner) -> Response:
    try:
        fmt = choose_format(GRAPH_FORMATS, format_param=_format_param(request), accept=request.headers.get("accept"))
    except QueryError as exc:
        return sparql_error(exc)
    endpoint = str(request.url.replace(query=""))
    names: list[str] = []
    for name in oxigraph.named_graphs():
        if isinstance(name, ox.NamedNode):
            names.append(name.value)
            if len(names) >= DESCRIBED_GRAPHS:
                break
    triples = service_description(endpoint, vocab, sorted(names), timeout=runner.timeout, federation=bool(runner.services.allow))
    prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
    if fmt.rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        body = ox.serialize(triples, format=fmt.rdf_format, prefixes=prefixes)
        if fmt.rdf_format == ox.RdfFormat.RDF_XML and body is not None:
            body = escape_cr(body)
    else:
        body = ox.serialize(triples, format=fmt.rdf_format)
    return Response(body, media_type=fmt.media_type, headers={"Vary": "Accept"})


def example_queries(vocab: Vocabulary) -> list[dict[str, str]]:
    """The documented example queries, as ``{"title", "query"}``, for ``vocab``'s base."""
    text = resources.files("graph.api").joinpath("static", "examples.rq").read_text(encoding="utf-8")
    return [{"title": title, "query": query.replace(DEFAULT_BASE_IRI, vocab.base)} for title, query in parse_examples(text)]


def parse_examples(text: str) -> list[tuple[str, str]]:
    """(title, query) pairs of an examples file: each query follows a ``#### title`` line."""
    examples: list[tuple[str, str]] = []
    title, lines = None, []  # type: ignore[var-annotated]
    for line in text.splitlines():
        if line.startswith("#### "):
            if title is not None:
                examples.append((title, "\n".join(lines).strip() + "\n"))
            title, lines = line[5:].strip(), []
        elif title is not None:
            lines.append(line)
    if title is not None:
        examples.append((title, "\n".join(lines).strip() + "\n"))
    return examples


def query_page(vocab: Vocabulary, path: str) -> str:
    template = resources.files("graph.api").joinpath("static", "sparql.html").read_text(encoding="utf-8")
    config = {
        "endpoint": path,
        "examples": example_queries(vocab),
        "formats": {
            "solutions": [f.name for f in SOLUTION_FORMATS],
            "graph": [f.name for f in GRAPH_FORMATS],
        },
        "ontology": ontology_path(vocab),
        "base": vocab.base,
    }
    embedded = json.dumps(config, ensure_ascii=False).replace("</", "<\\/")
    return template.replace("{{CONFIG_JSON}}", embedded).replace("{{STATIC}}", path + "/static")

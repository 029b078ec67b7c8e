"""The /sparql endpoint end to end: a real uvicorn on loopback, real clients.

Protocol cases (the three ways to send a query, graph parameters, content
negotiation, 400/403/406/415, the time limit), the service description and
the query page; then SPARQLWrapper in every result format and rdflib's
SPARQLStore as clients.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time

import httpx
import pyoxigraph as ox
import pytest
import rdflib

from tests.settings import TEST_TIMEOUT

pytestmark = pytest.mark.e2e

PREFIXES = """PREFIX ng: <https://newsgraph.example.org/ontology#>
PREFIX entity: <https://newsgraph.example.org/entity/>
PREFIX article: <https://newsgraph.example.org/article/>
"""
STATEMENTS = PREFIXES + "SELECT ?st ?label WHERE { ?st a ng:Statement ; ng:predicateLabel ?label } ORDER BY ?st"
NETWORK = (
    PREFIXES
    + """CONSTRUCT { ?s ?p ?o } WHERE {
  ?st a ng:Statement ; ng:asserted true ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
      <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ; <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o }"""
)
SAMPLE_STATEMENTS = 10  # triples in tests/sparql_samples.py
ASSERTED_DISTINCT = 8  # distinct direct triples among them


def _rows(response: httpx.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    return response.json()["results"]["bindings"]


def _sparql(server, **kwargs) -> httpx.Response:
    return httpx.request(kwargs.pop("method", "GET"), server.url + "/sparql", timeout=30, **kwargs)


# -- the three ways to send a query -----------------------------------------------------


def test_get_with_query_parameter(sparql_server):
    rows = _rows(_sparql(sparql_server, params={"query": STATEMENTS}))
    assert len(rows) == SAMPLE_STATEMENTS
    assert {r["label"]["value"] for r in rows} >= {"attacked", "pledged", "mayor of", "met"}


def test_post_form(sparql_server):
    rows = _rows(_sparql(sparql_server, method="POST", data={"query": STATEMENTS}))
    assert len(rows) == SAMPLE_STATEMENTS


def test_post_sparql_query_body(sparql_server):
    response = _sparql(
        sparql_server,
        method="POST",
        content=STATEMENTS.encode(),
        headers={"Content-Type": "application/sparql-query; charset=utf-8"},
    )
    assert len(_rows(response)) == SAMPLE_STATEMENTS


def test_ask_and_describe(sparql_server):
    ask = _sparql(sparql_server, params={"query": PREFIXES + "ASK { entity:russia ?p entity:kyiv }"})
    assert ask.status_code == 200 and ask.json() == {"head": {}, "boolean": True}
    no = _sparql(sparql_server, params={"query": PREFIXES + "ASK { entity:kyiv ?p entity:russia }"})
    assert no.json()["boolean"] is False
    describe = _sparql(sparql_server, params={"query": PREFIXES + "DESCRIBE entity:russia"}, headers={"Accept": "text/turtle"})
    assert describe.status_code == 200 and describe.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=describe.text, format="turtle")
    assert (rdflib.URIRef("https://newsgraph.example.org/entity/russia"), rdflib.RDFS.label, rdflib.Literal("Russia")) in graph


# -- the dataset: union default graph, GRAPH ?g, graph parameters ------------------------


def test_default_graph_is_the_union_and_graph_reaches_each_article(sparql_server):
    rows = _rows(_sparql(sparql_server, params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"}))
    graphs = {r["g"]["value"] for r in rows}
    articles = {f"https://newsgraph.example.org/article/{a}" for a in ("kyiv-strike", "berlin-talks", "kharkiv-accusation")}
    assert articles <= graphs
    assert "https://newsgraph.example.org/ontology" in graphs


def test_default_graph_uri_restricts_the_default_graph(sparql_server):
    params = {"query": STATEMENTS, "default-graph-uri": "https://newsgraph.example.org/article/kyiv-strike"}
    rows = _rows(_sparql(sparql_server, params=params))
    assert len(rows) == 4
    assert all("/statement/kyiv-strike/" in r["st"]["value"] for r in rows)


def test_several_default_graph_uris_merge(sparql_server):
    params = [
        ("query", STATEMENTS),
        ("default-graph-uri", "https://newsgraph.example.org/article/kyiv-strike"),
        ("default-graph-uri", "https://newsgraph.example.org/article/kharkiv-accusation"),
    ]
    assert len(_rows(_sparql(sparql_server, params=params))) == 6


def test_named_graph_uri_limits_graph_patterns(sparql_server):
    data = {
        "query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
        "named-graph-uri": "https://newsgraph.example.org/article/berlin-talks",
    }
    rows = _rows(_sparql(sparql_server, method="POST", data=data))
    assert [r["g"]["value"] for r in rows] == ["https://newsgraph.example.org/article/berlin-talks"]


# -- content negotiation -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media_type", "results_format"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", "text/csv", ox.QueryResultsFormat.CSV),
        ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("application/json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("*/*", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ],
)
def test_select_formats(sparql_server, accept, media_type, results_format):
    response = _sparql(sparql_server, params={"query": STATEMENTS}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    if results_format == ox.QueryResultsFormat.CSV:  # lossy: pyoxigraph won't read it back
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len(rows) == SAMPLE_STATEMENTS and "pledged" in {r["label"] for r in rows}
    else:
        assert len(list(ox.parse_query_results(response.content, results_format))) == SAMPLE_STATEMENTS


@pytest.mark.parametrize(
    ("accept", "media_type", "rdflib_format"),
    [
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
    ],
)
def test_construct_formats(sparql_server, accept, media_type, rdflib_format):
    response = _sparql(sparql_server, params={"query": NETWORK}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    assert len(graph) == ASSERTED_DISTINCT


@pytest.mark.parametrize(
    ("query", "fmt", "media_type"),
    [
        (STATEMENTS, "csv", "text/csv"),
        (STATEMENTS, "tsv", "text/tab-separated-values"),
        (STATEMENTS, "xml", "application/sparql-results+xml"),
        (NETWORK, "ntriples", "application/n-triples"),
        (NETWORK, "jsonld", "application/ld+json"),
        (NETWORK, "xml", "application/rdf+xml"),
    ],
)
def test_format_parameter_overrides_accept(sparql_server, query, fmt, media_type):
    response = _sparql(sparql_server, params={"query": query, "format": fmt}, headers={"Accept": "text/html"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media_type)


@pytest.mark.parametrize(
    ("query", "headers", "params"),
    [
        (STATEMENTS, {"Accept": "image/png"}, {}),
        (STATEMENTS, {"Accept": "text/turtle"}, {}),
        (NETWORK, {"Accept": "text/csv"}, {}),
        (NETWORK, {}, {"format": "csv"}),
        (STATEMENTS, {}, {"format": "yaml"}),
    ],
)
def test_406_for_unavailable_formats(sparql_server, query, headers, params):
    response = _sparql(sparql_server, params={"query": query, **params}, headers=headers)
    assert response.status_code == 406
    assert "available" in response.text or "offered" in response.text


# -- refusals -------------------------------------------------------------------------------


def _quad_count(knowledge) -> int:
    return len(knowledge.store.oxigraph)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"params": {"query": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }"}},
        {"method": "POST", "data": {"query": "PREFIX ng: <urn:x:> DELETE WHERE { ?s ?p ?o }"}},
        {"method": "POST", "data": {"update": "CLEAR ALL"}},
        {"method": "POST", "content": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}},
        {"method": "POST", "content": b"CLEAR ALL", "headers": {"Content-Type": "application/sparql-query"}},
    ],
)
def test_updates_are_refused_with_403_and_change_nothing(sparql_server, sample_knowledge, kwargs):
    before = _quad_count(sample_knowledge)
    response = _sparql(sparql_server, **kwargs)
    assert response.status_code == 403
    assert "read-only" in response.text
    assert _quad_count(sample_knowledge) == before > 0


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { ?s ?p }", "error at 1:"),
        ("SELEKT ?s WHERE { ?s ?p ?o }", "error at 1:"),
        ("SELECT ?s WHERE { ?s undeclared:p ?o }", "Prefix not found"),
    ],
)
def test_malformed_query_gets_400_with_the_parser_message(sparql_server, query, message):
    response = _sparql(sparql_server, params={"query": query})
    assert response.status_code == 400
    assert message in response.text


def test_empty_query_and_post_without_query_get_400(sparql_server):
    assert _sparql(sparql_server, params={"query": "  "}).status_code == 400
    assert _sparql(sparql_server, method="POST", data={"default-graph-uri": "urn:x"}).status_code == 400


def test_unknown_body_type_gets_415(sparql_server):
    response = _sparql(sparql_server, method="POST", content=b"{}", headers={"Content-Type": "application/json"})
    assert response.status_code == 415


def test_query_past_the_time_limit_is_cancelled_with_503(sparql_server):
    # A triple cross product of the store: billions of rows, streamed lazily.
    slow = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    response = _sparql(sparql_server, params={"query": slow}, headers={"Accept": "text/csv"})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert "time limit" in response.text
    assert elapsed < TEST_TIMEOUT + 10
    # The worker stopped at its next write: the endpoint answers at once afterwards.
    assert len(_rows(_sparql(sparql_server, params={"query": STATEMENTS}))) == SAMPLE_STATEMENTS


# -- without a query: service description, query page -------------------------------------------


SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")


@pytest.mark.parametrize(("accept", "rdflib_format"), [("text/turtle", "turtle"), (None, "turtle"), ("application/rdf+xml", "xml")])
def test_get_without_query_is_a_service_description(sparql_server, accept, rdflib_format):
    headers = {"Accept": accept} if accept else {}
    response = _sparql(sparql_server, headers=headers)
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.content, format=rdflib_format)
    endpoint = rdflib.URIRef(sparql_server.url + "/sparql")
    assert (endpoint, rdflib.RDF.type, SD.Service) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (endpoint, SD.feature, SD.UnionDefaultGraph) in graph
    assert (endpoint, SD.feature, SD.BasicFederatedQuery) not in graph  # SERVICE is off by default
    names = set(graph.objects(None, SD.name))
    assert rdflib.URIRef("https://newsgraph.example.org/article/kyiv-strike") in names


def test_query_page_for_browsers_works_offline(sparql_server):
    response = _sparql(sparql_server, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<textarea" in page
    assets = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"#]+)"', page)  # what the page loads (not its links)
    assert assets, "the page loads its script and style sheet"
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by newsgraph itself"
        served = httpx.get(sparql_server.url + asset, timeout=10)
        assert served.status_code == 200
        # (XML namespace names such as http://www.w3.org/2000/svg are names, not addresses)
        assert not re.search(r"https?://(?!www\.w3\.org/)|//cdn", served.text), f"{asset} loads something from elsewhere"
    config = json.loads(re.search(r'<script id="config" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert len(config["examples"]) >= 12
    assert config["endpoint"] == "/sparql"


def test_query_page_assets_are_limited_to_the_static_files(sparql_server):
    assert httpx.get(sparql_server.url + "/sparql/static/examples.rq", timeout=10).status_code == 404
    assert httpx.get(sparql_server.url + "/sparql/static/..%2Fsparql.py", timeout=10).status_code == 404


def test_ontology_is_served_at_its_namespace(sparql_server):
    response = httpx.get(sparql_server.url + "/ontology", headers={"Accept": "text/turtle"}, timeout=10)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=response.text, format="turtle")
    statement = rdflib.URIRef("https://newsgraph.example.org/ontology#Statement")
    assert (statement, rdflib.RDF.type, rdflib.OWL.Class) in graph
    jsonld = httpx.get(sparql_server.url + "/ontology", headers={"Accept": "application/ld+json"}, timeout=10)
    assert len(rdflib.Graph().parse(data=jsonld.content, format="json-ld")) == len(graph)


# -- real clients -------------------------------------------------------------------------------


@pytest.mark.parametrize("return_format", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select(sparql_server, return_format):
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    client = SPARQLWrapper(sparql_server.url + "/sparql")
    client.setQuery(STATEMENTS)
    client.setReturnFormat({"json": JSON, "xml": XML, "csv": CSV, "tsv": TSV}[return_format])
    result = client.query().convert()
    if return_format == "json":
        labels = [b["label"]["value"] for b in result["results"]["bindings"]]
    elif return_format == "xml":
        labels = [n.firstChild.firstChild.data for n in result.getElementsByTagName("binding") if n.getAttribute("name") == "label"]
    else:
        separator = "," if return_format == "csv" else "\t"
        lines = result.decode("utf-8").strip().splitlines()
        labels = [line.rsplit(separator, 1)[1].strip('"') for line in lines[1:]]
    assert len(labels) == SAMPLE_STATEMENTS
    assert "pledged" in labels


@pytest.mark.parametrize("return_format", ["turtle", "xml", "json-ld", "n3"])
def test_sparqlwrapper_construct(sparql_server, return_format):
    from SPARQLWrapper import JSONLD, N3, TURTLE, XML, SPARQLWrapper

    client = SPARQLWrapper(sparql_server.url + "/sparql")
    client.setQuery(NETWORK)
    client.setReturnFormat({"turtle": TURTLE, "xml": XML, "json-ld": JSONLD, "n3": N3}[return_format])
    result = client.query().convert()
    if isinstance(result, bytes):
        result = rdflib.Graph().parse(data=result, format="turtle")
    assert len(result) == ASSERTED_DISTINCT


def test_sparqlwrapper_ask_and_post(sparql_server):
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(sparql_server.url + "/sparql")
    client.setMethod(POST)
    client.setQuery(PREFIXES + "ASK { entity:united-states ?p ?o }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True


@pytest.mark.parametrize("return_format", ["xml", "json"])
def test_rdflib_sparqlstore_select_and_ask(sparql_server, return_format):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(sparql_server.url + "/sparql", returnFormat=return_format))
    rows = list(graph.query(STATEMENTS))
    assert len(rows) == SAMPLE_STATEMENTS
    assert {str(row.label) for row in rows} >= {"attacked", "pledged"}
    assert graph.query(PREFIXES + "ASK { entity:russia ?p entity:kyiv }").askAnswer is True


def test_rdflib_sparqlstore_construct_and_triples(sparql_server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    # The default Accept of SPARQLStore asks for XML results or RDF/XML graphs.
    graph = rdflib.Graph(store=SPARQLStore(sparql_server.url + "/sparql"))
    constructed = graph.query(NETWORK).graph
    assert len(constructed) == ASSERTED_DISTINCT
    russia = rdflib.URIRef("https://newsgraph.example.org/entity/russia")
    assert (russia, rdflib.RDFS.label, rdflib.Literal("Russia")) in graph
    assert set(graph.objects(russia, rdflib.URIRef("https://newsgraph.example.org/relation/shelled"))) == {
        rdflib.URIRef("https://newsgraph.example.org/entity/kharkiv")
    }

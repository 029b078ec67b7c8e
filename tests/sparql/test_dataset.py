"""The dataset of a query: default-graph-uri / named-graph-uri as FROM / FROM NAMED, the union default graph."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from graph.sparql.engine import QueryRequest, QueryRunner
from graph.sparql.guard import inspect_sparql

A, B, C = "urn:x:graph-a", "urn:x:graph-b", "urn:x:graph-c"
SHARED = (ox.NamedNode("urn:x:kenya"), ox.NamedNode("urn:x:label"), ox.Literal("Kenya"))


@pytest.fixture()
def runner():
    store = ox.Store()
    for graph in (A, B):  # the same triple in two graphs, as an entity in two articles
        store.add(ox.Quad(*SHARED, ox.NamedNode(graph)))
    store.add(ox.Quad(ox.NamedNode("urn:x:only-c"), ox.NamedNode("urn:x:label"), ox.Literal("C"), ox.NamedNode(C)))
    made = QueryRunner(store, timeout=10)
    yield made
    made.close()


def _ask(runner: QueryRunner, query: str, default: tuple[str, ...] = (), named: tuple[str, ...] = ()) -> bool:
    answer = runner.run(QueryRequest(query, default_graph_uris=default, named_graph_uris=named))
    return json.loads(answer.body.read())["boolean"]


def _count(runner: QueryRunner, query: str, **options) -> int:
    answer = runner.run(QueryRequest(query, **options))
    (row,) = json.loads(answer.body.read())["results"]["bindings"]
    return int(row["n"]["value"])


IN_DEFAULT = "ASK { ?s ?p ?o }"
IN_C = "ASK { <urn:x:only-c> ?p ?o }"
ANY_NAMED = "ASK { GRAPH ?g { ?s ?p ?o } }"


def test_without_parameters_the_default_graph_is_the_union_and_every_graph_is_named(runner):
    assert _ask(runner, IN_C)
    assert _ask(runner, "ASK { GRAPH <urn:x:graph-c> { ?s ?p ?o } }")


def test_default_graph_uri_alone_leaves_no_named_graph(runner):
    assert _ask(runner, IN_DEFAULT, default=(A,))
    assert not _ask(runner, IN_C, default=(A,))
    assert not _ask(runner, ANY_NAMED, default=(A,))


def test_named_graph_uri_alone_leaves_an_empty_default_graph(runner):
    assert not _ask(runner, IN_DEFAULT, named=(C,))
    assert _ask(runner, "ASK { GRAPH <urn:x:graph-c> { ?s ?p ?o } }", named=(C,))
    assert not _ask(runner, "ASK { GRAPH <urn:x:graph-a> { ?s ?p ?o } }", named=(C,))


def test_both_parameters_give_exactly_that_dataset(runner):
    query = "ASK { <urn:x:only-c> ?p ?o GRAPH ?g { <urn:x:kenya> ?q ?v } }"
    assert _ask(runner, query, default=(C,), named=(A,))
    assert not _ask(runner, query, default=(A,), named=(C,))


def test_parameters_override_the_querys_own_dataset(runner):
    assert not _ask(runner, f"ASK FROM <{C}> {{ <urn:x:only-c> ?p ?o }}", default=(A,))


def test_a_query_keeps_its_own_from_when_no_parameter_is_given(runner):
    assert not _ask(runner, f"ASK FROM <{A}> {{ <urn:x:only-c> ?p ?o }}")
    assert _ask(runner, f"ASK FROM <{C}> {{ <urn:x:only-c> ?p ?o }}")
    # FROM NAMED alone: an empty default graph
    assert not _ask(runner, f"ASK FROM NAMED <{C}> {{ ?s ?p ?o }}")
    assert _ask(runner, f"ASK FROM NAMED <{C}> {{ GRAPH ?g {{ ?s ?p ?o }} }}")


def test_the_union_repeats_a_triple_per_graph_and_group_by_counts_it_once(runner):
    # The documented union-bag semantics: COUNT(*) sees the shared triple twice;
    # grouping on the triple counts distinct triples without DISTINCT.
    assert _count(runner, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == 3
    grouped = "SELECT (COUNT(*) AS ?n) WHERE { SELECT ?s ?p ?o WHERE { ?s ?p ?o } GROUP BY ?s ?p ?o }"
    assert _count(runner, grouped) == 2
    assert _count(runner, grouped, default_graph_uris=(A, B)) == 1


@pytest.mark.parametrize(
    ("text", "declares"),
    [
        ("SELECT * FROM <urn:x:a> { ?s ?p ?o }", True),
        ("select * from named <urn:x:a> { ?s ?p ?o }", True),
        ("SELECT*FROM<urn:x:a>{?s ?p ?o}", True),
        ("SELECT ?from WHERE { ?from <urn:x:from> 'from' } # FROM", False),
        ("PREFIX ex: <urn:x:> SELECT * { ?s ex:from ?o }", False),
        ("SELECT * { ?s ?p 'x'@from }", False),
    ],
)
def test_the_guard_notes_a_dataset_clause(text, declares):
    assert inspect_sparql(text).declares_dataset is declares


# -- over HTTP, on the sample articles ---------------------------------------------


def _http(server, query: str, **params) -> dict:
    response = server.get("/sparql", params={"query": query, **params}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return response.json()


def _graphs(server, **params) -> list[str]:
    rows = _http(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", **params)["results"]["bindings"]
    return [row["g"]["value"] for row in rows]


def test_endpoint_dataset_parameters(sparql_server):
    graphs = _graphs(sparql_server)
    assert len(graphs) >= 2
    first, second = graphs[0], graphs[1]
    # default-graph-uri alone: that graph is the default graph, and no graph is named
    assert _http(sparql_server, "ASK { ?s ?p ?o }", **{"default-graph-uri": first})["boolean"] is True
    assert _graphs(sparql_server, **{"default-graph-uri": first}) == []
    # named-graph-uri alone: an empty default graph, and GRAPH reaches that graph only
    assert _http(sparql_server, "ASK { ?s ?p ?o }", **{"named-graph-uri": second})["boolean"] is False
    assert _graphs(sparql_server, **{"named-graph-uri": second}) == [second]


def test_endpoint_refuses_a_query_body_that_is_not_utf8(sparql_server):
    response = sparql_server.post(
        "/sparql", content="ASK {}".encode("utf-16"), headers={"Content-Type": "application/sparql-query; charset=UTF-16"}
    )
    assert response.status_code == 415
    assert "UTF-8" in response.text

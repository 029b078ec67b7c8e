"""SPARQL conformance: relative IRIs resolve against a base, CR survives XML results and RDF/XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store

from graph.sparql.engine import QueryRequest, QueryRunner, UpdateRefusedError
from graph.sparql.xml_escape import escape_cr

BASE = "http://newsgraph.test/"
CR_TEXT = "line one\rline two\r\nline three"
SPARQL_NS = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture()
def runner():
    store = Store()
    store.add(Quad(NamedNode(BASE + "s"), NamedNode(BASE + "p"), Literal(CR_TEXT)))
    made = QueryRunner(store, timeout=10, base_iri=BASE)
    yield made
    made.close()


def test_relative_iris_resolve_against_the_base(runner):
    answer = runner.run(QueryRequest("CONSTRUCT { <s> <p> 1 } WHERE {}", accept="application/n-triples"))
    text = answer.body.read().decode()
    assert f"<{BASE}s> <{BASE}p> " in text


def test_relative_iris_in_updates_are_still_refused_as_updates(runner):
    with pytest.raises(UpdateRefusedError):
        runner.run(QueryRequest("INSERT DATA { <s> <p> 1 }"))


def test_cr_survives_sparql_xml_results(runner):
    answer = runner.run(QueryRequest("SELECT ?o WHERE { ?s ?p ?o }", accept="application/sparql-results+xml"))
    raw = answer.body.read()
    assert b"\r" not in raw and answer.size == len(raw)
    literal = ET.fromstring(raw).find(f".//{SPARQL_NS}literal")
    assert literal is not None and literal.text == CR_TEXT


def test_cr_survives_rdf_xml(runner):
    answer = runner.run(QueryRequest("CONSTRUCT WHERE { ?s ?p ?o }", accept="application/rdf+xml"))
    raw = answer.body.read()
    assert b"\r" not in raw
    parsed = Store()
    parsed.load(raw, format=RdfFormat.RDF_XML)
    (quad,) = list(parsed)
    assert quad.object.value == CR_TEXT


def test_other_formats_are_untouched(runner):
    answer = runner.run(QueryRequest("SELECT ?o WHERE { ?s ?p ?o }", accept="application/sparql-results+json"))
    assert "\\r" in answer.body.read().decode()
    assert escape_cr(b"a\rb") == b"a&#13;b"


@pytest.mark.e2e
def test_endpoint_constructs_with_relative_iris(serve, tmp_path):
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph

    knowledge = KnowledgeGraph.open(tmp_path / "store")
    server = serve(create_app(knowledge))
    response = server.get("/sparql", params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}, headers={"Accept": "application/n-triples"})
    assert response.status_code == 200, response.text
    assert f"<{knowledge.vocab.base}s>" in response.text

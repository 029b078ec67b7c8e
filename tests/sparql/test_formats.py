"""Content negotiation of the SPARQL endpoint (plain functions, no server)."""

from __future__ import annotations

import pytest

from graph.sparql.formats import GRAPH_FORMATS, SOLUTION_FORMATS, NotAcceptableError, accepts_html, choose_format, parse_accept


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "json"),
        ("*/*", "json"),
        ("application/sparql-results+json", "json"),
        ("application/sparql-results+xml", "xml"),
        ("text/csv", "csv"),
        ("text/tab-separated-values", "tsv"),
        ("application/xml", "xml"),
        ("text/*", "csv"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", "xml"),
        ("image/png, text/tab-separated-values;q=0.1", "tsv"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "json"),
    ],
)
def test_solution_format_from_accept(accept, expected):
    assert choose_format(SOLUTION_FORMATS, format_param=None, accept=accept).name == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "turtle"),
        ("application/rdf+xml", "rdfxml"),
        ("application/n-triples", "ntriples"),
        ("application/ld+json", "jsonld"),
        ("application/xml", "rdfxml"),
        ("application/sparql-results+json, text/turtle;q=0.9", "turtle"),
        ("application/sparql-results+xml, application/rdf+xml", "rdfxml"),
    ],
)
def test_graph_format_from_accept(accept, expected):
    assert choose_format(GRAPH_FORMATS, format_param=None, accept=accept).name == expected


@pytest.mark.parametrize(
    ("candidates", "param", "expected"),
    [
        (SOLUTION_FORMATS, "csv", "csv"),
        (SOLUTION_FORMATS, "JSON", "json"),
        (SOLUTION_FORMATS, ("json", "application/sparql-results+json,application/json"), "json"),
        (GRAPH_FORMATS, "json-ld", "jsonld"),
        (GRAPH_FORMATS, ("application/ld+json,application/x-json+ld",), "jsonld"),
        (GRAPH_FORMATS, "xml", "rdfxml"),
        (GRAPH_FORMATS, "n3", "turtle"),
        (GRAPH_FORMATS, "nt", "ntriples"),
    ],
)
def test_format_parameter(candidates, param, expected):
    assert choose_format(candidates, format_param=param, accept="image/png").name == expected


@pytest.mark.parametrize(
    ("candidates", "param", "accept"),
    [
        (SOLUTION_FORMATS, None, "image/png"),
        (SOLUTION_FORMATS, None, "text/turtle"),
        (SOLUTION_FORMATS, None, "application/sparql-results+json;q=0"),
        (GRAPH_FORMATS, None, "text/csv"),
        (GRAPH_FORMATS, "csv", None),
        (SOLUTION_FORMATS, "yaml", "*/*"),
    ],
)
def test_not_acceptable(candidates, param, accept):
    with pytest.raises(NotAcceptableError) as caught:
        choose_format(candidates, format_param=param, accept=accept)
    assert caught.value.http_status == 406


def test_parse_accept_orders_by_quality_then_specificity():
    assert parse_accept("*/*;q=0.8, text/*, text/csv;q=0.8, application/json") == [
        ("application/json", 1.0),
        ("text/*", 1.0),
        ("text/csv", 0.8),
        ("*/*", 0.8),
    ]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),
        ("text/turtle", False),
        ("*/*", False),
        (None, False),
        ("application/sparql-results+json, text/html;q=0.1", False),
    ],
)
def test_accepts_html(accept, expected):
    assert accepts_html(accept) is expected

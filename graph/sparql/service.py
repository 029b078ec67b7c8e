"""The SPARQL 1.1 Service Description of the endpoint (answer to a bare GET)."""

from __future__ import annotations

import pyoxigraph as ox

from graph.rdf.vocab import Vocabulary
from graph.sparql.formats import GRAPH_FORMATS, SOLUTION_FORMATS, ResultFormat

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")

#: W3C format IRIs (http://www.w3.org/ns/formats/) of the formats offered.
_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
}


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(
    endpoint: str, vocab: Vocabulary, graph_names: list[str], *, timeout: float, federation: bool = False
) -> list[ox.Triple]:
    """Triples describing the endpoint at ``endpoint`` over a dataset with ``graph_names``.

    ``federation``: some SERVICE endpoints are allowed (``BasicFederatedQuery`` is claimed only then).
    """
    service = ox.NamedNode(endpoint)
    dataset = ox.BlankNode()
    default_graph = ox.BlankNode()
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, RDFS_LABEL, ox.Literal("newsgraph SPARQL endpoint", language="en")),
        ox.Triple(
            service,
            RDFS_COMMENT,
            ox.Literal(
                "Read-only SPARQL 1.1 query endpoint. The default graph is the union of every article "
                f"graph, the entity graph <{vocab.entity_graph}> and the ontology graph <{vocab.ontology_graph}>; "
                f"GRAPH ?g reaches each article's graph. Queries running longer than {timeout:g} s are cancelled. Updates are refused.",
                language="en",
            ),
        ),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
    ]
    if federation:
        triples.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    fmt: ResultFormat
    for fmt in (*SOLUTION_FORMATS, *GRAPH_FORMATS):
        triples.append(ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + _FORMAT_IRIS[fmt.name])))
    for name in graph_names:
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(name)),
        ]
    return triples

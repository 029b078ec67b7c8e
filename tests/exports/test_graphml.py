"""GraphML export (graph.exports.graphml): typed keys, read back by networkx and igraph."""

from __future__ import annotations

import io
import math

import networkx as nx
import pytest
from lxml import etree

from graph.errors import InputError
from graph.exports.cut import cut_graph
from graph.exports.graphml import write_graphml
from tests.factories import ODD, SPECIAL_LABELS, gephi_graph

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def mirror_graph() -> nx.MultiDiGraph:
    return gephi_graph()


def graphml_file(tmp_path, g, **options):
    path = tmp_path / "graph.graphml"
    with open(path, "wb") as out:
        write_graphml(g, out, **options)
    return path


def test_keys_are_typed(tmp_path, mirror_graph):
    root = etree.parse(str(graphml_file(tmp_path, mirror_graph))).getroot()
    keys = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in root.iter(f"{GRAPHML}key")}
    assert keys[("node", "label")] == "string"
    assert keys[("node", "entity_type")] == "string"
    assert keys[("node", "mentions")] == keys[("node", "degree")] == "long"
    assert keys[("node", "size")] == "double"
    assert keys[("edge", "weight")] == keys[("edge", "confidence")] == "double"
    assert keys[("edge", "statements")] == "long"
    assert keys[("edge", "amount")] == "double"
    assert keys[("edge", "first_date")] == "string"


@pytest.mark.parametrize("options", [{}, {"collapse": False}, {"since": "2024-11-05"}, {"types": ["GPE"]}])
def test_networkx_reads_it_back(tmp_path, mirror_graph, options):
    cut = cut_graph(mirror_graph, **options)
    read = nx.read_graphml(graphml_file(tmp_path, mirror_graph, **options), force_multigraph=True)
    assert read.number_of_nodes() == cut.number_of_nodes()
    assert read.number_of_edges() == cut.number_of_edges()
    for node, data in cut.nodes(data=True):
        assert read.nodes[node]["label"] == data["label"]
        assert read.nodes[node]["entity_type"] == data["type"]
        assert read.nodes[node]["mentions"] == data["mentions"]
        assert read.nodes[node]["color"] == data["color"]
    for source, target, key, data in cut.edges(keys=True, data=True):
        edge = read.edges[source, target, key]
        assert edge["label"] == data["predicate"]
        assert edge["weight"] == data["weight"] and edge["statements"] == data["statements"]
        assert edge["category"] == data["category"]
        assert edge["dates"] == "|".join(data["dates"])


def test_amounts_survive(tmp_path, mirror_graph):
    read = nx.read_graphml(graphml_file(tmp_path, mirror_graph), force_multigraph=True)
    (pledge,) = [d for s, t, d in read.edges(data=True) if t == "quantity:a1/1"]
    assert (pledge["amount"], pledge["currency"]) == (425e6, "USD")
    assert read.nodes["quantity:a1/1"]["value"] == 425e6


@pytest.mark.parametrize("options", [{}, {"collapse": False}, {"categories": ["ASSAULT"]}])
def test_igraph_reads_it_back(tmp_path, mirror_graph, options):
    igraph = pytest.importorskip("igraph")
    cut = cut_graph(mirror_graph, **options)
    read = igraph.Graph.Read_GraphML(str(graphml_file(tmp_path, mirror_graph, **options)))
    assert read.is_directed()
    assert (read.vcount(), read.ecount()) == (cut.number_of_nodes(), cut.number_of_edges())
    vertices = {v["id"]: v for v in read.vs}
    for node, data in cut.nodes(data=True):
        assert vertices[node]["label"] == data["label"]
        assert vertices[node]["entity_type"] == data["type"]
        assert vertices[node]["degree"] == data["degree"]
    read_edges = sorted((read.vs[e.source]["id"], read.vs[e.target]["id"], e["label"], e["weight"], e["category"]) for e in read.es)
    expected = sorted((s, t, d["predicate"], d["weight"], d["category"]) for s, t, d in cut.edges(data=True))
    assert read_edges == expected
    # a missing value reads as igraph's "no value"
    undated = [e for e in read.es if e["label"] == "mayor of"]
    for edge in undated:
        assert edge["first_date"] == "" and math.isnan(edge["amount"])


@pytest.mark.parametrize("label", SPECIAL_LABELS)
def test_special_characters_survive(tmp_path, mirror_graph, label):
    igraph = pytest.importorskip("igraph")
    path = graphml_file(tmp_path, mirror_graph)
    key = next(n for n, d in mirror_graph.nodes(data=True) if d["label"] == label)
    assert nx.read_graphml(path).nodes[key]["label"] == label
    assert {v["id"]: v["label"] for v in igraph.Graph.Read_GraphML(str(path)).vs}[key] == label


def test_list_values_are_delimited(tmp_path, mirror_graph):
    read = nx.read_graphml(graphml_file(tmp_path, mirror_graph))
    assert read.nodes["russia"]["aliases"] == "Russia|Russian Federation"
    assert read.nodes[ODD.key]["aliases"] == "Ёлка/Co"


def test_empty_graph_and_bad_options(tmp_path):
    read = nx.read_graphml(graphml_file(tmp_path, nx.MultiDiGraph()))
    assert read.number_of_nodes() == 0
    with pytest.raises(InputError):
        write_graphml(nx.MultiDiGraph(), io.BytesIO(), types=["ALIEN"])

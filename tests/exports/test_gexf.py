"""GEXF 1.3 export (graph.exports.gexf): schema validity, Gephi's needs, and what real readers get back.

Readers: lxml + the official RELAX NG schema, networkx's read_gexf, and
graphology-gexf (the parser of Gephi Lite) under Node, installed from the npm
registry into tests/js/node_modules when missing.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import subprocess

import networkx as nx
import pytest
from lxml import etree

from graph.api.exports import cut_options_from_query
from graph.errors import InputError
from graph.exports.cut import cut_graph
from graph.exports.gexf import GEXF_NS, VIZ_NS, write_gexf
from graph.exports.style import CATEGORY_COLORS, TYPE_COLORS, hex_to_rgb
from tests.factories import ODD, ROCKET, SPECIAL_LABELS, gephi_graph
from tests.settings import JS_DIR, SHARED

SCHEMA = SHARED / "gexf-1.3" / "gexf.rng"
G = f"{{{GEXF_NS}}}"
V = f"{{{VIZ_NS}}}"

VARIANTS = {
    "collapsed": {},
    "parallel": {"collapse": False},
    "filtered": {"since": "2024-11-05", "until": "2024-11-06", "categories": ["ASSAULT", "COOPERATE"]},
    "types": {"types": ["GPE", "QUANTITY"], "min_weight": 1},
    "heavy": {"min_weight": 2, "collapse": False},
    "all-statements": {"asserted_only": False},
    "cut-to-nothing": {"since": "2031-01-01"},
}


@pytest.fixture(scope="module")
def schema() -> etree.RelaxNG:
    if not SCHEMA.exists():
        pytest.skip(f"GEXF 1.3 schema not found at {SCHEMA}")
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="module")
def mirror_graph() -> nx.MultiDiGraph:
    return gephi_graph()


def gexf_bytes(g: nx.MultiDiGraph, **options) -> bytes:
    out = io.BytesIO()
    write_gexf(g, out, **options)
    return out.getvalue()


@pytest.fixture(scope="session")
def graphology(tmp_path_factory):
    """parse(path) → what graphology-gexf reads from a GEXF file (as JSON)."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the graphology-gexf checks need Node.js")
    if not (JS_DIR / "node_modules" / "graphology-gexf").is_dir():
        npm = shutil.which("npm")
        assert npm, "node is installed but npm is not: can't install graphology-gexf"
        install = subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=JS_DIR, capture_output=True, text=True, timeout=600)
        assert install.returncode == 0, f"npm ci in {JS_DIR} failed:\n{install.stderr}"

    def parse(data: bytes) -> dict:
        path = tmp_path_factory.mktemp("gexf") / "graph.gexf"
        path.write_bytes(data)
        run = subprocess.run([node, str(JS_DIR / "parse_gexf.js"), str(path)], capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        return json.loads(run.stdout)

    return parse


# -- the schema and the document ----------------------------------------------------


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_every_variant_validates_against_the_gexf_13_schema(schema, mirror_graph, variant):
    document = etree.fromstring(gexf_bytes(mirror_graph, **VARIANTS[variant]))
    assert schema.validate(document), schema.error_log


def test_the_empty_graph_validates(schema):
    document = etree.fromstring(gexf_bytes(nx.MultiDiGraph()))
    assert schema.validate(document), schema.error_log
    assert document.find(f"{G}graph/{G}nodes").get("count") == "0"


def test_the_schema_catches_a_broken_document(schema, mirror_graph):
    document = etree.fromstring(gexf_bytes(mirror_graph))
    document.find(f"{G}graph/{G}nodes/{G}node/{V}color").set("r", "300")
    assert not schema.validate(document)


def test_header_namespaces_and_dynamic_mode(mirror_graph):
    data = gexf_bytes(mirror_graph)
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    root = etree.fromstring(data)
    assert root.tag == f"{G}gexf" and root.get("version") == "1.3"
    assert root.nsmap == {None: GEXF_NS, "viz": VIZ_NS}
    graph = root.find(f"{G}graph")
    assert (graph.get("mode"), graph.get("timeformat"), graph.get("defaultedgetype")) == ("dynamic", "date", "directed")
    # static, typed attributes only: no dynamic attribute blocks
    models = {a.get("class"): a for a in graph.findall(f"{G}attributes")}
    assert {a.get("mode") for a in models.values()} == {"static"}
    types = {a.get("id"): a.get("type") for a in models["node"]}
    assert types["entity_type"] == "string" and types["mentions"] == types["degree"] == "integer"
    assert types["aliases"] == "string"
    edge_types = {a.get("id"): a.get("type") for a in models["edge"]}
    assert edge_types["confidence"] == "double" and edge_types["statements"] == "integer"
    assert edge_types["amount"] == "double" and edge_types["first_date"] == "string"
    assert b"XMLSchema-instance" not in data


def _by_id(root, tag):
    return {el.get("id"): el for el in root.iter(f"{G}{tag}")}


def _values(element) -> dict[str, str]:
    return {v.get("for"): v.get("value") for v in element.iter(f"{G}attvalue")}


def _spells(element) -> list[tuple[str, str]]:
    return [(s.get("start"), s.get("end")) for s in element.iter(f"{G}spell")]


def test_edges_carry_label_kind_weight_spells_and_colour(mirror_graph):
    root = etree.fromstring(gexf_bytes(mirror_graph))
    edge = _by_id(root, "edge")["russia|attacked|kharkiv"]
    assert (edge.get("label"), edge.get("kind"), float(edge.get("weight"))) == ("attacked", "attacked", 3.0)
    assert _spells(edge) == [("2024-11-04", "2024-11-04"), ("2024-11-06", "2024-11-06")]
    values = _values(edge)
    assert values["category"] == "ASSAULT" and values["statements"] == "3"
    assert (values["first_date"], values["last_date"]) == ("2024-11-04", "2024-11-06")
    color = edge.find(f"{V}color")
    assert tuple(int(color.get(c)) for c in "rgb") == hex_to_rgb(CATEGORY_COLORS["ASSAULT"])
    pledge = _by_id(root, "edge")["united-states|pledged|quantity:a1/1"]
    assert float(_values(pledge)["amount"]) == 425e6 and _values(pledge)["currency"] == "USD"
    undated = _by_id(root, "edge")["vitali-klitschko|mayor of|kyiv"]
    assert undated.find(f"{G}spells") is None  # no date: always there


def test_nodes_carry_label_attributes_spells_colour_and_size(mirror_graph):
    root = etree.fromstring(gexf_bytes(mirror_graph))
    cut = cut_graph(mirror_graph)
    nodes = _by_id(root, "node")
    assert set(nodes) == set(cut.nodes)
    russia = nodes["russia"]
    assert russia.get("label") == "Russia"
    values = _values(russia)
    assert values["entity_type"] == "GPE" and values["mentions"] == "3" and values["degree"] == "2"
    assert values["aliases"] == "Russia|Russian Federation"
    assert _spells(russia) == [("2024-11-04", "2024-11-04"), ("2024-11-06", "2024-11-06")]
    color = russia.find(f"{V}color")
    assert tuple(int(color.get(c)) for c in "rgb") == hex_to_rgb(TYPE_COLORS["GPE"])
    assert float(russia.find(f"{V}size").get("value")) == pytest.approx(cut.nodes["russia"]["size"])
    assert _values(nodes[ODD.key])["aliases"] == "Ёлка/Co"  # the delimiter inside a value is replaced


def test_parallel_edges_are_statements_with_kind(mirror_graph):
    root = etree.fromstring(gexf_bytes(mirror_graph, collapse=False))
    edges = _by_id(root, "edge")
    assert {"a1/0", "a2/0", "a2/1"} <= set(edges)
    assert all(e.get("kind") == e.get("label") and e.get("weight") == "1.0" for e in edges.values())
    assert root.find(f"{G}graph/{G}edges").get("count") == str(len(edges)) == "9"


def test_bad_options_raise_before_writing(mirror_graph):
    out = io.BytesIO()
    with pytest.raises(InputError):
        write_gexf(mirror_graph, out, categories=["WAR"])
    assert out.getvalue() == b""


# -- readers --------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["collapsed", "parallel", "filtered"])
def test_networkx_reads_it_back(tmp_path, mirror_graph, variant):
    options = VARIANTS[variant]
    cut = cut_graph(mirror_graph, **options)
    path = tmp_path / "graph.gexf"
    path.write_bytes(gexf_bytes(mirror_graph, **options))
    read = nx.read_gexf(path)
    assert read.number_of_nodes() == cut.number_of_nodes()
    assert read.number_of_edges() == cut.number_of_edges()
    assert read.graph["mode"] == "dynamic"
    for node, data in cut.nodes(data=True):
        assert read.nodes[node]["label"] == data["label"]
        assert read.nodes[node]["entity_type"] == data["type"]
        assert read.nodes[node]["mentions"] == data["mentions"]
        assert read.nodes[node]["viz"]["size"] == pytest.approx(data["size"])
    read_edges = {d["id"]: d for _, _, d in read.edges(data=True)}
    for _, _, key, data in cut.edges(keys=True, data=True):
        edge = read_edges[key]
        assert edge["label"] == data["predicate"]
        assert edge["weight"] == data["weight"] and edge["statements"] == data["statements"]
        assert edge["category"] == data["category"]
        assert edge.get("spells", []) == [(d, d) for d in data["dates"]]


@pytest.mark.parametrize("variant", ["collapsed", "parallel", "types", "cut-to-nothing"])
def test_graphology_gexf_reads_it_back(graphology, mirror_graph, variant):
    options = VARIANTS[variant]
    cut = cut_graph(mirror_graph, **options)
    read = graphology(gexf_bytes(mirror_graph, **options))
    assert read["order"] == cut.number_of_nodes()
    assert read["size"] == cut.number_of_edges()
    for node, data in cut.nodes(data=True):
        attributes = read["nodes"][node]
        assert attributes["label"] == data["label"]
        assert attributes["entity_type"] == data["type"]
        assert attributes["degree"] == data["degree"]
        assert attributes["color"] == "rgb({},{},{})".format(*hex_to_rgb(data["color"]))
        assert attributes["size"] == pytest.approx(data["size"])
    edges = {e["key"]: e for e in read["edges"]}
    for source, target, key, data in cut.edges(keys=True, data=True):
        edge = edges[key]
        assert (edge["source"], edge["target"], edge["directed"]) == (source, target, True)
        assert edge["attributes"]["label"] == edge["attributes"]["kind"] == data["predicate"]
        assert edge["attributes"]["weight"] == data["weight"]
        assert edge["attributes"]["confidence"] == pytest.approx(data["confidence"])
        assert edge["attributes"]["color"] == "rgb({},{},{})".format(*hex_to_rgb(data["color"]))


def test_graphology_keeps_parallel_statements_apart(graphology, mirror_graph):
    read = graphology(gexf_bytes(mirror_graph, collapse=False))
    assert read["multi"] is True
    between = [e for e in read["edges"] if (e["source"], e["target"]) == ("russia", "kharkiv")]
    assert len(between) == 3


@pytest.mark.parametrize("label", SPECIAL_LABELS)
def test_special_characters_survive_every_reader(tmp_path, graphology, mirror_graph, label):
    data = gexf_bytes(mirror_graph)
    key = next(n for n, d in mirror_graph.nodes(data=True) if d["label"] == label)
    path = tmp_path / "graph.gexf"
    path.write_bytes(data)
    assert etree.fromstring(data).xpath("//g:node[@id=$id]/@label", namespaces={"g": GEXF_NS}, id=key) == [label]
    assert nx.read_gexf(path).nodes[key]["label"] == label
    assert graphology(data)["nodes"][key]["label"] == label


def test_special_characters_in_attribute_values_survive(graphology, mirror_graph):
    data = gexf_bytes(mirror_graph)
    read = graphology(data)
    edge = next(e for e in read["edges"] if e["source"] == ROCKET.key)
    assert edge["attributes"]["evidence"] == "🚀 Харків supported Ёлка."
    cooperation = next(e for e in read["edges"] if e["source"] == ODD.key)
    assert cooperation["attributes"]["evidence"] == 'Ёлка & <Co> worked with Kharkiv "officials" 🚀.'


def test_control_characters_in_ids_labels_and_values_are_dropped(tmp_path, schema, graphology):
    g = nx.MultiDiGraph()
    g.add_node("bad\x01key", label="Line\nbreak\x0b and \x1b[0m escape", type="ORG", aliases=["a\x00b"], mentions=1, articles={"x"})
    g.add_node("kyiv", label="Kyiv", type="GPE", aliases=[], mentions=1, articles={"x"})
    g.add_edge(
        "bad\x01key",
        "kyiv",
        key="art\x02/0",
        predicate="vis\x03ited",
        category="CONSULT",
        confidence=0.5,
        date="2024-11-04",
        article="art\x02",
        sentence="said \x0c so",
        polarity="positive",
        modality="asserted",
        asserted=True,
    )
    for options in ({}, {"collapse": False}):
        data = gexf_bytes(g, **options)
        assert schema.validate(etree.fromstring(data)), schema.error_log
        read = graphology(data)
        assert read["nodes"]["badkey"]["label"] == "Line\nbreak and [0m escape"
        assert read["nodes"]["badkey"]["aliases"] == "ab"
        (edge,) = read["edges"]
        assert (edge["source"], edge["attributes"]["label"], edge["attributes"]["evidence"]) == ("badkey", "visited", "said  so")


# -- HTTP query parameters --------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ({}, {"categories": [], "types": []}),
        ({"since": ["2024-11-01"], "category": ["ASSAULT", "aid"]}, {"since": "2024-11-01", "categories": ["ASSAULT", "aid"], "types": []}),
        (
            {"min_weight": ["3"], "collapse": ["false"], "type": ["GPE"]},
            {"min_weight": 3, "collapse": False, "categories": [], "types": ["GPE"]},
        ),
        ({"asserted_only": ["no"]}, {"asserted_only": False, "categories": [], "types": []}),
    ],
)
def test_query_parameters_become_cut_options(query, options):
    assert cut_options_from_query(query) == options


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"min_weight": ["two"]}, "min_weight"),
        ({"collapse": ["maybe"]}, "collapse"),
        ({"since": ["2024-11-01", "2024-11-02"]}, "once"),
        ({"categroy": ["ASSAULT"]}, "unknown parameter"),
    ],
)
def test_bad_query_parameters_are_input_errors(query, message):
    with pytest.raises(InputError, match=message):
        cut_options_from_query(query)


# -- the HTTP routes, on a real server over a real knowledge graph ----------------------


@pytest.fixture(scope="module")
def export_server():
    from graph.api.app import create_app
    from graph.knowledge import KnowledgeGraph
    from tests.factories import gephi_extractions
    from tests.live import LiveServer

    knowledge = KnowledgeGraph.open(None)
    knowledge.ingest(gephi_extractions())
    server = LiveServer(create_app(knowledge))
    server.start()
    server.knowledge = knowledge
    yield server
    server.stop()
    knowledge.close()


def test_http_gexf_export(export_server, schema):
    response = export_server.get("/export/graph.gexf")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/gexf+xml")
    assert "attachment" in response.headers["content-disposition"]
    document = etree.fromstring(response.content)
    assert schema.validate(document), schema.error_log
    expected = cut_graph(export_server.knowledge.mirror.graph)
    assert len(document.findall(f"{G}graph/{G}nodes/{G}node")) == expected.number_of_nodes()
    assert len(document.findall(f"{G}graph/{G}edges/{G}edge")) == expected.number_of_edges() == 7


@pytest.mark.parametrize(
    ("query", "edges"),
    [
        ("collapse=false", 9),
        ("collapse=false&category=ASSAULT", 3),
        ("category=ASSAULT&category=COOPERATE", 2),
        ("since=2024-11-05&until=2024-11-05", 2),
        ("type=GPE&type=QUANTITY", 3),
        ("min_weight=2", 1),
        ("asserted_only=false", 9),
    ],
)
def test_http_cut_options(export_server, query, edges):
    response = export_server.get(f"/export/graph.gexf?{query}")
    assert response.status_code == 200, response.text
    assert len(etree.fromstring(response.content).findall(f"{G}graph/{G}edges/{G}edge")) == edges


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=last-week", "since"),
        ("until=2024-02-30", "until"),
        ("category=WAR", "category"),
        ("type=ALIEN", "type"),
        ("min_weight=0", "min_weight"),
        ("min_weight=lots", "min_weight"),
        ("collapse=perhaps", "collapse"),
        ("colapse=false", "unknown parameter"),
    ],
)
def test_http_bad_parameters_are_400(export_server, query, message):
    for path in ("/export/graph.gexf", "/export/graph.graphml", "/export/graph.csv.zip"):
        response = export_server.get(f"{path}?{query}")
        assert response.status_code == 400
        assert message in response.json()["error"]


def test_http_graphml_and_csv_exports(export_server, tmp_path):
    import zipfile

    response = export_server.get("/export/graph.graphml?collapse=false")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/graphml+xml")
    path = tmp_path / "graph.graphml"
    path.write_bytes(response.content)
    assert nx.read_graphml(path).number_of_edges() == 9
    response = export_server.get("/export/graph.csv.zip?category=ASSAULT")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
        edges = archive.read("edges.csv").decode("utf-8").splitlines()
    assert edges[0].startswith("Source,Target,Type,Id,Label,Weight")
    assert len(edges) == 2  # header + the collapsed attack


def test_http_export_follows_new_articles(export_server):
    from graph.model import Article, ArticleExtraction, Entity, Triple

    before = cut_graph(export_server.knowledge.mirror.graph).number_of_edges()
    triple = Triple(
        subject=Entity("Poland", "GPE", "Poland"),
        predicate="hosted",
        category="COOPERATE",
        object=Entity("Kharkiv", "GPE", "Kharkiv"),
        source="a3.txt",
        article="a3",
        sentence="Poland hosted Kharkiv officials.",
        start=0,
        end=31,
        date="2024-11-08",
    )
    export_server.knowledge.ingest([ArticleExtraction(article=Article("a3", "", "text", "a3.txt"), triples=(triple,))])
    try:
        document = etree.fromstring(export_server.get("/export/graph.gexf").content)
        assert len(document.findall(f"{G}graph/{G}edges/{G}edge")) == before + 1
        assert "poland" in _by_id(document, "node")
    finally:
        export_server.knowledge.remove_article("a3")


# -- the real pipeline on the seed articles -----------------------------------------------


@pytest.mark.slow
def test_seed_articles_export_end_to_end(nlp, seeds_dir, schema, graphology, tmp_path):
    """Seeds → spaCy extraction → store + mirror → GEXF / GraphML / CSV that readers accept."""
    from graph.exports.csv import write_csv
    from graph.exports.graphml import write_graphml
    from graph.ingest import run_ingest
    from graph.knowledge import KnowledgeGraph

    with KnowledgeGraph.open(None) as knowledge:
        run_ingest([seeds_dir], nlp=nlp, sink=knowledge)
        with knowledge.read() as mirror:
            graph = mirror.graph
            cut = cut_graph(graph)
            assert cut.number_of_edges() > 0, "the seeds gave no asserted statement"
            data = gexf_bytes(graph)
            with open(tmp_path / "seeds.graphml", "wb") as out:
                write_graphml(graph, out, collapse=False)
            write_csv(graph, tmp_path / "csv")
            parallel = cut_graph(graph, collapse=False)
    document = etree.fromstring(data)
    assert schema.validate(document), schema.error_log
    read = graphology(data)
    assert (read["order"], read["size"]) == (cut.number_of_nodes(), cut.number_of_edges())
    assert all(attributes["label"].strip() for attributes in read["nodes"].values())
    assert {attributes["entity_type"] for attributes in read["nodes"].values()} <= set(TYPE_COLORS)
    assert sum(len(d["dates"]) for *_, d in cut.edges(data=True)) > 0, "no dated statement: the timeline would be empty"
    assert nx.read_graphml(tmp_path / "seeds.graphml").number_of_edges() == parallel.number_of_edges()
    with open(tmp_path / "csv" / "edges.csv", newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == cut.number_of_edges()


def test_nodes_are_laid_out_by_forceatlas2(mirror_graph):
    from graph.exports.layout import forceatlas2_positions

    root = etree.fromstring(gexf_bytes(mirror_graph))
    nodes = _by_id(root, "node")
    positions = {node_id: node.find(f"{V}position") for node_id, node in nodes.items()}
    assert positions and all(p is not None for p in positions.values())
    points = {(float(p.get("x")), float(p.get("y"))) for p in positions.values()}
    assert len(points) == len(positions)  # no two nodes on top of each other
    assert all(math.isfinite(x) and math.isfinite(y) for x, y in points)
    # the same graph always gets the same layout, and it is the one the layout module computes
    cut = cut_graph(mirror_graph)
    expected = forceatlas2_positions(cut)
    assert {n: (float(p.get("x")), float(p.get("y"))) for n, p in positions.items()} == expected


def test_big_graphs_get_fewer_iterations_and_no_positions_past_the_limit():
    from graph.exports.layout import MAX_ITERATIONS, MAX_NODES, MIN_ITERATIONS, forceatlas2_positions, iterations_for

    assert iterations_for(50) == MAX_ITERATIONS
    assert MIN_ITERATIONS <= iterations_for(2000) < iterations_for(1000) < MAX_ITERATIONS
    big = nx.MultiDiGraph()
    big.add_nodes_from(range(MAX_NODES + 1))
    assert forceatlas2_positions(big) == {}


def test_isolated_nodes_are_left_out_unless_kept(mirror_graph):
    connected = _by_id(etree.fromstring(gexf_bytes(mirror_graph)), "node")
    everything = _by_id(etree.fromstring(gexf_bytes(mirror_graph, keep_isolated=True)), "node")
    assert set(connected) < set(everything)
    assert "nato" in everything and "nato" not in connected

"""Cutting and collapsing the mirror graph (graph.exports.cut)."""

from __future__ import annotations

import copy
import math

import networkx as nx
import pytest

from graph.errors import InputError
from graph.exports.cut import cut_graph
from graph.exports.style import CATEGORY_COLORS, TYPE_COLORS, field_value, node_size, xml_text
from graph.model import CATEGORIES
from tests.factories import ODD, ROCKET, gephi_graph
from tests.settings import ROOT

ASSERTED_STATEMENTS = {"a1/0", "a1/1", "a1/2", "a1/3", "a1/4", "a2/0", "a2/1", "a2/4", "a2/5"}


@pytest.fixture()
def mirror_graph() -> nx.MultiDiGraph:
    return gephi_graph()


def _edges(cut: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict]:
    return {(s, d["predicate"], t): d for s, t, d in cut.edges(data=True)}


def test_collapsed_edges_count_their_statements(mirror_graph):
    cut = cut_graph(mirror_graph)
    edges = _edges(cut)
    assert cut.number_of_edges() == 7
    attacked = edges[("russia", "attacked", "kharkiv")]
    assert attacked["statements"] == 3 and attacked["weight"] == 3.0
    assert attacked["dates"] == ["2024-11-04", "2024-11-06"]
    assert (attacked["first_date"], attacked["last_date"]) == ("2024-11-04", "2024-11-06")
    assert attacked["confidence"] == 0.7  # the highest of 0.6, 0.7, 0.65
    assert attacked["evidence"] == "Russia attacked Kharkiv again."
    assert attacked["articles"] == ["a1", "a2"]
    assert attacked["category"] == "ASSAULT" and attacked["categories"] == ["ASSAULT"]
    assert attacked["label"] == attacked["kind"] == "attacked"
    assert attacked["color"] == CATEGORY_COLORS["ASSAULT"]
    pledge = edges[("united-states", "pledged", "quantity:a1/1")]
    assert (pledge["amount"], pledge["currency"]) == (425e6, "USD")
    mayor = edges[("vitali-klitschko", "mayor of", "kyiv")]
    assert mayor["dates"] == [] and mayor["first_date"] is None
    assert "amount" not in mayor


def test_parallel_mode_keeps_every_asserted_statement(mirror_graph):
    cut = cut_graph(mirror_graph, collapse=False)
    assert {k for _, _, k in cut.edges(keys=True)} == ASSERTED_STATEMENTS
    assert cut.number_of_edges("russia", "kharkiv") == 3
    for _, _, data in cut.edges(data=True):
        assert data["weight"] == 1.0 and data["statements"] == 1
        assert data["kind"] == data["predicate"]
    assert cut.graph["collapsed"] is False


def test_nodes_carry_degree_dates_size_and_colour(mirror_graph):
    cut = cut_graph(mirror_graph)
    russia = cut.nodes["russia"]
    assert russia["label"] == "Russia" and russia["type"] == "GPE"
    assert russia["aliases"] == ["Russia", "Russian Federation"]
    assert russia["degree"] == 2  # attacked Kharkiv, accused by Zelenskyy
    assert russia["statements"] == 4
    assert russia["dates"] == ["2024-11-04", "2024-11-06"]
    assert russia["articles"] == 2
    assert russia["size"] == pytest.approx(4 + 6 * math.log(1 + 3 + 4), abs=1e-3)
    assert russia["color"] == TYPE_COLORS["GPE"]
    assert cut.nodes["kharkiv"]["dates"] == ["2024-11-04", "2024-11-05", "2024-11-06"]
    assert cut.nodes["quantity:a1/1"]["value"] == 425e6 and cut.nodes["quantity:a1/1"]["unit"] == "USD"
    # mentioned but never related: left out, unless asked for
    assert "nato" not in cut
    kept = cut_graph(mirror_graph, keep_isolated=True)
    assert kept.nodes["nato"]["degree"] == 0 and kept.nodes["nato"]["dates"] == []
    assert set(kept) - set(cut) == {n for n in kept if kept.degree(n) == 0} != set()


def test_unasserted_statements_come_only_when_asked(mirror_graph):
    assert not cut_graph(mirror_graph).has_edge("russia", "kyiv")
    cut = cut_graph(mirror_graph, asserted_only=False)
    edges = _edges(cut)
    assert cut.number_of_edges() == 9
    assert edges[("russia", "attacked", "kyiv")]["status"] == "negated"
    assert edges[("russia", "attacked", "odesa")]["status"] == "hypothetical"
    assert edges[("russia", "attacked", "kharkiv")]["status"] == "asserted"


@pytest.mark.parametrize(
    ("options", "nodes", "edges"),
    [
        ({"since": "2024-11-05"}, {"russia", "kharkiv", ODD.key, ROCKET.key}, 3),
        ({"until": "2024-11-04"}, {"russia", "kharkiv", "volodymyr-zelenskyy", "united-states", "quantity:a1/1", "ukraine"}, 4),
        ({"since": "2024-11-05", "until": "2024-11-05"}, {"kharkiv", ODD.key, ROCKET.key}, 2),
        ({"categories": ["assault"]}, {"russia", "kharkiv"}, 1),
        ({"categories": "AID,SUPPORT"}, {"united-states", "quantity:a1/1", "ukraine", ODD.key, ROCKET.key}, 3),
        ({"types": ["GPE"]}, {"russia", "kharkiv", "united-states", "ukraine"}, 2),
        ({"types": ["GPE"], "keep_isolated": True}, {"russia", "kharkiv", "united-states", "ukraine", "kyiv", "odesa"}, 2),
        (
            {"types": ["gpe", "QUANTITY"], "min_weight": 1},
            {"russia", "kharkiv", "united-states", "ukraine", "quantity:a1/1"},
            3,
        ),
        ({"min_weight": 2}, {"russia", "kharkiv"}, 1),
        ({"min_weight": 2, "collapse": False}, {"russia", "kharkiv"}, 3),
        ({"since": "2030-01-01"}, set(), 0),
    ],
)
def test_cut_options(mirror_graph, options, nodes, edges):
    cut = cut_graph(mirror_graph, **options)
    assert set(cut.nodes) == nodes
    assert cut.number_of_edges() == edges


def test_a_date_cut_drops_undated_statements(mirror_graph):
    cut = cut_graph(mirror_graph, since="2024-01-01")
    assert not cut.has_edge("vitali-klitschko", "kyiv")
    assert cut_graph(mirror_graph).has_edge("vitali-klitschko", "kyiv")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"since": "yesterday"}, "since"),
        ({"until": "2024-13-01"}, "until"),
        ({"since": "2024-11-07", "until": "2024-11-01"}, "after"),
        ({"categories": ["NOPE"]}, "category"),
        ({"types": ["ALIEN"]}, "type"),
        ({"min_weight": 0}, "min_weight"),
        ({"min_weight": "many"}, "min_weight"),
    ],
)
def test_bad_options_are_input_errors(mirror_graph, options, message):
    with pytest.raises(InputError, match=message):
        cut_graph(mirror_graph, **options)


def test_the_mirror_is_left_unchanged(mirror_graph):
    before = copy.deepcopy(list(mirror_graph.edges(keys=True, data=True))), copy.deepcopy(dict(mirror_graph.nodes(data=True)))
    cut = cut_graph(mirror_graph, collapse=False)
    cut.nodes["russia"]["aliases"].append("changed")
    after = list(mirror_graph.edges(keys=True, data=True)), dict(mirror_graph.nodes(data=True))
    assert before == after


def test_collapsing_takes_the_largest_amount_and_the_most_frequent_category():
    g = nx.MultiDiGraph()
    g.add_node("us", label="United States", type="GPE", aliases=[], mentions=2, articles={"a", "b", "c"})
    g.add_node("ua", label="Ukraine", type="GPE", aliases=[], mentions=2, articles={"a", "b", "c"})
    for key, amount, category, confidence in (("a/0", 100.0, "AID", 0.4), ("b/0", 425.0, "SUPPORT", 0.9), ("c/0", None, "SUPPORT", 0.5)):
        data = {
            "predicate": "pledged",
            "category": category,
            "confidence": confidence,
            "date": "2024-11-0" + str(len(key)),
            "article": key[0],
            "sentence": key,
            "polarity": "positive",
            "modality": "asserted",
            "asserted": True,
        }
        if amount is not None:
            data.update(amount=amount, currency="USD")
        g.add_edge("us", "ua", key=key, **data)
    (edge,) = [d for _, _, d in cut_graph(g).edges(data=True)]
    assert (edge["amount"], edge["currency"]) == (425.0, "USD")
    assert edge["category"] == "SUPPORT" and edge["categories"] == ["AID", "SUPPORT"]
    assert edge["confidence"] == 0.9 and edge["evidence"] == "b/0"


def test_empty_graph():
    cut = cut_graph(nx.MultiDiGraph())
    assert cut.number_of_nodes() == cut.number_of_edges() == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", "plain"),
        ("bell\x07 and nul\x00", "bell and nul"),
        ("tab\tnewline\n", "tab\tnewline\n"),
        ("Ё & <> 🚀", "Ё & <> 🚀"),
        ("lone surrogate \ud800", "lone surrogate "),
    ],
)
def test_xml_text_keeps_only_xml_characters(text, expected):
    assert xml_text(text) == expected


def test_control_characters_never_reach_the_export(mirror_graph):
    edges = _edges(cut_graph(mirror_graph))
    assert edges[("volodymyr-zelenskyy", "accused", "russia")]["evidence"] == "Zelenskyy accused Russia of terror."


@pytest.mark.parametrize(
    ("data", "attribute", "kind", "expected"),
    [
        ({"aliases": ["Ёлка|Co", "Kharkiv"]}, "aliases", "list", "Ёлка/Co|Kharkiv"),
        ({"aliases": []}, "aliases", "list", ""),
        ({"mentions": 3}, "mentions", "integer", 3),
        ({"amount": 4}, "amount", "double", 4.0),
        ({}, "amount", "double", None),
    ],
)
def test_field_values(data, attribute, kind, expected):
    assert field_value(data, attribute, kind) == expected


@pytest.mark.parametrize(
    ("mentions", "statements", "size"),
    [(0, 0, 4.0), (1, 0, round(4 + 6 * math.log(2), 3)), (3, 1, round(4 + 6 * math.log(5), 3)), (10**6, 10**5, 50.0)],
)
def test_node_size_formula(mentions, statements, size):
    assert node_size(mentions, statements) == size


def test_node_sizes_are_bounded_and_grow():
    sizes = [node_size(n, n) for n in range(0, 5000, 7)]
    assert sizes == sorted(sizes)
    assert min(sizes) == 4.0 and max(sizes) == 50.0


def test_an_undated_statement_takes_its_article_date(mirror_graph):
    g = mirror_graph.copy()
    u, v, k = next((u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if not d.get("date") and d.get("asserted"))
    g.edges[u, v, k]["article_date"] = "2024-11-03"
    cut = cut_graph(g, collapse=False)
    assert cut.edges[u, v, k]["dates"] == ["2024-11-03"]
    assert cut_graph(g, since="2024-11-03", until="2024-11-03").has_edge(u, v)  # a date cut keeps it now
    assert not cut_graph(mirror_graph, since="2024-11-03", until="2024-11-03").has_edge(u, v)


def test_the_documented_palette_is_the_one_used():

    docs = (ROOT / "docs" / "gephi.md").read_text(encoding="utf-8")
    for name, color in {**TYPE_COLORS, **CATEGORY_COLORS}.items():
        assert f"| {name} | `{color}`" in docs, name
    assert set(CATEGORY_COLORS) == set(CATEGORIES)

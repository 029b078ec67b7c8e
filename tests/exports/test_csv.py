"""CSV export (graph.exports.csv): Gephi's spreadsheet layout, read back with the csv module."""

from __future__ import annotations

import csv

import networkx as nx
import pytest

from graph.errors import InputError
from graph.exports.csv import EDGE_HEADER, NODE_HEADER, timeset, write_csv
from graph.exports.cut import cut_graph
from tests.factories import SPECIAL_LABELS, gephi_graph


@pytest.fixture(scope="module")
def mirror_graph() -> nx.MultiDiGraph:
    return gephi_graph()


def read_rows(path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_headers_follow_gephis_spreadsheet_layout():
    assert NODE_HEADER[:2] == ["Id", "Label"]
    assert EDGE_HEADER[:6] == ["Source", "Target", "Type", "Id", "Label", "Weight"]
    assert "entity_type" in NODE_HEADER and "aliases" in NODE_HEADER and "Timeset" in NODE_HEADER
    assert {"category", "confidence", "first_date", "last_date", "statements", "amount", "currency"} <= set(EDGE_HEADER)


@pytest.mark.parametrize("options", [{}, {"collapse": False}, {"until": "2024-11-04"}, {"min_weight": 2}])
def test_rows_match_the_cut_graph(tmp_path, mirror_graph, options):
    paths = write_csv(mirror_graph, tmp_path / "out", **options)
    assert sorted(p.name for p in paths) == ["edges.csv", "nodes.csv"]
    cut = cut_graph(mirror_graph, **options)
    nodes = {row["Id"]: row for row in read_rows(tmp_path / "out" / "nodes.csv")}
    edges = {row["Id"]: row for row in read_rows(tmp_path / "out" / "edges.csv")}
    assert set(nodes) == set(cut.nodes)
    assert set(edges) == {k for _, _, k in cut.edges(keys=True)}
    for node, data in cut.nodes(data=True):
        assert nodes[node]["Label"] == data["label"]
        assert nodes[node]["entity_type"] == data["type"]
        assert int(nodes[node]["mentions"]) == data["mentions"]
    for source, target, key, data in cut.edges(keys=True, data=True):
        row = edges[key]
        assert (row["Source"], row["Target"], row["Type"]) == (source, target, "Directed")
        assert row["Label"] == data["predicate"] and float(row["Weight"]) == data["weight"]
        assert row["Timeset"] == timeset(data["dates"])


def test_dates_are_gephi_interval_sets(tmp_path, mirror_graph):
    write_csv(mirror_graph, tmp_path)
    edges = {row["Id"]: row for row in read_rows(tmp_path / "edges.csv")}
    attack = edges["russia|attacked|kharkiv"]
    assert attack["Timeset"] == "<[2024-11-04, 2024-11-04]; [2024-11-06, 2024-11-06]>"
    assert (attack["first_date"], attack["last_date"], attack["statements"]) == ("2024-11-04", "2024-11-06", "3")
    assert edges["vitali-klitschko|mayor of|kyiv"]["Timeset"] == ""
    pledge = edges["united-states|pledged|quantity:a1/1"]
    assert (float(pledge["amount"]), pledge["currency"]) == (425e6, "USD")


@pytest.mark.parametrize("label", SPECIAL_LABELS)
def test_special_characters_survive(tmp_path, mirror_graph, label):
    write_csv(mirror_graph, tmp_path)
    assert label in {row["Label"] for row in read_rows(tmp_path / "nodes.csv")}


@pytest.mark.parametrize(("dates", "expected"), [([], ""), (["2024-11-04"], "<[2024-11-04, 2024-11-04]>")])
def test_timeset(dates, expected):
    assert timeset(dates) == expected


def test_unwritable_directory_is_an_input_error(tmp_path, mirror_graph):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(InputError, match="can't write"):
        write_csv(mirror_graph, blocker / "sub")


def test_empty_graph_writes_headers_only(tmp_path):
    write_csv(nx.MultiDiGraph(), tmp_path)
    assert (tmp_path / "nodes.csv").read_text(encoding="utf-8").splitlines() == [",".join(NODE_HEADER)]
    assert read_rows(tmp_path / "edges.csv") == []

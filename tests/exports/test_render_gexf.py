"""tools/render_gexf.py draws an exported GEXF from the file alone: its positions, sizes and colours."""

from __future__ import annotations

import importlib.util
import io
import re
import sys

import pytest

from graph.exports.gexf import write_gexf
from graph.exports.style import TYPE_COLORS
from tests.factories import gephi_graph
from tests.settings import ROOT


@pytest.fixture(scope="module")
def render():
    spec = importlib.util.spec_from_file_location("render_gexf", ROOT / "tools" / "render_gexf.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    path = tmp_path_factory.mktemp("gexf") / "graph.gexf"
    out = io.BytesIO()
    write_gexf(gephi_graph(), out)
    path.write_bytes(out.getvalue())
    return path


def test_the_file_is_read_with_its_viz_attributes(render, exported):
    graph = gephi_graph()
    nodes, edges = render.read_gexf(exported)
    assert len(edges) > 0 and {n.id for n in nodes} <= set(graph.nodes)
    for node in nodes:
        assert node.color.lower() == TYPE_COLORS[node.kind].lower()
        assert 0 < node.size <= 50
    assert len({(n.x, n.y) for n in nodes}) == len(nodes)  # laid out, not all at the origin


def test_the_svg_draws_every_node_and_edge_and_the_legend(render, exported):
    nodes, edges = render.read_gexf(exported)
    svg = render.to_svg(nodes, edges, "caption")
    discs = re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="[\d.]+" fill="#[0-9a-f]{6}"/>', svg)
    assert len(discs) == len(nodes) + len({n.kind for n in nodes})  # the nodes, then one legend disc per type
    assert svg.count("<line ") == len(edges)
    assert "caption" in svg


def test_positions_keep_their_layout_with_y_up_as_in_gephi(render):
    north = render.Node("n", "North", "GPE", x=0.0, y=10.0, size=1.0, color="#111111")
    south = render.Node("s", "South", "GPE", x=0.0, y=-10.0, size=1.0, color="#222222")
    east = render.Node("e", "East", "GPE", x=10.0, y=0.0, size=1.0, color="#333333")
    svg = render.to_svg([north, south, east], [render.Edge("n", "s", 1.0, "#444444")], "")

    def centre(color):
        x, y = re.search(rf'<circle cx="([\d.]+)" cy="([\d.]+)" r="[\d.]+" fill="{color}"/>', svg).groups()
        return float(x), float(y)

    (nx_, ny), (sx, sy), (ex, ey) = centre("#111111"), centre("#222222"), centre("#333333")
    assert ny < ey < sy  # north at the top of the picture
    assert nx_ == pytest.approx(sx) and ex > nx_
    assert sy - ny == pytest.approx(2 * (ex - nx_), rel=0.01)  # one scale for both axes


def test_a_file_without_positions_is_refused(render, tmp_path):
    path = tmp_path / "flat.gexf"
    path.write_text('<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph><nodes><node id="a" label="A"/></nodes><edges/></graph></gexf>')
    with pytest.raises(ValueError, match="no viz:position"):
        render.read_gexf(path)

"""GEXF 1.3 export for Gephi and Gephi Lite.

``write_gexf(g, out, **cut_options)`` cuts the mirror graph with
``graph.exports.cut.cut_graph`` (same options) and streams a GEXF 1.3 document
that validates against the official RELAX NG schema:

* ``<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz"
  version="1.3">``; the graph is ``defaultedgetype="directed" mode="dynamic"
  timeformat="date"``.
* Typed, static attributes (``style.NODE_FIELDS`` / ``EDGE_FIELDS``); each
  attribute's id is its title, so every reader (Gephi, graphology, networkx) names
  it the same. Lists are one ``|``-delimited string (``style.LIST_DELIMITER``).
* Node ``label`` = the entity's label; edge ``label`` and ``kind`` = the predicate;
  edge ``weight`` = the number of supporting statements.
* ``viz:color`` (r, g, b) by entity type / category and ``viz:size`` by importance,
  as documented in ``graph.exports.style``; ``viz:position`` from a ForceAtlas2
  layout (``graph.exports.layout``), so the graph opens laid out.
* Time: one ``<spell start=d end=d>`` per distinct date of a node or edge, so
  Gephi's timeline plays the news day by day. Every edge is dated (a statement
  without a date of its own takes its article's date).

networkx's own writer is not used: it declares a wrong XML-Schema-instance
namespace for 1.3, turns list attributes into time series and adds dynamic
attribute blocks that other readers reject.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, BinaryIO

import networkx as nx
from lxml import etree

from graph.exports.cut import cut_graph
from graph.exports.layout import forceatlas2_positions
from graph.exports.style import EDGE_FIELDS, NODE_FIELDS, field_value, hex_to_rgb

GEXF_NS = "http://gexf.net/1.3"
VIZ_NS = "http://gexf.net/1.3/viz"

_GEXF_TYPES = {"integer": "integer", "double": "double", "string": "string", "list": "string", "date": "string"}


def _gexf(tag: str) -> str:
    return f"{{{GEXF_NS}}}{tag}"


def _viz(tag: str) -> str:
    return f"{{{VIZ_NS}}}{tag}"


def write_gexf(g: nx.MultiDiGraph, out: BinaryIO, **cut_options: Any) -> nx.MultiDiGraph:
    """Write mirror graph ``g``, cut by ``cut_options``, to ``out`` as GEXF 1.3.

    Returns the cut graph that was written (handy for counts). Raises InputError
    for bad cut options before anything is written.
    """
    cut = cut_graph(g, **cut_options)
    write_cut_gexf(cut, out)
    return cut


def write_cut_gexf(cut: nx.MultiDiGraph, out: BinaryIO) -> None:
    """Serialise an already cut graph (the output of ``cut_graph``) as GEXF 1.3."""
    collapsed = bool(cut.graph.get("collapsed", True))
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(_gexf("gexf"), nsmap={None: GEXF_NS, "viz": VIZ_NS}, attrib={"version": "1.3"}):
            xf.write("\n")
            with xf.element(_gexf("meta"), attrib={"lastmodifieddate": dt.date.today().isoformat()}):
                _leaf(xf, _gexf("creator"), text="newsgraph")
                description = "News actors and their relations; " + (
                    "one edge per subject-predicate-object, weight = supporting statements"
                    if collapsed
                    else "one edge per extracted statement"
                )
                _leaf(xf, _gexf("description"), text=description)
            xf.write("\n")
            graph_attrib = {"defaultedgetype": "directed", "mode": "dynamic", "timeformat": "date"}
            with xf.element(_gexf("graph"), attrib=graph_attrib):
                xf.write("\n")
                _write_attribute_model(xf, "node", NODE_FIELDS)
                _write_attribute_model(xf, "edge", EDGE_FIELDS)
                positions = forceatlas2_positions(cut)
                with xf.element(_gexf("nodes"), attrib={"count": str(cut.number_of_nodes())}):
                    xf.write("\n")
                    for node, data in cut.nodes(data=True):
                        _write_node(xf, node, data, positions.get(node))
                xf.write("\n")
                with xf.element(_gexf("edges"), attrib={"count": str(cut.number_of_edges())}):
                    xf.write("\n")
                    for source, target, key, data in cut.edges(keys=True, data=True):
                        _write_edge(xf, source, target, key, data)
                xf.write("\n")
            xf.write("\n")


def _leaf(xf: Any, tag: str, attrib: Mapping[str, str] | None = None, text: str | None = None) -> None:
    with xf.element(tag, attrib=dict(attrib or {})):
        if text:
            xf.write(text)


def _write_attribute_model(xf: Any, cls: str, fields: tuple[tuple[str, str, str], ...]) -> None:
    with xf.element(_gexf("attributes"), attrib={"class": cls, "mode": "static"}):
        for name, _, kind in fields:
            _leaf(xf, _gexf("attribute"), {"id": name, "title": name, "type": _GEXF_TYPES[kind]})
    xf.write("\n")


def _write_values(xf: Any, data: Mapping[str, Any], fields: tuple[tuple[str, str, str], ...]) -> None:
    values = [(name, field_value(data, attribute, kind)) for name, attribute, kind in fields]
    values = [(name, value) for name, value in values if value is not None]
    if not values:
        return
    tag = _gexf("attvalue")
    with xf.element(_gexf("attvalues")):
        for name, value in values:
            with xf.element(tag, {"for": name, "value": _lexical(value)}):
                pass


def _lexical(value: str | int | float | None) -> str:
    if isinstance(value, float):
        return repr(value) if value != int(value) or abs(value) >= 1e16 else f"{value:.1f}"
    return str(value)


def _write_spells(xf: Any, dates: list[str]) -> None:
    if not dates:
        return
    tag = _gexf("spell")
    with xf.element(_gexf("spells")):
        for day in dates:
            with xf.element(tag, {"start": day, "end": day}):
                pass


def _write_color(xf: Any, color: str) -> None:
    r, g, b = hex_to_rgb(color)
    _leaf(xf, _viz("color"), {"r": str(r), "g": str(g), "b": str(b)})


def _write_node(xf: Any, node: str, data: Mapping[str, Any], position: tuple[float, float] | None) -> None:
    with xf.element(_gexf("node"), attrib={"id": str(node), "label": data["label"]}):
        _write_values(xf, data, NODE_FIELDS)
        _write_spells(xf, data["dates"])
        _write_color(xf, data["color"])
        if position is not None:
            _leaf(xf, _viz("position"), {"x": _lexical(float(position[0])), "y": _lexical(float(position[1])), "z": "0.0"})
        _leaf(xf, _viz("size"), {"value": _lexical(float(data["size"]))})
    xf.write("\n")


def _write_edge(xf: Any, source: str, target: str, key: str, data: Mapping[str, Any]) -> None:
    attrib = {
        "id": str(key),
        "source": str(source),
        "target": str(target),
        "label": data["label"],
        "kind": data["kind"],
        "weight": _lexical(float(data["weight"])),
    }
    with xf.element(_gexf("edge"), attrib=attrib):
        _write_values(xf, data, EDGE_FIELDS)
        _write_spells(xf, data["dates"])
        _write_color(xf, data["color"])
    xf.write("\n")

"""GraphML export for Cytoscape, yEd, igraph and Gephi.

``write_graphml(g, out, **cut_options)`` cuts the mirror graph with
``graph.exports.cut.cut_graph`` (same options as the GEXF export) and writes
GraphML with typed keys (``attr.type`` long / double / string, key id = name):

* nodes: ``label``, the columns of ``style.NODE_FIELDS`` (``entity_type``,
  ``mentions``, ``degree``, ``aliases`` as one ``|``-delimited string, ...),
  ``color`` (``#RRGGBB``, by entity type) and ``size`` (by importance);
* edges (id = the export edge id): ``label`` and ``predicate`` (the relation),
  ``weight`` (supporting statements), the columns of ``style.EDGE_FIELDS``
  and ``color`` (by category).

GraphML has no timeline; an element's dates are in ``dates`` (``|``-delimited ISO
dates) and ``first_date`` / ``last_date``. An element with no value for a column
simply has no ``<data>`` for it.
"""

from __future__ import annotations

from typing import Any, BinaryIO

import networkx as nx

from graph.exports.cut import cut_graph
from graph.exports.style import EDGE_FIELDS, NODE_FIELDS, field_value


def write_graphml(g: nx.MultiDiGraph, out: BinaryIO, **cut_options: Any) -> nx.MultiDiGraph:
    """Write mirror graph ``g``, cut by ``cut_options``, to ``out`` as GraphML.

    Returns the cut graph that was written. Raises InputError for bad options.
    """
    cut = cut_graph(g, **cut_options)
    write_cut_graphml(cut, out)
    return cut


def graphml_graph(cut: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The cut graph with scalar, typed attributes only, as GraphML writes them."""
    plain = nx.MultiDiGraph()
    for node, data in cut.nodes(data=True):
        attributes: dict[str, Any] = {"label": data["label"]}
        attributes.update(_columns(data, NODE_FIELDS))
        attributes["color"] = data["color"]
        attributes["size"] = float(data["size"])
        plain.add_node(str(node), **attributes)
    for source, target, key, data in cut.edges(keys=True, data=True):
        attributes = {"label": data["label"], "predicate": data["predicate"], "weight": float(data["weight"])}
        attributes.update(_columns(data, EDGE_FIELDS))
        attributes["color"] = data["color"]
        plain.add_edge(str(source), str(target), key=str(key), **attributes)
    return plain


def write_cut_graphml(cut: nx.MultiDiGraph, out: BinaryIO) -> None:
    """Serialise an already cut graph (the output of ``cut_graph``) as GraphML."""
    nx.write_graphml_lxml(graphml_graph(cut), out, encoding="utf-8", prettyprint=True, named_key_ids=True)


def _columns(data: dict[str, Any], fields: tuple[tuple[str, str, str], ...]) -> dict[str, Any]:
    columns = {}
    for name, attribute, kind in fields:
        value = field_value(data, attribute, kind)
        if value is not None:
            columns[name] = value
    return columns

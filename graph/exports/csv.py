"""CSV export in Gephi's spreadsheet import layout (nodes.csv + edges.csv).

``write_csv(g, directory, **cut_options)`` cuts the mirror graph with
``graph.exports.cut.cut_graph`` (same options as the GEXF export) and writes two
UTF-8 CSV files, comma-separated, RFC 4180 quoting, for Gephi's Data Laboratory
→ Import Spreadsheet (and any spreadsheet program):

* ``nodes.csv``: ``Id``, ``Label``, ``Timeset``, then the columns of
  ``style.NODE_FIELDS`` (``entity_type``, ``mentions``, ``degree``, ...),
  ``color`` (``#RRGGBB``) and ``size``;
* ``edges.csv``: ``Source``, ``Target``, ``Type`` (always ``Directed``), ``Id``,
  ``Label`` (the predicate), ``Weight`` (supporting statements), ``Kind``
  (the predicate, Gephi's edge type), ``Timeset``, then the columns of
  ``style.EDGE_FIELDS`` and ``color``.

``Timeset`` is Gephi's interval set, one closed day interval per date:
``<[2024-11-04, 2024-11-04]; [2024-11-07, 2024-11-07]>`` (empty when the element
has no date). Lists are ``|``-delimited strings.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import networkx as nx

from graph.errors import InputError
from graph.exports.cut import cut_graph
from graph.exports.style import EDGE_FIELDS, NODE_FIELDS, field_value

NODE_HEADER = ["Id", "Label", "Timeset"] + [name for name, _, _ in NODE_FIELDS] + ["color", "size"]
EDGE_HEADER = ["Source", "Target", "Type", "Id", "Label", "Weight", "Kind", "Timeset"] + [name for name, _, _ in EDGE_FIELDS] + ["color"]


def write_csv(g: nx.MultiDiGraph, directory: str | Path, **cut_options: Any) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` of mirror graph ``g``, cut by
    ``cut_options``, into ``directory`` (created if missing). Returns the paths.

    Raises InputError for bad options or a directory that can't be written.
    """
    cut = cut_graph(g, **cut_options)
    directory = Path(directory)
    files = write_cut_csv_files(cut)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for name, payload in files.items():
            path = directory / name
            path.write_bytes(payload)
            paths.append(path)
    except OSError as error:
        raise InputError(f"can't write the CSV files into {directory}: {error.strerror or error}") from error
    return paths


def write_cut_csv_files(cut: nx.MultiDiGraph) -> dict[str, bytes]:
    """``{"nodes.csv": ..., "edges.csv": ...}`` of an already cut graph."""
    nodes = _table(NODE_HEADER, (_node_row(node, data) for node, data in cut.nodes(data=True)))
    edges = _table(EDGE_HEADER, (_edge_row(s, t, k, d) for s, t, k, d in cut.edges(keys=True, data=True)))
    return {"nodes.csv": nodes, "edges.csv": edges}


def timeset(dates: list[str]) -> str:
    """Gephi's interval set of a list of ISO dates (one closed interval per day)."""
    if not dates:
        return ""
    return "<" + "; ".join(f"[{day}, {day}]" for day in dates) + ">"


def _table(header: list[str], rows: Any) -> bytes:
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return text.getvalue().encode("utf-8")


def _cells(data: dict[str, Any], fields: tuple[tuple[str, str, str], ...]) -> list[Any]:
    row = []
    for _, attribute, kind in fields:
        value = field_value(data, attribute, kind)
        row.append("" if value is None else value)
    return row


def _node_row(node: str, data: dict[str, Any]) -> list[Any]:
    return [node, data["label"], timeset(data["dates"])] + _cells(data, NODE_FIELDS) + [data["color"], data["size"]]


def _edge_row(source: str, target: str, key: str, data: dict[str, Any]) -> list[Any]:
    head = [source, target, "Directed", key, data["label"], data["weight"], data["kind"], timeset(data["dates"])]
    return head + _cells(data, EDGE_FIELDS) + [data["color"]]

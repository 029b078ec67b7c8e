"""Node positions for the exports: a ForceAtlas2 layout (networkx), so a GEXF opens readable in Gephi.

``forceatlas2_positions(cut)`` lays out the cut graph (undirected, edges
weighted by their statements) and returns node → (x, y), spread so that
nodes of Gephi's sizes (``graph.exports.style.node_size``) have room. networkx's
ForceAtlas2 compares every pair of nodes, so its iterations shrink as the
graph grows, and above ``MAX_NODES`` no position is computed (Gephi's own
layout takes over).
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

#: Graphs with more nodes get no positions (the layout's memory and time grow with the square of the nodes).
MAX_NODES = 3000
#: Iterations for small graphs; fewer for big ones (pairs × iterations stays under ``PAIR_BUDGET``).
MAX_ITERATIONS = 100
MIN_ITERATIONS = 10
PAIR_BUDGET = 4e7
#: The same graph always gets the same positions.
SEED = 7
#: Half the width of the laid-out graph, per square root of its nodes.
HALF_WIDTH_PER_ROOT_NODE = 60.0


def iterations_for(nodes: int) -> int:
    """How many ForceAtlas2 iterations a graph of ``nodes`` nodes gets."""
    if nodes <= 1:
        return 0
    return int(max(MIN_ITERATIONS, min(MAX_ITERATIONS, PAIR_BUDGET / (nodes * nodes))))


def forceatlas2_positions(cut: nx.MultiDiGraph) -> dict[Any, tuple[float, float]]:
    """node → (x, y), centred on the origin; empty above ``MAX_NODES`` nodes."""
    count = cut.number_of_nodes()
    if count == 0 or count > MAX_NODES:
        return {}
    if count == 1:
        return {next(iter(cut.nodes)): (0.0, 0.0)}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(cut.nodes, key=str))
    for source, target, data in cut.edges(data=True):
        if source != target:
            weight = float(data.get("statements") or 1)
            previous = simple.get_edge_data(source, target, default={"weight": 0.0})["weight"]
            simple.add_edge(source, target, weight=previous + weight)
    layout = nx.forceatlas2_layout(
        simple,
        max_iter=iterations_for(count),
        weight="weight",
        scaling_ratio=2.0,
        gravity=1.0,
        seed=SEED,
    )
    # Gephi's node sizes run up to 50: spread the layout so the nodes have room (half-width 60 · √nodes).
    extent = max((max(abs(float(x)), abs(float(y))) for x, y in layout.values()), default=0.0) or 1.0
    scale = HALF_WIDTH_PER_ROOT_NODE * math.sqrt(count) / extent
    return {node: (round(float(x) * scale, 2), round(float(y) * scale, 2)) for node, (x, y) in layout.items()}

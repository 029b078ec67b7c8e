"""The neighbourhood of an entity: nodes and edges up to a depth, ready for a graph view.

A breadth-first walk over both directions of the mirror from one entity,
following only statements the filter accepts. It stops at a node budget and
an edge budget (and says so), so a walk from a hub stays small. Edges are the
accepted statements between two nodes of the result that the walk crossed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from graph.api.graphql.view import QUANTITY, Snapshot


@dataclass
class Neighbourhood:
    """Node keys with their distance from the centre, statement refs, and whether a budget cut it."""

    distances: dict[str, int] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)
    truncated: bool = False


def neighbourhood(
    snapshot: Snapshot,
    centre: str,
    *,
    depth: int,
    accepts: Callable[[dict], bool] | None,
    max_nodes: int,
    max_edges: int,
    quantities: bool = False,
) -> Neighbourhood:
    graph = snapshot.graph
    nodes = graph.nodes
    result = Neighbourhood(distances={centre: 0})
    seen_edges: set[str] = set()
    frontier = [centre]
    for distance in range(1, depth + 1):
        next_frontier: list[str] = []
        for node in frontier:
            for u, v, k, data in _incident(graph, node):
                if k in seen_edges or (accepts is not None and not accepts(data)):
                    continue
                other = v if u == node else u
                if not quantities and nodes[other].get("type") == QUANTITY:
                    continue
                if other not in result.distances:
                    if len(result.distances) >= max_nodes:
                        result.truncated = True
                        continue
                    result.distances[other] = distance
                    next_frontier.append(other)
                if len(result.edges) >= max_edges:
                    result.truncated = True
                    return result
                seen_edges.add(k)
                result.edges.append((u, v, k))
        frontier = next_frontier
    return result


def _incident(graph, node: str):
    yield from graph.out_edges(node, keys=True, data=True)
    for u, v, k, data in graph.in_edges(node, keys=True, data=True):
        if u != v:
            yield u, v, k, data

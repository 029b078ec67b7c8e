"""Shortest chains of statements between two entities.

The search runs on networkx's undirected view of the mirror (a statement links
its two ends whichever way it points), without quantity nodes, and only
through statements the filter accepts. It is a bidirectional breadth-first
search that keeps every predecessor, so it finds all shortest paths while
touching only the neighbourhoods of the two ends, not the whole component.
"""

from __future__ import annotations

from itertools import islice
from typing import Callable, Iterator

import networkx as nx

from graph.graphql.view import QUANTITY, Snapshot

EdgeTest = Callable[[dict], bool]


def undirected_view(snapshot: Snapshot, accepts: EdgeTest | None = None) -> nx.Graph:
    """The mirror as an undirected multigraph view: no quantities, only accepted statements."""
    graph = snapshot.graph
    nodes = graph.nodes

    def keep_node(key: str) -> bool:
        return nodes[key].get("type") != QUANTITY

    view = graph.to_undirected(as_view=True)
    if accepts is None:
        return nx.subgraph_view(view, filter_node=keep_node)

    def keep_edge(u: str, v: str, k: str) -> bool:
        data = graph._succ[u].get(v, {}).get(k)
        if data is None:
            data = graph._succ[v][u][k]
        return accepts(data)

    return nx.subgraph_view(view, filter_node=keep_node, filter_edge=keep_edge)


def shortest_paths(view: nx.Graph, source: str, target: str, *, max_length: int, limit: int) -> list[list[str]]:
    """Up to ``limit`` shortest node chains from ``source`` to ``target`` of at most ``max_length`` hops."""
    if source == target:
        return [[source]]
    meeting = _meet(view, source, target, max_length)
    if meeting is None:
        return []
    middles, forward, backward = meeting
    return list(islice(_chains(middles, forward, backward), limit))


def _meet(view: nx.Graph, source: str, target: str, max_length: int):
    """Grow both search trees until they meet; the meeting nodes and both predecessor maps."""
    forward: dict[str, list[str]] = {source: []}
    backward: dict[str, list[str]] = {target: []}
    front, back = [source], [target]
    depth = 0
    adjacency = view.adj
    while front and back and depth < max_length:
        depth += 1
        # expand the side whose frontier is cheaper to walk
        grow_forward = sum(len(adjacency[n]) for n in front) <= sum(len(adjacency[n]) for n in back)
        if grow_forward:
            front, met = _layer(adjacency, front, forward, backward)
        else:
            back, met = _layer(adjacency, back, backward, forward)
        if met:
            return sorted(met), forward, backward
    return None


def _layer(adjacency, frontier: list[str], seen: dict[str, list[str]], other: dict[str, list[str]]):
    """Expand one layer; returns the new frontier and the nodes the other side already holds."""
    fresh: dict[str, list[str]] = {}
    for node in frontier:
        for neighbour in adjacency[node]:
            if neighbour in seen:
                continue
            fresh.setdefault(neighbour, []).append(node)
    seen.update(fresh)
    met = [n for n in fresh if n in other]
    return list(fresh), met


def _chains(middles: list[str], forward: dict[str, list[str]], backward: dict[str, list[str]]) -> Iterator[list[str]]:
    for middle in middles:
        for head in _walk(middle, forward):
            for tail in _walk(middle, backward):
                yield head[::-1] + tail[1:]


def _walk(node: str, predecessors: dict[str, list[str]]) -> Iterator[list[str]]:
    """Every chain from ``node`` back to the root of a predecessor map (node first)."""
    parents = predecessors[node]
    if not parents:
        yield [node]
        return
    for parent in sorted(parents):
        for rest in _walk(parent, predecessors):
            yield [node, *rest]


def hop_statements(snapshot: Snapshot, a: str, b: str, accepts: EdgeTest | None = None) -> list[tuple[str, str, str]]:
    """The statements linking ``a`` and ``b`` in either direction, in statement order."""
    refs = snapshot.between(a, b) + (snapshot.between(b, a) if a != b else [])
    refs.sort()
    succ = snapshot.graph._succ
    return [ref for _, ref in refs if accepts is None or accepts(succ[ref[0]][ref[1]][ref[2]])]

"""Shortest chains of statements between two entities.

The search treats the mirror (a networkx MultiDiGraph) as undirected: a
statement links its two ends whichever way it points. Quantity nodes are not
crossed, and only statements the filter accepts count. It is a bidirectional
breadth-first search over the graph's successor and predecessor maps that
keeps every predecessor, so it finds all shortest paths while touching only
the neighbourhoods of the two ends, never the whole component.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice

from graph.api.graphql.view import QUANTITY, Snapshot

EdgeTest = Callable[[dict], bool]


def neighbours(snapshot: Snapshot, node: str, accepts: EdgeTest | None = None) -> Iterator[str]:
    """Entities one accepted statement away from ``node``, either direction, each once."""
    graph = snapshot.graph
    nodes = graph._node
    succ, pred = graph._succ[node], graph._pred[node]
    for other, keyed in succ.items():
        if nodes[other].get("type") == QUANTITY:
            continue
        if accepts is None or any(accepts(data) for data in keyed.values()):
            yield other
    for other, keyed in pred.items():
        if other in succ and (accepts is None or any(accepts(data) for data in succ[other].values())):
            continue  # already given through an accepted outgoing statement
        if nodes[other].get("type") == QUANTITY:
            continue
        if accepts is None or any(accepts(data) for data in keyed.values()):
            yield other


def shortest_paths(
    snapshot: Snapshot, source: str, target: str, *, max_length: int, limit: int, accepts: EdgeTest | None = None
) -> list[list[str]]:
    """Up to ``limit`` shortest node chains from ``source`` to ``target`` of at most ``max_length`` hops."""
    if source == target:
        return [[source]]
    meeting = _meet(snapshot, source, target, max_length, accepts)
    if meeting is None:
        return []
    middles, forward, backward = meeting
    return list(islice(_chains(middles, forward, backward), limit))


def _meet(snapshot: Snapshot, source: str, target: str, max_length: int, accepts: EdgeTest | None):
    """Grow both search trees a layer at a time until they meet; the meeting nodes and both trees."""
    graph = snapshot.graph
    forward: dict[str, list[str]] = {source: []}
    backward: dict[str, list[str]] = {target: []}
    front, back = [source], [target]
    length = 0

    def cost(frontier: list[str]) -> int:
        return sum(len(graph._succ[n]) + len(graph._pred[n]) for n in frontier)

    while front and back and length < max_length:
        length += 1
        if cost(front) <= cost(back):  # expand the side that is cheaper to walk
            front, met = _layer(snapshot, front, forward, backward, accepts)
        else:
            back, met = _layer(snapshot, back, backward, forward, accepts)
        if met:
            return sorted(met), forward, backward
    return None


def _layer(snapshot: Snapshot, frontier: list[str], seen: dict[str, list[str]], other: dict[str, list[str]], accepts):
    """Expand one layer; the new frontier and the new nodes the other side already reached."""
    fresh: dict[str, list[str]] = {}
    for node in frontier:
        for neighbour in neighbours(snapshot, node, accepts):
            if neighbour in seen:
                continue
            parents = fresh.get(neighbour)
            if parents is None:
                fresh[neighbour] = [node]
            else:
                parents.append(node)
    seen.update(fresh)
    return list(fresh), [n for n in fresh if n in other]


def _chains(middles: list[str], forward: dict[str, list[str]], backward: dict[str, list[str]]) -> Iterator[list[str]]:
    for middle in middles:
        for head in _walk(middle, forward):
            for tail in _walk(middle, backward):
                yield head[::-1] + tail[1:]


def _walk(node: str, predecessors: dict[str, list[str]]) -> Iterator[list[str]]:
    """Every chain from ``node`` back to the root of a predecessor tree (node first)."""
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

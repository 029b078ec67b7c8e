"""Entity search over the name index: hits as (-score, key), best first, memoized per version."""

from __future__ import annotations

from graph.api.graphql.names import match_score, normalize_name
from graph.api.graphql.view import Snapshot

#: Distinct searches remembered per graph version (paging through one is then cheap).
MEMO_SIZE = 256


def entity_hits(snapshot: Snapshot, search: str | None, entity_type: str | None) -> list[tuple[float, str]]:
    """Sorted (-score, key) pairs of the entities matching ``search`` and ``entity_type``.

    Without a search every entity scores 1 and the order is by key.
    """
    query = normalize_name(search) if search else None
    return snapshot.cached("search", (query, entity_type), lambda: _hits(snapshot, query, entity_type), size=MEMO_SIZE)


def _hits(snapshot: Snapshot, query: str | None, entity_type: str | None) -> list[tuple[float, str]]:
    nodes = snapshot.graph.nodes
    if query is None:
        keys = snapshot.entity_order()
        hits = [(-1.0, k) for k in keys if entity_type is None or nodes[k].get("type") == entity_type]
    else:
        best: dict[str, float] = {}
        for name, bearers in snapshot.name_entries():
            score = match_score(query, name)
            if score <= 0.0:
                continue
            for key in bearers:
                if score > best.get(key, 0.0):
                    best[key] = score
        hits = sorted((-score, key) for key, score in best.items() if entity_type is None or nodes[key].get("type") == entity_type)
    return hits

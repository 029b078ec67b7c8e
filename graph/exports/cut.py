"""Cut and collapse the mirror graph into the graph newsgraph exports.

``cut_graph`` takes the networkx MultiDiGraph of ``graph.mirror`` (one edge per
extracted statement) and returns a new MultiDiGraph that the GEXF, GraphML and
CSV writers serialise as is. It never changes the mirror.

Cutting
    * ``since`` / ``until`` (ISO dates, inclusive) keep statements dated inside the
      range; a statement without a date is dropped as soon as either bound is given.
    * ``categories`` keeps statements of those categories; ``types`` keeps nodes of
      those entity types (``QUANTITY`` included) and the edges between them.
    * ``min_weight`` keeps subject–predicate–object groups backed by at least that
      many statements (in both modes).
    * ``asserted_only`` (default) keeps statements stated as facts, the ones that
      also appear as direct RDF triples. With ``asserted_only=False`` negated and
      hypothetical statements come too, kept apart by the edge attribute ``status``
      (``asserted`` / ``negated`` / ``hypothetical``).
    * Entities with no remaining edge are left out, unless ``keep_isolated``
      (``--keep-isolated``) keeps them (those of the ``types`` asked for).
    * A statement without a date of its own is dated by its article, so every
      edge has a date (for the cut by date and for Gephi's timeline).

Collapsing (the default)
    One edge per subject–predicate–object (and status): ``statements`` and
    ``weight`` = number of supporting statements; ``first_date`` / ``last_date`` and
    ``dates`` (every distinct date, one spell each); ``category`` = the most frequent
    category (ties: first in ``graph.model.CATEGORIES``), ``categories`` = all of
    them; ``confidence`` = the **highest** confidence of a supporting statement;
    ``amount`` / ``currency`` = the largest amount a supporting statement reports
    (repeated reports of one pledge must not add up); ``articles`` = the source
    articles; ``evidence`` = the sentence of the most confident statement.
    With ``collapse=False`` every statement is its own parallel edge (id = the
    statement id, weight 1). In both modes ``kind`` = the predicate, so Gephi keeps
    different relations between the same two actors apart.

Nodes carry ``label``, ``type``, ``aliases`` (list), ``mentions`` (as counted by the
mirror, over all articles), ``articles`` (number of articles), ``degree`` (edges
in the cut graph, in + out), ``statements`` (supporting statements of those edges),
``dates`` / ``first_date`` / ``last_date`` (from their edges), and for quantities
``value`` and ``unit``.

Colours, sizes and the exported columns are in ``graph.exports.style``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from graph.errors import InputError
from graph.exports.style import CATEGORY_COLORS, TYPE_COLORS, UNKNOWN_COLOR, node_size, xml_text
from graph.model import CATEGORIES, ENTITY_TYPES

#: Node types the ``types`` option accepts.
EXPORT_TYPES: tuple[str, ...] = ENTITY_TYPES + ("QUANTITY",)

STATUSES: tuple[str, ...] = ("asserted", "negated", "hypothetical")


def parse_day(value: str | dt.date | None, *, option: str = "date") -> dt.date | None:
    """An ISO date (``YYYY-MM-DD``), a date or None; anything else is an InputError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InputError(f"{option}: {value!r} is not a date; use YYYY-MM-DD") from None


def cut_graph(
    g: nx.MultiDiGraph,
    *,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    categories: Iterable[str] = (),
    min_weight: int = 1,
    types: Iterable[str] = (),
    collapse: bool = True,
    asserted_only: bool = True,
    keep_isolated: bool = False,
) -> nx.MultiDiGraph:
    """The export graph of mirror graph ``g``: cut, collapsed or not, styled.

    Raises InputError for an option value that can't be used (bad date, unknown
    category or type, minimum weight below 1, ``since`` after ``until``).
    """
    first = parse_day(since, option="since")
    last = parse_day(until, option="until")
    if first and last and first > last:
        raise InputError(f"since ({first}) is after until ({last})")
    wanted_categories = _closed_set(categories, CATEGORIES, "category")
    wanted_types = _closed_set(types, EXPORT_TYPES, "type")
    try:
        min_weight = int(min_weight)
    except (TypeError, ValueError):
        raise InputError(f"min_weight: {min_weight!r} is not a whole number") from None
    if min_weight < 1:
        raise InputError(f"min_weight must be at least 1, got {min_weight}")

    def keep_node(key: str) -> bool:
        return not wanted_types or _node_type(g.nodes[key]) in wanted_types

    groups: dict[tuple[str, str, str, str], list[tuple[str, dict[str, Any]]]] = {}
    for source, target, key, data in g.edges(keys=True, data=True):
        status = _status(data)
        if asserted_only and status != "asserted":
            continue
        day = _iso_day(data.get("date")) or _iso_day(data.get("article_date"))
        if (first or last) and day is None:
            continue
        if first and day is not None and day < first.isoformat():
            continue
        if last and day is not None and day > last.isoformat():
            continue
        if wanted_categories and str(data.get("category") or "OTHER").upper() not in wanted_categories:
            continue
        if not (keep_node(source) and keep_node(target)):
            continue
        predicate = xml_text(data.get("predicate") or "related to")
        groups.setdefault((source, predicate, target, status), []).append((str(key), data))

    out = nx.MultiDiGraph(collapsed=bool(collapse), asserted_only=bool(asserted_only))
    kept = {
        group: statements
        for group, statements in sorted(groups.items(), key=lambda item: tuple(map(str, item[0])))
        if len(statements) >= min_weight
    }
    endpoints = {n for (s, _, o, _) in kept for n in (s, o)}
    ids = {key: xml_text(key) for key in g.nodes}  # node ids as XML writes them
    for key in sorted(g.nodes, key=str):
        if keep_node(key) and (key in endpoints or keep_isolated):
            out.add_node(ids[key], **_node_attributes(ids[key], g.nodes[key]))

    used_ids: set[str] = set()
    for (source, predicate, target, status), statements in kept.items():
        s, t = ids[source], ids[target]
        if collapse:
            edge_id = _unique(f"{s}|{predicate}|{t}" + ("" if status == "asserted" else f"|{status}"), used_ids)
            out.add_edge(s, t, key=edge_id, **_collapsed_edge(predicate, status, statements))
        else:
            for statement_id, data in sorted(statements, key=lambda item: item[0]):
                edge_id = _unique(statement_id, used_ids)
                out.add_edge(s, t, key=edge_id, **_collapsed_edge(predicate, status, [(statement_id, data)]))

    _finish_nodes(out)
    return out


def _closed_set(values: Iterable[str] | str | None, allowed: tuple[str, ...], option: str) -> frozenset[str]:
    if values is None:
        return frozenset()
    if isinstance(values, str):
        values = [values]
    chosen = set()
    for value in values:
        for part in str(value).split(","):
            name = part.strip().upper()
            if not name:
                continue
            if name not in allowed:
                raise InputError(f"{option}: unknown value {part.strip()!r}; expected one of {', '.join(allowed)}")
            chosen.add(name)
    return frozenset(chosen)


def _node_type(data: Mapping[str, Any]) -> str:
    return str(data.get("type") or "OTHER").upper()


def _status(data: Mapping[str, Any]) -> str:
    if data.get("polarity") == "negative":
        return "negated"
    if data.get("modality") == "hypothetical":
        return "hypothetical"
    if data.get("asserted") is False:
        return "negated"
    return "asserted"


def _iso_day(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()[:10]
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def _unique(candidate: str, used: set[str]) -> str:
    candidate = xml_text(candidate)
    edge_id, n = candidate, 1
    while edge_id in used:
        n += 1
        edge_id = f"{candidate}#{n}"
    used.add(edge_id)
    return edge_id


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _node_attributes(key: str, data: Mapping[str, Any]) -> dict[str, Any]:
    node_type = _node_type(data)
    aliases = data.get("aliases") or ()
    if isinstance(aliases, str):
        aliases = [aliases]
    articles = data.get("articles") or ()
    attributes: dict[str, Any] = {
        "label": xml_text(data.get("label") or key),
        "type": node_type,
        "aliases": sorted({xml_text(a) for a in aliases if str(a).strip()}),
        "mentions": int(data.get("mentions") or 0),
        "articles": len(articles) if not isinstance(articles, (int, str)) else int(bool(articles)),
        "color": TYPE_COLORS.get(node_type, UNKNOWN_COLOR),
    }
    value = _number(data.get("value"))
    if value is not None:
        attributes["value"] = value
    if data.get("unit"):
        attributes["unit"] = xml_text(data["unit"])
    return attributes


def _amount(data: Mapping[str, Any]) -> tuple[float | None, str | None]:
    qualifiers = data.get("qualifiers") or {}
    amount = _number(data.get("amount"))
    currency = data.get("currency")
    if amount is None and isinstance(qualifiers, Mapping):
        amount = _number(qualifiers.get("amount"))
        currency = currency or qualifiers.get("currency")
    return amount, (xml_text(currency) if currency and amount is not None else None)


def _collapsed_edge(predicate: str, status: str, statements: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The attributes of one export edge backed by ``statements`` (one or more)."""
    dates = sorted({d for d in (_iso_day(data.get("date")) or _iso_day(data.get("article_date")) for _, data in statements) if d})
    counts = Counter(str(data.get("category") or "OTHER").upper() for _, data in statements)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    category = min(counts, key=lambda c: (-counts[c], order.get(c, len(order)), c))
    confidences = [(_number(data.get("confidence")) or 0.0, sid, data) for sid, data in statements]
    best_confidence, _, best = max(confidences, key=lambda item: (item[0], item[1]))
    amounts = [(a, c) for a, c in (_amount(data) for _, data in statements) if a is not None]
    attributes: dict[str, Any] = {
        "label": predicate,
        "predicate": predicate,
        "kind": predicate,
        "status": status,
        "category": category,
        "categories": sorted(counts, key=lambda c: (order.get(c, len(order)), c)),
        "confidence": round(best_confidence, 4),
        "statements": len(statements),
        "weight": float(len(statements)),
        "dates": dates,
        "first_date": dates[0] if dates else None,
        "last_date": dates[-1] if dates else None,
        "articles": sorted({xml_text(data.get("article") or "") for _, data in statements} - {""}),
        "evidence": xml_text(best.get("sentence") or ""),
        "color": CATEGORY_COLORS.get(category, UNKNOWN_COLOR),
    }
    if amounts:
        attributes["amount"], attributes["currency"] = max(amounts, key=lambda item: item[0])
    return attributes


def _finish_nodes(out: nx.MultiDiGraph) -> None:
    """Degree, statements, dates and size of every node of the cut graph."""
    for node, data in out.nodes(data=True):
        dates: set[str] = set()
        statements = 0
        degree = 0
        for _, _, edge in _incident(out, node):
            degree += 1
            statements += edge["statements"]
            dates.update(edge["dates"])
        ordered = sorted(dates)
        data["degree"] = degree
        data["statements"] = statements
        data["dates"] = ordered
        data["first_date"] = ordered[0] if ordered else None
        data["last_date"] = ordered[-1] if ordered else None
        data["size"] = node_size(data["mentions"], statements)


def _incident(g: nx.MultiDiGraph, node: str):
    yield from g.out_edges(node, data=True)
    # a self-loop is one edge: count it once
    yield from ((s, t, d) for s, t, d in g.in_edges(node, data=True) if s != node)

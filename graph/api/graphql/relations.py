"""Which statements a relations question selects, in keyset order.

Every list starts from an index instead of the whole graph: the incident
statements of one entity (its in- and out-edges), the statements between two
entities, or those of one article; only a question with no anchor at all walks
the version's global statement order. Filters are checked while scanning, and
the scan stops as soon as the page is full.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from graph.api.graphql.cursors import Page, page_scan, page_sorted
from graph.api.graphql.view import Incidence, Snapshot

OUT, IN, BOTH = "OUT", "IN", "BOTH"


@dataclass(frozen=True)
class RelationFilter:
    """Conditions on a statement's attributes (None = no condition)."""

    predicate: str | None = None
    categories: frozenset[str] | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    article: str | None = None
    min_confidence: float | None = None
    asserted_only: bool = False

    def accepts(self, data: dict[str, Any]) -> bool:
        if self.categories is not None and data.get("category") not in self.categories:
            return False
        if self.predicate is not None and str(data.get("predicate", "")).casefold() != self.predicate.casefold():
            return False
        if self.article is not None and data.get("article") != self.article:
            return False
        if self.asserted_only and not data.get("asserted"):
            return False
        if self.min_confidence is not None and float(data.get("confidence") or 0.0) < self.min_confidence:
            return False
        if self.since is not None or self.until is not None:
            date = str(data.get("date") or "")[:10]
            if not date:
                return False
            if self.since is not None and date < self.since.isoformat():
                return False
            if self.until is not None and date > self.until.isoformat():
                return False
        return True


def _keep(snapshot: Snapshot, rule: RelationFilter, direction: str = BOTH, anchor: str | None = None):
    succ = snapshot.graph._succ

    def keep(ref: tuple[str, str, str]) -> bool:
        u, v, k = ref
        if direction == OUT and u != anchor:
            return False
        if direction == IN and v != anchor:
            return False
        return rule.accepts(succ[u][v][k])

    return keep


def candidates(
    snapshot: Snapshot,
    *,
    subject: str | None = None,
    object: str | None = None,
    anchor: str | None = None,
    direction: str = BOTH,
    article: str | None = None,
) -> list[Incidence]:
    """The smallest sorted index that holds every statement the question can select."""
    if subject is not None and object is not None:
        return snapshot.between(subject, object)
    if subject is not None:
        return snapshot.incident(subject)
    if object is not None:
        return snapshot.incident(object)
    if anchor is not None:
        return snapshot.incident(anchor)
    if article is not None:
        return snapshot.by_article().get(article, [])
    return snapshot.all_statements()


@dataclass(frozen=True)
class Ends:
    """Where a relations question starts: a subject and/or an object, or an anchor (``direction``)."""

    subject: str | None = None
    object: str | None = None
    anchor: str | None = None
    direction: str = BOTH


def select(snapshot: Snapshot, rule: RelationFilter, ends: Ends, *, after: tuple | None, first: int) -> Page[tuple[str, str, str]]:
    """One page of the statements the question selects, in statement order."""
    keyed, keep = _matching(snapshot, rule, ends)
    return page_sorted(keyed, after=after, first=first, keep=keep)


def count(snapshot: Snapshot, rule: RelationFilter, ends: Ends) -> int:
    keyed, keep = _matching(snapshot, rule, ends)
    return sum(1 for _, ref in keyed if keep(ref))


def _matching(snapshot: Snapshot, rule: RelationFilter, ends: Ends) -> tuple[list[Incidence], Callable[[tuple[str, str, str]], bool]]:
    """The smallest index holding the selected statements, and the test each must pass."""
    keyed = candidates(
        snapshot, subject=ends.subject, object=ends.object, anchor=ends.anchor, direction=ends.direction, article=rule.article
    )
    return keyed, _selector(snapshot, rule, ends.subject, ends.object, ends.anchor, ends.direction)


def _selector(snapshot: Snapshot, rule: RelationFilter, subject, object, anchor, direction):
    by_attrs = _keep(snapshot, rule, direction, anchor)
    if subject is None and object is None:
        return by_attrs

    def keep(ref: tuple[str, str, str]) -> bool:
        if subject is not None and ref[0] != subject:
            return False
        if object is not None and ref[1] != object:
            return False
        return by_attrs(ref)

    return keep


# -- timelines --------------------------------------------------------------------


def timeline_order(snapshot: Snapshot, anchor: str) -> list[Incidence]:
    """The incident statements of ``anchor`` by (date, statement order); undated last."""

    def build() -> list[Incidence]:
        succ = snapshot.graph._succ
        return sorted(((_date_key(succ[u][v][k].get("date")), *order), (u, v, k)) for order, (u, v, k) in snapshot.incident(anchor))

    return snapshot.cached("timeline", anchor, build)


def timeline(
    snapshot: Snapshot,
    anchor: str,
    rule: RelationFilter,
    *,
    direction: str = BOTH,
    after: tuple | None,
    first: int,
    newest_first: bool = False,
) -> Page[tuple[str, str, str]]:
    keyed = timeline_order(snapshot, anchor)
    keep = _keep(snapshot, rule, direction, anchor)
    if not newest_first:
        return page_sorted(keyed, after=after, first=first, keep=keep)
    end = len(keyed) if after is None else bisect_left(keyed, after, key=lambda pair: pair[0])
    return page_scan(_backwards(keyed, end), first=first, keep=keep, has_previous=end < len(keyed))


def _backwards(items: list[Incidence], end: int) -> Iterator[Incidence]:
    for index in range(end - 1, -1, -1):
        yield items[index]


def _date_key(value: Any) -> str:
    """Dated statements sort by ISO date; undated ones after every date."""
    text = str(value or "")[:10]
    return text if text else "~"
